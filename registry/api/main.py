"""The API object: version 1, its routers, its errors, its rate limits and its schema."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from . import problems, public, signed_in
from .auth import AnonymousThrottle, SignedInThrottle

DESCRIPTION = _(
    "Read-only data of the registry of the Basel and Stockholm conventions' regional centres. "
    "Public operations need no sign-in; the others take the browser's session or a personal "
    "API token (“Authorization: Bearer <token>”, created on the account page). Lists are pages "
    "in a stable order: follow `next`. Lists send an `ETag`: send it back in `If-None-Match` "
    "to get a 304 while nothing changed. Errors are problem details (RFC 9457)."
)


class RegistryAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The generated schema, with errors served as `application/problem+json`."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if str(status).startswith("4") and "application/json" in content:
                        content[problems.PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


api = RegistryAPI(
    title="Regional centres registry API",
    version="1",
    description=str(DESCRIPTION),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    throttle=[SignedInThrottle(), AnonymousThrottle()],
)
problems.install(api)
api.add_router("/", public.router)
api.add_router("/", signed_in.router)

"""Errors in RFC 9457 problem-details form (`application/problem+json`), never a 500 page."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("Bad request"),
    401: _("Not signed in"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    429: _("Too many requests"),
    500: _("Server error"),
}
NOT_AUTHENTICATED = _(
    "Sign in, or send a valid API token in the header “Authorization: Bearer <token>”."
)
NOT_FOUND = _("There is no such record, or it is not yours to see.")
BAD_QUERY = _("Some of the parameters are not valid.")
THROTTLED = _("Too many requests: wait a moment and try again.")


class Problem(Schema):
    """A problem detail (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict] | None = None


class BadRequest(ValueError):
    """Input the API refuses with a 400 and this message."""


def problem(status, detail, *, errors=None, headers=None):
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status, TITLES[400])),
        "status": status,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _validation_errors(errors):
    """The validation errors as plain JSON: where, and what was wrong."""
    return [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in errors
    ]


def install(api):
    """Answer every error of `api` as a problem detail."""

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return problem(400, BAD_QUERY, errors=_validation_errors(exc.errors))

    @api.exception_handler(BadRequest)
    def bad_request(request, exc):
        return problem(400, str(exc))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return problem(401, NOT_AUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(404, NOT_FOUND)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return problem(429, THROTTLED)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return problem(exc.status_code, exc.message)


def problem_responses(*statuses):
    """The `response=` entries of an operation for these error statuses."""
    return dict.fromkeys(statuses, Problem)

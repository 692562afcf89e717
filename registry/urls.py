from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from centres import views as centres_views

from . import views
from .api import account as api_account

# The admin's sign-in goes through the accounts flow, with staff two-factor authentication.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Regional centres registry: administration")
admin.site.site_title = _("Regional centres registry")
admin.site.index_title = _("Records of the Secretariat")

handler500 = "registry.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The language menu: Django's set_language, keeping a signed-in user's choice on the account.
    path("i18n/setlang/", centres_views.language_set, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/api-tokens/", api_account.tokens, name="api_tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", api_account.revoke, name="api_token_revoke"),
    path("accounts/", include("allauth.urls")),
    path("portal/centres/", include("centres.urls")),
    path("portal/", include("submissions.portal.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("dashboard/", include("registry.dashboard.urls", namespace="dashboard")),
    path("secretariat/", include("registry.secretariat.urls", namespace="secretariat")),
    path("calendar/", include("registry.calendar_urls", namespace="calendar")),
    path("api/v1/", include("registry.api.urls")),
    path("", include("registry.directory.urls", namespace="directory")),
]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from django.core.checks import register

        from . import checks

        register(checks.time_zone_check, checks.TAG)
        register(checks.due_soon_days_check, checks.TAG)
        register(checks.media_root_check, checks.TAG)
        register(checks.database_check, checks.TAG, deploy=True)

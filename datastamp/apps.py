from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataStampConfig(AppConfig):
    name = "datastamp"
    verbose_name = _("Data stamp")
    default_auto_field = "django.db.models.BigAutoField"

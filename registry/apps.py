from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The apps whose records the dashboards count: every write to them bumps the data stamp.
STAMPED_APPS = ("centres", "submissions")
# The deadline engine's bookkeeping, which no cached answer reads; bumping on each of its
# (many, concurrent) writes would only serialise the reminder workers on the stamp's row.
UNSTAMPED_MODELS = {"DataStamp", "DeadlineCheck", "ReminderStep", "EmailLog", "Digest"}


def _bump_on_write(sender, **kwargs):
    from datastamp.stamp import stamp_bump

    stamp_bump()


def _bump_on_m2m(sender, action, **kwargs):
    if action.startswith("post_"):
        _bump_on_write(sender)


def stamped_models(apps):
    """The models whose writes bump the data stamp (historical records left out)."""
    for label in STAMPED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__ in UNSTAMPED_MODELS or hasattr(model, "instance_type"):
                continue  # simple-history's records have `instance_type`
            yield model


def connect_stamp(apps):
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in stamped_models(apps):
        uid = f"data-stamp:{model._meta.label}"
        post_save.connect(_bump_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(_bump_on_write, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _bump_on_m2m, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
            )


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from django.apps import apps
        from django.core.checks import register

        from . import checks

        register(checks.time_zone_check, checks.TAG)
        register(checks.due_soon_days_check, checks.TAG)
        register(checks.media_root_check, checks.TAG)
        register(checks.database_check, checks.TAG, deploy=True)
        register(checks.proxy_check, checks.TAG, deploy=True)
        connect_stamp(apps)

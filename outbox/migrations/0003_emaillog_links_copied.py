"""Copy each email's links to submissions' rows to the generic ones, without loss:
obligation or digest -> (content type, object id); reminder step or digest -> once_key.

Kept apart from 0002 and 0004 so that on PostgreSQL no schema change shares a transaction with
these row updates (pending foreign-key triggers would refuse it).
"""

from django.db import migrations, models
from django.db.models.functions import Cast, Concat, Substr

# The same keys as submissions.reminders writes for new emails.
STEP_PREFIX = "reminderstep:"
DIGEST_PREFIX = "digest:"


def _content_type(apps, db, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.using(db).get_or_create(app_label="submissions", model=model)[0]


def links_copy(apps, schema_editor):
    db = schema_editor.connection.alias
    emails = apps.get_model("outbox", "EmailLog").objects.using(db)
    emails.filter(obligation__isnull=False).update(
        content_type=_content_type(apps, db, "obligation"), object_id=models.F("obligation_id"))
    emails.filter(digest__isnull=False).update(
        content_type=_content_type(apps, db, "digest"), object_id=models.F("digest_id"),
        once_key=Concat(models.Value(DIGEST_PREFIX), Cast("digest_id", models.CharField())))
    emails.filter(step__isnull=False).update(
        once_key=Concat(models.Value(STEP_PREFIX), Cast("step_id", models.CharField())))


def links_restore(apps, schema_editor):
    db = schema_editor.connection.alias
    emails = apps.get_model("outbox", "EmailLog").objects.using(db)
    emails.filter(content_type=_content_type(apps, db, "obligation")).update(
        obligation_id=models.F("object_id"))
    emails.filter(content_type=_content_type(apps, db, "digest")).update(
        digest_id=models.F("object_id"))
    emails.filter(once_key__startswith=STEP_PREFIX).update(step_id=Cast(
        Substr("once_key", len(STEP_PREFIX) + 1), models.BigIntegerField()))


class Migration(migrations.Migration):

    dependencies = [
        ("outbox", "0002_generic_target_and_resends"),
    ]

    operations = [
        migrations.RunPython(links_copy, links_restore),
    ]

"""Take over submissions' EmailLog, table and rows, as it was (state only).

The links to submissions' rows are kept here for one step only, so that 0003 can copy them to
generic ones before 0004 drops them; this is why these migrations depend on submissions'.
"""

import django.db.models.deletion
from django.db import migrations, models

OLD_KINDS = [
    ("reminder", "Reminder"), ("overdue", "Overdue reminder"), ("escalation", "Escalation"),
    ("late_flag", "Late flag"), ("digest", "Weekly digest"), ("receipt", "Receipt"),
    ("review", "Review result"), ("extension", "Extension"),
]
STATUSES = [
    ("queued", "Queued"), ("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed"),
    ("cancelled", "Not sent: no longer due"),
]


def content_type_moves(apps, schema_editor):
    """Keep the model's permissions and admin history: its content type changes app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="outbox", model="emaillog").exists():
        ContentType.objects.using(db).filter(app_label="submissions", model="emaillog").update(
            app_label="outbox")


def content_type_returns(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="submissions",
                                                model="emaillog").exists():
        ContentType.objects.using(db).filter(app_label="outbox", model="emaillog").update(
            app_label="submissions")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("submissions", "0006_emaillog_moves_to_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="EmailLog",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=OLD_KINDS, max_length=20,
                                                  verbose_name="kind")),
                        ("recipient", models.EmailField(max_length=254,
                                                        verbose_name="recipient")),
                        ("cc", models.TextField(blank=True, help_text="Comma-separated.",
                                                verbose_name="copied to")),
                        ("language", models.CharField(default="en", max_length=8,
                                                      verbose_name="language")),
                        ("status", models.CharField(choices=STATUSES, default="queued",
                                                    max_length=10, verbose_name="status")),
                        ("attempts", models.PositiveSmallIntegerField(
                            default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("subject", models.CharField(blank=True, max_length=255,
                                                     verbose_name="subject")),
                        ("body", models.TextField(blank=True, verbose_name="text")),
                        ("html", models.TextField(blank=True, db_default="",
                                                  verbose_name="HTML")),
                        ("created_at", models.DateTimeField(verbose_name="created at")),
                        ("next_attempt_at", models.DateTimeField(
                            blank=True, null=True, verbose_name="next attempt at")),
                        ("claimed_until", models.DateTimeField(
                            blank=True, null=True, verbose_name="claimed until")),
                        ("sent_at", models.DateTimeField(blank=True, null=True,
                                                         verbose_name="sent at")),
                        ("digest", models.ForeignKey(
                            blank=True, null=True, related_name="+",
                            on_delete=django.db.models.deletion.CASCADE,
                            to="submissions.digest", verbose_name="digest")),
                        ("obligation", models.ForeignKey(
                            blank=True, null=True, related_name="+",
                            on_delete=django.db.models.deletion.CASCADE,
                            to="submissions.obligation", verbose_name="obligation")),
                        ("step", models.ForeignKey(
                            blank=True, null=True, related_name="+",
                            on_delete=django.db.models.deletion.CASCADE,
                            to="submissions.reminderstep", verbose_name="step")),
                    ],
                    options={
                        "verbose_name": "email",
                        "verbose_name_plural": "emails",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "submissions_emaillog",
                        "indexes": [
                            models.Index(condition=models.Q(("status__in", ["queued", "sending"])),
                                         fields=["status", "next_attempt_at"],
                                         name="emaillog_pending"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("step__isnull", False)),
                                fields=("step", "recipient"),
                                name="emaillog_once_per_step_recipient"),
                            models.UniqueConstraint(
                                condition=models.Q(("digest__isnull", False)),
                                fields=("digest", "recipient"),
                                name="emaillog_once_per_digest_recipient"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_moves, content_type_returns),
    ]

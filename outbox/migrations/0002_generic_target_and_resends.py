import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("outbox", "0001_emaillog_from_submissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="emaillog",
            name="content_type",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="contenttypes.contenttype",
                                    verbose_name="about (type)"),
        ),
        migrations.AddField(
            model_name="emaillog",
            name="object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="about (id)"),
        ),
        migrations.AddField(
            model_name="emaillog",
            name="once_key",
            field=models.CharField(blank=True, default="", max_length=100,
                                   help_text="With the recipient, unique: the ledger entry this "
                                             "email was sent for.",
                                   verbose_name="sent once per"),
        ),
        migrations.AddField(
            model_name="emaillog",
            name="keep_content",
            field=models.BooleanField(default=True,
                                      help_text="Off for emails holding a one-time link: their "
                                                "text is erased once sent.",
                                      verbose_name="text kept after sending"),
        ),
        migrations.AddField(
            model_name="emaillog",
            name="resent_from",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="resends", to="outbox.emaillog",
                                    verbose_name="resent from"),
        ),
        migrations.AlterField(
            model_name="emaillog",
            name="kind",
            field=models.CharField(choices=[
                ("reminder", "Reminder"), ("overdue", "Overdue reminder"),
                ("escalation", "Escalation"), ("late_flag", "Late flag"),
                ("digest", "Weekly digest"), ("receipt", "Receipt"),
                ("review", "Review result"), ("extension", "Extension"),
                ("invitation", "Invitation"),
                ("account", "Account (sign-in, password, address)"),
            ], max_length=20, verbose_name="kind"),
        ),
        migrations.AddIndex(
            model_name="emaillog",
            index=models.Index(fields=["content_type", "object_id"], name="emaillog_target"),
        ),
    ]

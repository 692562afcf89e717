from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("outbox", "0003_emaillog_links_copied"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="emaillog",
                                    name="emaillog_once_per_step_recipient"),
        migrations.RemoveConstraint(model_name="emaillog",
                                    name="emaillog_once_per_digest_recipient"),
        migrations.RemoveField(model_name="emaillog", name="digest"),
        migrations.RemoveField(model_name="emaillog", name="obligation"),
        migrations.RemoveField(model_name="emaillog", name="step"),
        migrations.AddConstraint(
            model_name="emaillog",
            constraint=models.UniqueConstraint(condition=models.Q(("once_key", ""), _negated=True),
                                               fields=("once_key", "recipient"),
                                               name="emaillog_once_per_key_recipient"),
        ),
    ]

"""Take over the stamp's table from `centres` (state only: the table and its row stay)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The table is created (with its row) by the migration that first made it.
        ("centres", "0003_datastamp"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataStamp",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("version", models.BigIntegerField(default=0, verbose_name="version")),
                        ("token", models.CharField(max_length=32, verbose_name="token")),
                        ("changed_at", models.DateTimeField(auto_now=True,
                                                            verbose_name="changed at")),
                    ],
                    options={
                        "db_table": "centres_datastamp",
                        "verbose_name": "data stamp",
                        "verbose_name_plural": "data stamps",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

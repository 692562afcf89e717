"""The data stamp moved to the `datastamp` app: forget it here (state only; the table stays)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("centres", "0003_datastamp"),
        ("datastamp", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DataStamp")],
            database_operations=[],
        ),
    ]

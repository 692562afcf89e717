"""EmailLog moves to the `outbox` app: gone from this app's state, its table and rows untouched
(outbox.0001 takes them over, outbox.0003 copies its links to generic ones)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("submissions", "0005_first_received_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="EmailLog")],
            database_operations=[],
        ),
    ]

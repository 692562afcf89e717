"""PostgreSQL's unaccent, for the public directory's accent-insensitive search."""

from django.db import migrations


def create_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_api_tokens")]

    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop, elidable=True)]

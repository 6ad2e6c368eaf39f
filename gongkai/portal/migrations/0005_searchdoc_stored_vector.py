"""PostgreSQL: the search vector stored in a generated, GIN-indexed column (see search/backends.py,
STORED_VECTOR); adding the column fills it for every document. Nothing changes on SQLite (FTS5)."""

from django.db import migrations

from gongkai.portal.search.backends import store_vector, unstore_vector


def forwards(apps, schema_editor):
    store_vector(schema_editor)


def backwards(apps, schema_editor):
    unstore_vector(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_rate_count"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""Each search document carries its item's expiry (search.engine._hits reads no item row)."""

from django.db import migrations, models

# Only the documents of items that expire; the others stay NULL (never expires).
FILL = """
UPDATE portal_searchdoc SET expires_at = (
    SELECT i.expires_at FROM disclosure_item i WHERE i.id = portal_searchdoc.item_id
) WHERE item_id IN (SELECT id FROM disclosure_item WHERE expires_at IS NOT NULL)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0005_item_state_published_index"),
        ("portal", "0005_searchdoc_stored_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdoc",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]

"""CaseEvent takes the one event shape (gongkai.audit.models.Event): kind → verb, note → reason,
from_status / to_status → before / after. Existing rows are converted, both ways."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    CaseEvent = apps.get_model("applications", "CaseEvent")
    batch = []
    for e in CaseEvent.objects.all().iterator(chunk_size=2000):
        e.before = {"status": e.from_status} if e.from_status else {}
        e.after = {"status": e.to_status} if e.to_status else {}
        batch.append(e)
        if len(batch) == 2000:
            CaseEvent.objects.bulk_update(batch, ["before", "after"])
            batch = []
    CaseEvent.objects.bulk_update(batch, ["before", "after"])


def backwards(apps, schema_editor):
    CaseEvent = apps.get_model("applications", "CaseEvent")
    for e in CaseEvent.objects.all().iterator(chunk_size=2000):
        e.from_status, e.to_status = (e.before or {}).get("status", ""), (e.after or {}).get("status", "")
        e.save(update_fields=["from_status", "to_status"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_private_attachments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField("caseevent", "before", models.JSONField(blank=True, default=dict, verbose_name="变更前")),
        migrations.AddField("caseevent", "after", models.JSONField(blank=True, default=dict, verbose_name="变更后")),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("caseevent", "from_status"),
        migrations.RemoveField("caseevent", "to_status"),
        migrations.RenameField("caseevent", "kind", "verb"),
        migrations.RenameField("caseevent", "note", "reason"),
        migrations.AlterField("caseevent", "verb", models.CharField(max_length=40, verbose_name="操作")),
        migrations.AlterField(
            "caseevent", "actor",
            models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                              to=settings.AUTH_USER_MODEL, verbose_name="操作人"),
        ),
        migrations.AlterField(
            "caseevent", "at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")
        ),
    ]

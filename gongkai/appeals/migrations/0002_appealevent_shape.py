"""AppealEvent takes the one event shape (gongkai.audit.models.Event): kind → verb, note → reason,
data → before / after (an edit's {field: [old, new]} splits in two). Existing rows are converted,
both ways."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    AppealEvent = apps.get_model("appeals", "AppealEvent")
    for e in AppealEvent.objects.all().iterator():
        data = dict(e.data or {})
        if e.kind == "edited":
            pairs = {k: v for k, v in data.items() if isinstance(v, list) and len(v) == 2}
            e.before = {k: v[0] for k, v in pairs.items()}
            e.after = {k: v[1] for k, v in pairs.items()}
        elif e.kind == "decided":
            e.before, e.after = {"result": "pending"}, data
        else:
            e.after = data
        e.save(update_fields=["before", "after"])


def backwards(apps, schema_editor):
    AppealEvent = apps.get_model("appeals", "AppealEvent")
    for e in AppealEvent.objects.all().iterator():
        if e.kind == "edited":
            e.data = {k: [(e.before or {}).get(k, ""), v] for k, v in (e.after or {}).items()}
        else:
            e.data = e.after or {}
        e.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField("appealevent", "before", models.JSONField(blank=True, default=dict, verbose_name="变更前")),
        migrations.AddField("appealevent", "after", models.JSONField(blank=True, default=dict, verbose_name="变更后")),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("appealevent", "data"),
        migrations.RenameField("appealevent", "kind", "verb"),
        migrations.RenameField("appealevent", "note", "reason"),
        migrations.AlterField(
            "appealevent", "verb",
            models.CharField(choices=[("registered", "登记"), ("edited", "修改"), ("decided", "登记结果")],
                             max_length=40, verbose_name="事件"),
        ),
        migrations.AlterField(
            "appealevent", "actor",
            models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                              to=settings.AUTH_USER_MODEL, verbose_name="操作人"),
        ),
        migrations.AlterField(
            "appealevent", "at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")
        ),
    ]

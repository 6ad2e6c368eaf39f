"""ItemEvent takes the one event shape (gongkai.audit.models.Event): action → verb, note → reason,
from_state / to_state / data → before / after. Existing rows are converted, both ways."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    ItemEvent = apps.get_model("disclosure", "ItemEvent")
    batch = []
    for e in ItemEvent.objects.all().iterator(chunk_size=2000):
        data = dict(e.data or {})
        e.before = {"state": e.from_state} if e.from_state else {}
        e.after = {"state": e.to_state} if e.to_state else {}
        if e.action == "validity" and {"from", "to"} <= set(data):
            e.before["validity"], e.after["validity"] = data.pop("from"), data.pop("to")
        e.after.update(data)
        batch.append(e)
        if len(batch) == 2000:
            ItemEvent.objects.bulk_update(batch, ["before", "after"])
            batch = []
    ItemEvent.objects.bulk_update(batch, ["before", "after"])


def backwards(apps, schema_editor):
    ItemEvent = apps.get_model("disclosure", "ItemEvent")
    for e in ItemEvent.objects.all().iterator(chunk_size=2000):
        before, after = dict(e.before or {}), dict(e.after or {})
        e.from_state, e.to_state = before.pop("state", ""), after.pop("state", "")
        if "validity" in before:
            after["from"], after["to"] = before.pop("validity"), after.pop("validity", "")
        e.data = after
        e.save(update_fields=["from_state", "to_state", "data"])


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField("itemevent", "before", models.JSONField(blank=True, default=dict, verbose_name="变更前")),
        migrations.AddField("itemevent", "after", models.JSONField(blank=True, default=dict, verbose_name="变更后")),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("itemevent", "from_state"),
        migrations.RemoveField("itemevent", "to_state"),
        migrations.RemoveField("itemevent", "data"),
        migrations.RenameField("itemevent", "action", "verb"),
        migrations.RenameField("itemevent", "note", "reason"),
        migrations.AlterField(
            "itemevent", "verb",
            models.CharField(choices=[
                ("create", "起草"), ("edit", "修改"), ("attach", "上传附件"), ("submit", "提交审核"),
                ("approve_unit", "站所负责人审核通过"), ("approve_leader", "分管领导审核通过"), ("schedule", "定时发布"),
                ("publish", "发布"), ("send_back", "退回"), ("correct", "更正"), ("withdraw", "撤回"),
                ("expire", "到期下线"), ("validity", "有效性变更"),
            ], max_length=40, verbose_name="操作"),
        ),
        migrations.AlterField(
            "itemevent", "actor",
            models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                              to=settings.AUTH_USER_MODEL, verbose_name="操作人"),
        ),
    ]

"""ReportEvent takes the one event shape (gongkai.audit.models.Event): kind → verb, note → reason,
data → after (a cell override's computed figure → before). Existing rows are converted, both ways."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

KINDS = [
    ("started", "开始起草"), ("text_saved", "修改文字部分"), ("overridden", "修改单元格"),
    ("override_removed", "撤销单元格修改"), ("submitted", "提交审批"), ("published", "批准并发布"),
    ("sent_back", "退回"), ("correction", "发起更正"), ("imported", "导入已发布的报告"),
]


def forwards(apps, schema_editor):
    ReportEvent = apps.get_model("reports", "ReportEvent")
    for e in ReportEvent.objects.exclude(data={}).iterator():
        e.after = dict(e.data)
        if e.kind == "overridden" and "computed" in e.after:  # the computed figure is what the cell was
            e.before = {"value": e.after.pop("computed")}
        e.save(update_fields=["before", "after"])


def backwards(apps, schema_editor):
    ReportEvent = apps.get_model("reports", "ReportEvent")
    for e in ReportEvent.objects.exclude(after={}).iterator():
        e.data = dict(e.after)
        if "value" in (e.before or {}):
            e.data["computed"] = e.before["value"]
        e.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField("reportevent", "before", models.JSONField(blank=True, default=dict, verbose_name="变更前")),
        migrations.AddField("reportevent", "after", models.JSONField(blank=True, default=dict, verbose_name="变更后")),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("reportevent", "data"),
        migrations.RenameField("reportevent", "kind", "verb"),
        migrations.RenameField("reportevent", "note", "reason"),
        migrations.AlterField(
            "reportevent", "verb", models.CharField(choices=KINDS, max_length=40, verbose_name="事件")
        ),
        migrations.AlterField(
            "reportevent", "actor",
            models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                              to=settings.AUTH_USER_MODEL, verbose_name="操作人"),
        ),
        migrations.AlterField(
            "reportevent", "at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")
        ),
    ]

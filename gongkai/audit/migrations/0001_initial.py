import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("verb", models.CharField(max_length=40, verbose_name="操作")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
                ("before", models.JSONField(blank=True, default=dict, verbose_name="变更前")),
                ("after", models.JSONField(blank=True, default=dict, verbose_name="变更后")),
                ("reason", models.TextField(blank=True, verbose_name="说明")),
                ("object_type", models.CharField(max_length=60, verbose_name="对象类型")),
                ("object_id", models.CharField(blank=True, max_length=40, verbose_name="对象编号")),
                ("object_repr", models.CharField(max_length=200, verbose_name="对象")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                        to=settings.AUTH_USER_MODEL, verbose_name="操作人",
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                        to="accounts.agency", verbose_name="机关",
                    ),
                ),
            ],
            options={
                "verbose_name": "操作记录",
                "verbose_name_plural": "操作记录",
                "ordering": ["at", "pk"],
                "abstract": False,
                "indexes": [models.Index(fields=["object_type", "object_id"], name="recordevent_object")],
            },
        ),
    ]

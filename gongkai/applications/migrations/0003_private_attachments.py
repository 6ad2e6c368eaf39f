"""Applicants' attachments move from MEDIA_ROOT (served by nginx under /media/) to the private
storage PRIVATE_MEDIA_ROOT, which no web server serves. The stored names stay the same."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import gongkai.applications.models
import gongkai.applications.storage


def move_files(apps, schema_editor, source, target):
    Attachment = apps.get_model("applications", "Attachment")
    for name in Attachment.objects.values_list("file", flat=True).iterator():
        old, new = Path(source) / name, Path(target) / name
        if old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, new)


def to_private(apps, schema_editor):
    move_files(apps, schema_editor, settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)


def to_media(apps, schema_editor):
    move_files(apps, schema_editor, settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT)


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0002_counted_decision'),
    ]

    operations = [
        migrations.AlterField(
            model_name='attachment',
            name='file',
            field=models.FileField(storage=gongkai.applications.storage.PrivateStorage(), upload_to=gongkai.applications.models.attachment_path),
        ),
        migrations.RunPython(to_private, to_media),
    ]

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext

from gongkai.encryption import EncryptedCharField

BATCH = 500


def encrypted_fields(model):
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]


def rotate_model(model, names):
    """Re-encrypt every row under the first key: reading decrypts with any key, saving encrypts
    with the first."""
    done = 0
    rows = model.objects.only("pk", *names).order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_update(batch, names)
            done, batch = done + len(batch), []
    model.objects.bulk_update(batch, names)
    return done + len(batch)


class Command(BaseCommand):
    @property
    def help(self):
        return gettext("用 FIELD_ENCRYPTION_KEYS 中的第一个密钥重新加密全部加密字段（更换密钥时使用）")

    def handle(self, *args, **options):
        for model in apps.get_models():
            names = encrypted_fields(model)
            if names:
                with transaction.atomic():
                    count = rotate_model(model, names)
                self.stdout.write(
                    gettext("%(model)s：已重新加密 %(n)s 条记录") % {"model": model._meta.verbose_name, "n": count}
                )

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from gongkai.backup import BackupError, restore


class Command(BaseCommand):
    @property
    def help(self):
        return gettext("从 gongkai backup 生成的目录恢复到空数据库和空的上传文件目录（先核对全部校验和）")

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        try:
            manifest = restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            gettext("已从 %(dir)s 恢复（备份时间 %(at)s，%(n)s 个文件校验无误）")
            % {"dir": directory, "at": manifest["created_at"], "n": len(manifest["files"])}
        )

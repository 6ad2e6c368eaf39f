from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from gongkai.backup import BackupError, backup


class Command(BaseCommand):
    @property
    def help(self):
        return gettext("备份数据库和上传文件到一个新目录（含校验和清单 manifest.json），可在网站运行时进行")

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = sum(f["size"] for f in manifest["files"].values())
        self.stdout.write(
            gettext("已备份到 %(dir)s：%(n)s 个文件，共 %(mb).1f MB（%(db)s）")
            % {"dir": directory, "n": len(manifest["files"]), "mb": size / 1e6, "db": manifest["database"]}
        )

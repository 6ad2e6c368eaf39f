from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.models import Agency
from gongkai.portal.search import reindex


class Command(BaseCommand):
    help = "重建政府信息全文检索索引（全部机关，或用 --agency 指定一个机关）"

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="机关标识，如 gaoshawo")

    def handle(self, *args, agency=None, **options):
        target = None
        if agency:
            target = Agency.objects.filter(slug=agency).first()
            if target is None:
                raise CommandError(f"没有标识为“{agency}”的机关。")
        n = reindex(target)
        self.stdout.write(f"已建立索引：{n} 条政府信息。")

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.accounts.models import Agency
from gongkai.portal.search import reindex


class Command(BaseCommand):
    @property
    def help(self):
        # A property, so that argparse gets a str at call time (it cannot format a lazy string).
        return _("重建政府信息全文检索索引（全部机关，或用 --agency 指定一个机关）")

    def add_arguments(self, parser):
        parser.add_argument("--agency", help=_("机关标识，如 gaoshawo"))

    def handle(self, *args, agency=None, **options):
        target = None
        if agency:
            target = Agency.objects.filter(slug=agency).first()
            if target is None:
                raise CommandError(_("没有标识为“%(slug)s”的机关。") % {"slug": agency})
        n = reindex(target)
        self.stdout.write(_("已建立索引：%(count)s 条政府信息。") % {"count": n})

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gongkai.disclosure.services import publish_scheduled


class Command(BaseCommand):
    @property
    def help(self):
        # A property, so that argparse gets a str at call time (it cannot format a lazy string).
        return _("发布已到定时发布时间的政府信息，下线已到期的信息（可由 cron 定时运行，重复运行无副作用）")

    def handle(self, *args, **options):
        done = publish_scheduled()
        self.stdout.write(_("已发布 %(published)s 条，已到期下线 %(expired)s 条。") % done)

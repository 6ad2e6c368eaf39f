from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.applications.reminders import send_reminders


class Command(BaseCommand):
    @property
    def help(self):
        # A property, so that argparse gets a str at call time (it cannot format a lazy string).
        return _("向政府信息公开工作机构发送即将到期和已逾期的申请提醒（每条只发一次，可由定时任务重复运行）")

    def add_arguments(self, parser):
        parser.add_argument("--today", help=_("按指定日期（YYYY-MM-DD）判断，默认为今天"))

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError:
                raise CommandError(_("“%(text)s”不是 YYYY-MM-DD 格式的日期") % {"text": today}) from None
        n = send_reminders(day)
        self.stdout.write(_("已发送 %(count)s 条提醒。") % {"count": n})

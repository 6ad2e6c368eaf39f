from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.applications.reminders import send_reminders


class Command(BaseCommand):
    @property
    def help(self):
        # A property, so that argparse gets a str at call time (it cannot format a lazy string).
        return _(
            "向政府信息公开工作机构发送即将到期和已逾期的申请提醒（每条只生成一次），并发送通知发件箱中所有待发的邮件和短信"
            "（失败的按间隔重试；可由定时任务重复运行）"
        )

    def add_arguments(self, parser):
        parser.add_argument("--today", help=_("按指定日期（YYYY-MM-DD）判断，默认为今天"))

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError:
                raise CommandError(_("“%(text)s”不是 YYYY-MM-DD 格式的日期") % {"text": today}) from None
        queued, sent, failed = send_reminders(day)
        self.stdout.write(
            _("新生成 %(queued)s 条提醒；已发送 %(sent)s 条通知，%(failed)s 条发送失败（将重试，并列入我的待办）。")
            % {"queued": queued, "sent": sent, "failed": failed}
        )
        if failed:
            self.stderr.write(_("有 %(count)s 条通知未能发送，请检查邮件服务器设置。") % {"count": failed})

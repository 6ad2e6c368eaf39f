from django.core.management.base import BaseCommand

from gongkai.disclosure.services import publish_scheduled


class Command(BaseCommand):
    help = "发布已到定时发布时间的政府信息，下线已到期的信息（可由 cron 定时运行，重复运行无副作用）"

    def handle(self, *args, **options):
        done = publish_scheduled()
        self.stdout.write(f"已发布 {done['published']} 条，已到期下线 {done['expired']} 条。")

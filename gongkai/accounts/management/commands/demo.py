from django.apps import apps
from django.core.management.base import BaseCommand

from gongkai.accounts import demo
from gongkai.accounts.models import Agency
from gongkai.workdays.services import calendar_seed


class Command(BaseCommand):
    help = "载入演示数据：盐池县、高沙窝镇等机关、人员及各模块的演示记录（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="只在数据库中还没有任何机关时载入")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Agency.objects.exists():
            self.stdout.write("数据库中已有机关，未载入演示数据。")
            return
        calendar_seed()
        demo.load()
        for config in apps.get_app_configs():
            loader = getattr(config, "load_demo", None)
            if loader:
                loader()
        self.stdout.write("演示数据已载入。工作人员账号见登录页（调试模式下显示）。")

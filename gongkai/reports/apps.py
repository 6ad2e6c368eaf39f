from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = _("政府信息公开工作年度报告")

    def load_demo(self):
        from . import demo

        demo.load()

    def todo_sections(self, user):
        from .todo import sections

        return sections(user)

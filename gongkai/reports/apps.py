from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = _("政府信息公开工作年度报告")

    def ready(self):
        # imported here: selectors import models, which load only once the registry is ready
        from gongkai.audit import yearlock

        from .selectors import year_locked

        yearlock.register_predicate(year_locked)

    def load_demo(self):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from . import demo

        demo.load()

    def todo_sections(self, user):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from .todo import sections

        return sections(user)

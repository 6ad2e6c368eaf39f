from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("依申请公开")

    def ready(self):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from gongkai.audit import yearlock
        from gongkai.workdays.signals import calendar_changed

        from .deadlines import on_calendar_changed
        from .models import Application

        calendar_changed.connect(on_calendar_changed, dispatch_uid="applications.recompute_due_dates")
        yearlock.register_figures(Application, Application.counted_figures)

    def todo_sections(self, user):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from .todo import todo_sections

        return todo_sections(user)

    def load_demo(self):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from .demo import load

        load()

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "政府信息公开工作年度报告"

    def load_demo(self):
        from . import demo

        demo.load()

    def todo_sections(self, user):
        from .todo import sections

        return sections(user)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    label = "disclosure"
    verbose_name = _("主动公开")

    def ready(self):
        # imported here: models and the modules that use them load only once the registry is ready
        from gongkai.audit import yearlock
        from gongkai.workdays.signals import calendar_changed

        from .registers import YEARS_OF

        for model, years_of in YEARS_OF.items():
            yearlock.register_years(model, years_of)
        calendar_changed.connect(_recompute_due, dispatch_uid="disclosure-recompute-due")

    def load_demo(self):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from . import demo

        demo.load()

    def todo_sections(self, user):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from .todo import sections

        return sections(user)


def _recompute_due(sender, years, **kwargs):
    # imported here: apps.py loads before the app registry is ready, and services load models
    from .services import items_recompute_due

    items_recompute_due(years=years)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    verbose_name = _("行政复议与行政诉讼")

    def ready(self):
        # imported here: the models load only once the registry is ready
        from gongkai.audit import yearlock

        from .models import Appeal

        yearlock.register_years(Appeal, Appeal.counted_years)

    def load_demo(self):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from . import demo

        demo.load()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    verbose_name = _("行政复议与行政诉讼")

    def load_demo(self):
        from . import demo

        demo.load()

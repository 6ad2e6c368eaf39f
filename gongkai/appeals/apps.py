from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    verbose_name = "行政复议与行政诉讼"

    def load_demo(self):
        from . import demo

        demo.load()

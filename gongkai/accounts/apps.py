from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = _("机关与人员")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def chinese_full_name(user):
    """姓名 in Chinese order: family name first, no space (李爱丽, not "爱丽 李"). A name in Latin
    letters keeps the Western order with a space."""
    family, given = (user.last_name or "").strip(), (user.first_name or "").strip()
    if (family + given).isascii():
        return " ".join(x for x in (given, family) if x)
    return family + given


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = _("机关与人员")

    def ready(self):
        # Django's User.get_full_name() puts the given name first. The project uses the stock user
        # model, so its one naming rule is set here for every page, letter and audit line that asks.
        from django.contrib.auth import get_user_model

        get_user_model().get_full_name = chinese_full_name
        from . import checks  # noqa: F401  (registers the deploy checks)

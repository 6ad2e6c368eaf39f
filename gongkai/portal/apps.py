from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = _("公众门户")

    def ready(self):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from gongkai.disclosure import signals

        from . import pagecache, receivers

        signals.item_published.connect(receivers.item_changed, dispatch_uid="portal-search-published")
        signals.item_unpublished.connect(receivers.item_changed, dispatch_uid="portal-search-unpublished")
        pagecache.connect()

    def todo_sections(self, user):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from .selectors import todo_sections

        return todo_sections(user)

    def load_demo(self):
        # imported here: apps.py loads before the app registry is ready, and this module loads models
        from .demo import load

        load()

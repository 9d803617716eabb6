from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PluginsConfig(AppConfig):
    name = "plugins"
    verbose_name = _("Extensions")

    def ready(self):
        # Building the manager here runs check_pending(), so a misspelt hook
        # name in any plugin stops the portal at start-up with a clear error.
        from .manager import get_plugin_manager

        get_plugin_manager()

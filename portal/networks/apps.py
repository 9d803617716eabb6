from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "portal.networks"
    label = "networks"
    verbose_name = _("Réseaux, événements et suivis")

    def ready(self):
        from . import rollup_members  # noqa: F401  (connects its membership signal handlers)
        from .signals import connect

        connect()

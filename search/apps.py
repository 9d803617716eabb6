from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "fiche_search"
    verbose_name = _("Recherche de fiches")

    def ready(self):
        from .signals import connect

        connect()

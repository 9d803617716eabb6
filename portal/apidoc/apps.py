from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiDocConfig(AppConfig):
    name = "portal.apidoc"
    label = "apidoc"
    verbose_name = _("Description de l'API")

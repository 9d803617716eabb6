from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SasConfig(AppConfig):
    name = "plugins.builtin.sas"
    label = "sas"
    verbose_name = _("SAS — accompagnement des élèves")
    default_auto_field = "django.db.models.BigAutoField"

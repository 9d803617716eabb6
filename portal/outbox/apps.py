from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Node side of the indicator loop: the establishment's identity and the persistent
    outbox of signed reports waiting for the portal's receipt (DESIGN.md §9)."""

    name = "portal.outbox"
    label = "outbox"
    verbose_name = _("Rapports à envoyer")

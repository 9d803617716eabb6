from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Portal side of the indicator loop: periods, expected reports, establishment keys,
    received reports and their cells (DESIGN.md §9)."""

    name = "portal.indicators"
    label = "indicators"
    verbose_name = _("Indicateurs reçus")

    def ready(self):
        from . import checks, rollup_totals  # noqa: F401  (registers its check; connects its placement signal handlers)

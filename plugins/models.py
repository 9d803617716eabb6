"""Which plugins each establishment runs (DESIGN.md §7)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


def activable_plugin_choices() -> list[tuple[str, str]]:
    from .enablement import activable_plugins

    return [(name, name) for name in activable_plugins()]


class PluginActivation(models.Model):
    """One establishment's choice to run, or stop running, a plugin that needs activation."""

    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement"), on_delete=models.CASCADE,
        related_name="plugin_activations",
    )
    plugin_name = models.CharField(_("extension"), max_length=200, choices=activable_plugin_choices)
    enabled = models.BooleanField(_("activée"), default=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["establishment__name", "plugin_name"]
        verbose_name = _("activation d'extension")
        verbose_name_plural = _("activations d'extensions")
        constraints = [
            models.UniqueConstraint(fields=["establishment", "plugin_name"], name="unique_plugin_activation"),
        ]

    def __str__(self):
        state = _("activée") if self.enabled else _("désactivée")
        return f"{self.plugin_name} — {self.establishment} ({state})"

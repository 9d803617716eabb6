"""Which plugins each establishment runs (DESIGN.md §7), and what its node transmitted to the network (§9)."""
from django.conf import settings
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


class ReportTransmission(models.Model):
    """Who put which indicator report in the node's outbox, and when (the node's audit of what left)."""

    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement"), on_delete=models.CASCADE,
        related_name="report_transmissions",
    )
    period_code = models.CharField(_("période"), max_length=80)
    idempotency_key = models.UUIDField(_("clé d'idempotence du rapport"), unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.CharField(_("transmis par"), max_length=150)
    published = models.PositiveIntegerField(_("cellules publiées"))
    secret = models.PositiveIntegerField(_("cellules secrètes"))
    at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("transmission d'indicateurs")
        verbose_name_plural = _("transmissions d'indicateurs")

    def __str__(self):
        return f"{self.establishment} — {self.period_code} — {self.actor}"

"""The outbox: every report the node has to send, kept until the portal's signed receipt."""
from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxReport(models.Model):
    """One report, sent as stored (same bytes, same idempotency key) however many times it is tried."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        SENT = "sent", _("envoyé, sans accusé de réception")
        ACKNOWLEDGED = "acknowledged", _("reçu par le portail")
        REFUSED = "refused", _("refusé par le portail")

    idempotency_key = models.UUIDField(_("clé d'idempotence"), default=uuid.uuid4, unique=True, editable=False)
    establishment_uai = models.CharField(_("UAI"), max_length=8)
    period_code = models.CharField(_("période"), max_length=80)
    sequence = models.PositiveBigIntegerField(_("numéro d'ordre"))
    payload = models.BinaryField(_("contenu"))
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    receipt = models.JSONField(_("accusé de réception signé"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("reçu le"), null=True, blank=True)

    class Meta:
        ordering = ["establishment_uai", "sequence"]
        verbose_name = _("rapport à envoyer")
        verbose_name_plural = _("rapports à envoyer")
        constraints = [
            models.UniqueConstraint(fields=["establishment_uai", "sequence"], name="outbox_sequence_once"),
        ]
        indexes = [models.Index(fields=["status", "establishment_uai", "sequence"])]

    def __str__(self):
        return f"{self.establishment_uai} {self.period_code} n° {self.sequence} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.ACKNOWLEDGED, self.Status.REFUSED)

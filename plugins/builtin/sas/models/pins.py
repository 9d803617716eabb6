"""Assignments the coordination fixes by hand on the Planification screen; the solver plans around them."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import StudentCase


class PlanningPin(models.Model):
    """« This student goes in this weekly group »: kept by every later computation while it exists.

    ``group_key`` names the group as ``scheduling.problem`` does (workshop, weekday, start, room), so a pin
    to a group whose sessions were moved simply no longer matches and is shown as refused.
    """

    case = models.ForeignKey(StudentCase, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="planning_pins")
    group_key = models.CharField(_("groupe"), max_length=300)
    pinned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("épinglé par"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    pinned_at = models.DateTimeField(_("épinglé le"), auto_now_add=True)

    class Meta:
        ordering = ["case", "group_key"]
        constraints = [models.UniqueConstraint(fields=["case", "group_key"], name="sas_pin_once_per_case_group")]
        verbose_name = _("affectation épinglée")
        verbose_name_plural = _("affectations épinglées")

    def __str__(self):
        return f"{self.case_id} → {self.group_key}"

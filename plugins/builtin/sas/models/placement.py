"""What the coordination declares so that the solver can place the groups in the week (« placer les groupes »):
the slots each facilitator is available for (their HSE), the rooms and how many workshops each holds at once,
groups pinned to a slot by hand, and the last plan applied (to say what a new proposal changes)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .campaigns import Campaign, Workshop
from .timetable import Weekday


class FacilitatorSlot(models.Model):
    """« Mme X can lead a workshop on Monday 10:00-12:00 every week of the programme »: a group placed there
    takes the whole slot."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE,
                                 related_name="facilitator_slots")
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("intervenant"), on_delete=models.CASCADE,
                                    related_name="sas_available_slots")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    starts = models.TimeField(_("début"))
    ends = models.TimeField(_("fin"))

    class Meta:
        ordering = ["facilitator", "weekday", "starts"]
        verbose_name = _("disponibilité d'un intervenant")
        verbose_name_plural = _("disponibilités des intervenants")
        constraints = [models.UniqueConstraint(fields=["campaign", "facilitator", "weekday", "starts", "ends"],
                                               name="sas_facilitator_slot_once")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"

    def clean(self):
        if self.starts and self.ends and self.starts >= self.ends:
            raise ValidationError(_("Le créneau finit avant de commencer."))


class PlanningRoom(models.Model):
    """A room or space of the SAS; the micro-lycée's « espace modulable » holds several workshops at once."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE,
                                 related_name="planning_rooms")
    name = models.CharField(_("salle ou espace"), max_length=100)
    concurrent_workshops = models.PositiveSmallIntegerField(
        _("ateliers en même temps"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Combien d'ateliers ce lieu accueille à la même heure."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="sas_planning_room_name_once")]

    def __str__(self):
        return self.name


class SlotPin(models.Model):
    """« This workshop opens a group at this facilitator's slot »: kept by every later placement."""

    workshop = models.ForeignKey(Workshop, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="slot_pins")
    slot = models.ForeignKey(FacilitatorSlot, verbose_name=_("créneau"), on_delete=models.CASCADE, related_name="pins")
    pinned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("épinglé par"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    pinned_at = models.DateTimeField(_("épinglé le"), auto_now_add=True)

    class Meta:
        ordering = ["workshop", "slot"]
        verbose_name = _("groupe épinglé à un créneau")
        verbose_name_plural = _("groupes épinglés à un créneau")
        constraints = [models.UniqueConstraint(fields=["workshop", "slot"], name="sas_slot_pin_once")]


class AppliedPlan(models.Model):
    """The last plan applied from the Planification screen: its groups and who went where (case ids), so that
    the next proposal can say what it changes. Deleted with the campaign's cases (retention purge)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="applied_plans")
    applied_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    mode = models.CharField(max_length=20)
    groups = models.JSONField(default=dict)        # group key → its label (workshop, slot, room)
    assignment = models.JSONField(default=dict)    # case id (string) → group keys

    class Meta:
        ordering = ["-applied_at", "-pk"]

"""What the school software exports and the SAS plans around: class timetables and absences.

Both are imported from CSV (DESIGN.md §8). Class slots are weekly; a « protected » slot is a
class a student may not be excused from, so the scheduler never puts a workshop over it.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .campaigns import Campaign
from .cases import Student


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("lundi")
    TUESDAY = 2, _("mardi")
    WEDNESDAY = 3, _("mercredi")
    THURSDAY = 4, _("jeudi")
    FRIDAY = 5, _("vendredi")
    SATURDAY = 6, _("samedi")


class ClassSlot(models.Model):
    """One weekly class of a division (« 2 MRC », lundi 8 h-10 h, Anglais) during the campaign."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="class_slots")
    division = models.CharField(_("classe"), max_length=50)
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    starts = models.TimeField(_("début"))
    ends = models.TimeField(_("fin"))
    subject = models.CharField(_("matière"), max_length=200)
    teacher = models.ForeignKey(
        "sas.ClassTeacher", verbose_name=_("enseignant"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="class_slots",
    )
    protected = models.BooleanField(
        _("cours protégé"), default=False,
        help_text=_("Un élève n'en est jamais dispensé : aucun atelier n'est placé sur ce créneau."),
    )

    class Meta:
        ordering = ["division", "weekday", "starts"]
        verbose_name = _("cours de l'emploi du temps")
        verbose_name_plural = _("emplois du temps des classes")

    def __str__(self):
        return f"{self.division} — {self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M} {self.subject}"

    def clean(self):
        if self.starts and self.ends and self.starts >= self.ends:
            raise ValidationError(_("Le cours finit avant de commencer."))


class AbsenceRecord(models.Model):
    """Half-days of absence of a student over a period, as the school software counts them.

    Periods before and after the programme give the absenteeism indicator (seed 000).
    """

    student = models.ForeignKey(Student, verbose_name=_("élève"), on_delete=models.CASCADE, related_name="absence_records")
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))
    half_days_absent = models.PositiveSmallIntegerField(_("demi-journées d'absence"))
    half_days_open = models.PositiveSmallIntegerField(_("demi-journées de cours"))

    class Meta:
        ordering = ["student", "period_start"]
        verbose_name = _("absences d'un élève")
        verbose_name_plural = _("absences des élèves")
        constraints = [
            models.UniqueConstraint(fields=["student", "period_start", "period_end"], name="unique_sas_absence_period"),
            models.CheckConstraint(condition=models.Q(half_days_absent__lte=models.F("half_days_open")),
                                   name="sas_absences_within_open_half_days"),
        ]

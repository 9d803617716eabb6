"""The establishment's class teachers, as the timetable exports name them, and the weekly notices they get.

A teacher is told, once per programme week, which pupils of their classes are away at a SAS workshop
during their class (``notices``). Only what that takes is kept: a name, an optional e-mail address.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassTeacher(models.Model):
    """A teacher of the regular classes, keyed by the export's internal id (STS-web ``INDIVIDU ID``) or,
    for exports without one (EDT's ``EXP_COURS``, CSV), by their name."""

    establishment = models.ForeignKey("fiches.Establishment", on_delete=models.CASCADE, related_name="sas_class_teachers")
    local_id = models.CharField(_("identifiant dans l'export"), max_length=120)
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("enseignant des classes")
        verbose_name_plural = _("enseignants des classes")
        constraints = [models.UniqueConstraint(fields=["establishment", "local_id"], name="unique_sas_class_teacher")]

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name}".strip()


class TeacherNotice(models.Model):
    """« This teacher was told about this programme week »: at most one per teacher, campaign and week.

    ``digest`` fingerprints the absences the last e-mail listed: when the plan changes them, the notice is
    outdated and may be sent again, once, with the corrected list (``teacher_notices``).
    """

    campaign = models.ForeignKey("sas.Campaign", on_delete=models.CASCADE, related_name="teacher_notices")
    teacher = models.ForeignKey(ClassTeacher, on_delete=models.CASCADE, related_name="notices")
    week = models.DateField(_("semaine du"))
    queued_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    queued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("demandé par"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    digest = models.CharField(_("empreinte de la liste envoyée"), max_length=64, blank=True)

    class Meta:
        ordering = ["week", "teacher"]
        constraints = [models.UniqueConstraint(fields=["campaign", "teacher", "week"], name="sas_notice_once_per_week")]

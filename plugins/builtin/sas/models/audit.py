from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    """Who read or changed which student's record, and when; consulted by the coordination.

    ``student_ref`` and ``actor`` keep the names readable until ``sas_purge`` replaces them
    with pseudonyms once the student's record is deleted. Refused accesses are grouped: one entry
    per account and student (or per account, for someone outside the team) and day, counting the
    attempts in ``repeats``, so that nobody can push the real reads out of the log by retrying.
    """

    class Action(models.TextChoices):
        READ = "read", _("consultation")
        CREATE = "create", _("création")
        UPDATE = "update", _("modification")
        EXPORT = "export", _("export (droit d'accès)")
        NOTIFY = "notify", _("avis à un enseignant des classes")
        BACKUP = "backup", _("sauvegarde complète")
        DENIED = "denied", _("accès refusé")
        PURGE = "purge", _("suppression (durée de conservation)")

    # PROTECT: deleting the establishment (a snippet in the Wagtail admin) must not erase its log.
    establishment = models.ForeignKey("fiches.Establishment", on_delete=models.PROTECT, related_name="sas_audit_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.CharField(_("auteur"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    student = models.ForeignKey("sas.Student", null=True, on_delete=models.SET_NULL, related_name="audit_entries")
    student_ref = models.CharField(_("élève"), max_length=64)
    detail = models.CharField(_("détail"), max_length=255, blank=True)
    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    repeats = models.PositiveIntegerField(_("nombre de tentatives"), default=1)
    first_at = models.DateTimeField(_("première tentative"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des accès")

    def __str__(self):
        """The action and its date, never the student: a refused deletion of the establishment lists entries."""
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}" if self.at else self.get_action_display()


class PurgedCampaignSummary(models.Model):
    """The anonymous aggregates of a campaign kept after its student records are purged."""

    campaign = models.OneToOneField("sas.Campaign", on_delete=models.CASCADE, related_name="purged_summary")
    values = models.JSONField(_("indicateurs agrégés"))
    purged_at = models.DateTimeField(auto_now_add=True)

"""The annual synthesis: its editable narrative, and the published versions (frozen snapshots)."""
from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Synthesis(models.Model):
    """The narrative of one school year's synthesis, edited in the admin and copied into each version.

    The per-académie commentary is the académie's ``PerseveranceWeek.commentary`` (also editable).
    """

    school_year = models.OneToOneField(
        "fiches.SchoolYear", verbose_name=_("année scolaire"), on_delete=models.PROTECT, related_name="synthesis"
    )
    title = models.CharField(_("titre"), max_length=255, blank=True)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Paragraphes séparés par une ligne vide."))
    conclusion = models.TextField(_("conclusion"), blank=True, help_text=_("Paragraphes séparés par une ligne vide."))

    panels = [FieldPanel("school_year"), FieldPanel("title"), FieldPanel("introduction"), FieldPanel("conclusion")]

    class Meta:
        ordering = ["-school_year__code"]
        verbose_name = _("synthèse annuelle")
        verbose_name_plural = _("synthèses annuelles")

    def __str__(self):
        return self.title or _("Synthèse %(year)s") % {"year": self.school_year.code}


class SynthesisVersion(models.Model):
    """A published synthesis: the computed content, frozen as JSON. Never updated; recompute instead."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    computed_at = models.DateTimeField(_("calculée le"), auto_now_add=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    content = models.JSONField(_("contenu"))

    class Meta:
        ordering = ["synthesis", "-number"]
        unique_together = [("synthesis", "number")]
        verbose_name = _("version publiée de la synthèse")
        verbose_name_plural = _("versions publiées de la synthèse")

    def __str__(self):
        return f"{self.synthesis} — v{self.number}"

    @classmethod
    def publish(cls, synthesis: Synthesis, content: dict, user=None) -> "SynthesisVersion":
        """A new version numbered after the last one (the row lock keeps numbers unique)."""
        with transaction.atomic():
            Synthesis.objects.select_for_update().get(pk=synthesis.pk)
            last = synthesis.versions.aggregate(n=models.Max("number"))["n"] or 0
            content = dict(content, version=last + 1)
            return cls.objects.create(synthesis=synthesis, number=last + 1, content=content, computed_by=user)

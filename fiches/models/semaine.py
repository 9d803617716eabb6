"""An académie's Semaine de la persévérance scolaire for one school year, as declared."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class PerseveranceWeek(models.Model):
    """What an académie declared for its Semaine de la persévérance of one school year.

    Declared figures are kept as declared: a JSON object (or a list of them when
    a figure is given both for the week and for the year) with ``raw`` text,
    ``value`` or ``min``/``max``, a ``qualifier`` such as « une trentaine », a
    ``scope`` (``week`` or ``year``) and ``unknown`` for « N.C. ». Levels are
    true (checked) or null (unknown): an unchecked box is not a « no ».
    """

    academie = models.ForeignKey("fiches.Academie", on_delete=models.PROTECT, related_name="perseverance_weeks")
    school_year = models.ForeignKey("fiches.SchoolYear", on_delete=models.PROTECT, related_name="perseverance_weeks")
    event_name = models.CharField(_("nom de l'événement"), max_length=255, blank=True)
    edition_number = models.PositiveSmallIntegerField(_("numéro d'édition"), null=True, blank=True)
    edition_raw = models.CharField(_("édition (telle qu'écrite)"), max_length=255, blank=True)
    period_raw = models.CharField(_("période (telle qu'écrite)"), max_length=255, blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    period_precision = models.CharField(_("précision de la période"), max_length=10, blank=True)
    actions_declared = models.JSONField(_("nombre d'actions déclaré"), default=dict, blank=True)
    establishments_declared = models.JSONField(_("nombre d'établissements déclaré"), default=dict, blank=True)
    levels = models.JSONField(_("niveaux cochés"), default=dict, blank=True)
    partners = models.TextField(_("partenaires"), blank=True)
    axes = models.JSONField(_("axes de travail pour la prochaine édition"), default=list, blank=True)
    commentary = models.TextField(_("commentaire"), blank=True)
    notes = models.TextField(_("notes de transcription"), blank=True)

    class Meta:
        ordering = ["school_year", "academie__name"]
        unique_together = [("academie", "school_year")]
        verbose_name = _("Semaine de la persévérance")
        verbose_name_plural = _("Semaines de la persévérance")

    def __str__(self):
        return f"{self.academie.name} — {self.school_year.code}"


class PerseveranceWeekExample(models.Model):
    """A fiche the académie highlighted as an example action of its Semaine."""

    week = models.ForeignKey(PerseveranceWeek, on_delete=models.CASCADE, related_name="examples")
    fiche = models.ForeignKey("fiches.FichePage", on_delete=models.CASCADE, related_name="highlighted_in")
    sort_order = models.PositiveSmallIntegerField(default=0)
    award = models.CharField(_("distinction"), max_length=120, blank=True)

    class Meta:
        ordering = ["sort_order"]
        unique_together = [("week", "fiche")]

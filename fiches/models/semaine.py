"""An académie's Semaine de la persévérance scolaire for one school year, as declared, and the
actions its establishments declare for it before the week and report on after it (seed 002)."""
from django.conf import settings
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

    academie = models.ForeignKey(
        "fiches.Academie", verbose_name=_("académie"), on_delete=models.PROTECT, related_name="perseverance_weeks"
    )
    school_year = models.ForeignKey(
        "fiches.SchoolYear", verbose_name=_("année scolaire"), on_delete=models.PROTECT, related_name="perseverance_weeks"
    )
    event_name = models.CharField(_("nom de l'événement"), max_length=255, blank=True)
    theme = models.CharField(_("thème"), max_length=255, blank=True)
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
    axes_intro = models.TextField(_("phrase d'introduction des axes de travail"), blank=True)
    axes = models.JSONField(_("axes de travail pour la prochaine édition"), default=list, blank=True)
    commentary = models.TextField(_("commentaire"), blank=True)
    notes = models.TextField(_("notes de transcription"), blank=True)
    examples_note = models.TextField(_("note sur les exemples d'actions"), blank=True)
    examples_links = models.JSONField(
        _("liens de l'académie sur ses exemples"), default=list, blank=True, help_text=_("Liste de {url, label}.")
    )

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


class PerseveranceWeekAction(models.Model):
    """An action an establishment declares for its académie's Semaine (before the week),
    then reports on (the bilan, after the week) — Créteil's forms, seed 002."""

    week = models.ForeignKey(PerseveranceWeek, on_delete=models.CASCADE, related_name="declared_actions")
    establishment = models.ForeignKey(
        "fiches.Establishment", verbose_name=_("établissement"), on_delete=models.PROTECT, related_name="week_actions"
    )
    fiche = models.ForeignKey(
        "fiches.FichePage", verbose_name=_("fiche"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="week_actions",
    )
    title = models.CharField(_("intitulé de l'action"), max_length=255)
    public = models.TextField(_("public concerné"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    description = models.TextField(_("déroulement"), blank=True)
    organisers = models.TextField(_("organisation (par qui)"), blank=True)
    action_date = models.DateField(_("date de l'action"), null=True, blank=True)
    communication = models.TextField(_("communication prévue"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(_("déclarée le"), auto_now_add=True)
    participants = models.PositiveIntegerField(_("nombre de participants"), null=True, blank=True)
    success_factors = models.TextField(_("éléments clés de réussite"), blank=True)
    valorisation = models.TextField(_("valoriser — communiquer"), blank=True)
    assessment = models.TextField(_("bilan de l'action"), blank=True)
    bilan_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bilan_filed_at = models.DateTimeField(_("bilan déposé le"), null=True, blank=True)
    last_reminder_at = models.DateTimeField(_("dernière relance"), null=True, blank=True)

    class Meta:
        ordering = ["week", "establishment__name", "title"]
        verbose_name = _("action déclarée pour la Semaine")
        verbose_name_plural = _("actions déclarées pour la Semaine")

    def __str__(self):
        return f"{self.title} — {self.establishment.name}"

    @property
    def has_bilan(self) -> bool:
        return self.bilan_filed_at is not None

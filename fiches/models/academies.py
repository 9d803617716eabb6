from django.db import models
from django.utils.translation import gettext_lazy as _


class AcademieQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Académies that existed on ``day`` (Caen and Rouen until 2019, Normandie after)."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )

    def current(self):
        return self.filter(valid_to__isnull=True)


class Academie(models.Model):
    """An académie as a dated record, so that past syntheses keep the académies of their time.

    Loaded from ``geo/data/academies.json`` by the ``sync_academies`` command
    (run by migrations of a fresh database and by ``load_demo``).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    kind = models.CharField(
        _("nature"), max_length=20, default="academie",
        choices=[("academie", _("académie")), ("vice-rectorat", _("vice-rectorat"))],
    )
    region = models.CharField(_("région académique"), max_length=100, blank=True)
    departements = models.JSONField(_("départements"), default=list, blank=True)
    valid_from = models.DateField(_("en vigueur depuis"), null=True, blank=True)
    valid_to = models.DateField(_("en vigueur jusqu'au"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("académie qui lui succède"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("Pour une académie historique : celle qui modère désormais ses fiches."),
    )

    objects = AcademieQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("académie")
        verbose_name_plural = _("académies")

    def __str__(self):
        if self.valid_to:
            return _("%(name)s (jusqu'en %(year)s)") % {"name": self.name, "year": self.valid_to.year}
        return self.name

    @property
    def title(self) -> str:
        """« Académie de Lyon », « Académie d'Amiens », « Académie de la Réunion »."""
        name = self.name
        if self.kind == "vice-rectorat":
            return name
        if name.startswith("La "):
            return _("Académie de la %(name)s") % {"name": name[3:]}
        if name[:1].lower() in "aeéèêiîouy":
            return _("Académie d'%(name)s") % {"name": name}
        return _("Académie de %(name)s") % {"name": name}

    @property
    def moderating_academie(self) -> "Academie":
        """The académie whose moderators act for this one today (itself unless historical)."""
        academie = self
        while academie.successor_id:
            academie = academie.successor
        return academie

    @property
    def is_historical(self) -> bool:
        return self.valid_to is not None

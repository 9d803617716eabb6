"""Taxonomies used as filters (levels, publics, themes, dispositifs), school years and partners."""
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Term(models.Model):
    """A term of a controlled vocabulary: its slug is what filter parameters accept."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "label"]

    def __str__(self):
        return self.label


class Level(Term):
    class Meta(Term.Meta):
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaux")


class TargetPublic(Term):
    class Meta(Term.Meta):
        verbose_name = _("public cible")
        verbose_name_plural = _("publics cibles")


class Theme(Term):
    class Meta(Term.Meta):
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")


class Dispositif(Term):
    class Meta(Term.Meta):
        verbose_name = _("dispositif")
        verbose_name_plural = _("dispositifs")


SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")


def validate_school_year(value: str):
    match = SCHOOL_YEAR_RE.match(value)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValidationError(_("Une année scolaire s'écrit AAAA-AAAA avec deux années qui se suivent (ex. 2023-2024)."))


class SchoolYear(models.Model):
    """A school year such as 2023-2024 (September to August)."""

    code = models.CharField(_("année scolaire"), max_length=9, unique=True, validators=[validate_school_year])

    class Meta:
        ordering = ["-code"]
        verbose_name = _("année scolaire")
        verbose_name_plural = _("années scolaires")

    def __str__(self):
        return self.code

    @property
    def start_year(self) -> int:
        return int(self.code[:4])

    def next_code(self) -> str:
        return f"{self.start_year + 1}-{self.start_year + 2}"


class Partner(index.Indexed, models.Model):
    """An external organisation (association, local authority, company…) shared across fiches."""

    name = models.CharField(_("nom"), max_length=255, unique=True)
    kind = models.CharField(_("type"), max_length=120, blank=True)
    website = models.URLField(_("site internet"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name

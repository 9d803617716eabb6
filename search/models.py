"""The database backend's index: one denormalised row per published fiche."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class FicheSearchEntry(models.Model):
    """A fiche's search document as the database backend stores it.

    ``title_terms``/``body_terms`` hold the analysed terms (:mod:`search.text`) as
    `` t1 t2 … ``; multi-valued facets are stored as ``|v1|v2|``. Filled from the
    same documents as the Elasticsearch index (:mod:`search.document_data`).
    """

    fiche_id = models.BigIntegerField(_("fiche"), primary_key=True)
    title = models.CharField(_("intitulé"), max_length=255)
    url = models.CharField(_("adresse"), max_length=500, blank=True)
    body = models.TextField(_("texte"), blank=True)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    suggest_key = models.CharField(max_length=255, blank=True, db_index=True)
    academie = models.CharField(max_length=40, blank=True, db_index=True)
    levels = models.CharField(max_length=500, blank=True)
    themes = models.CharField(max_length=500, blank=True)
    dispositifs = models.CharField(max_length=500, blank=True)
    publics = models.CharField(max_length=500, blank=True)
    annees = models.CharField(max_length=500, blank=True)
    etablissement = models.CharField(max_length=255, blank=True)
    commune = models.CharField(max_length=150, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    date = models.DateTimeField(null=True, blank=True, db_index=True)
    revision_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("entrée de l'index de recherche")
        verbose_name_plural = _("entrées de l'index de recherche")
        indexes = [models.Index(fields=["lat", "lon"], name="search_entry_position")]

    def __str__(self):
        return self.title

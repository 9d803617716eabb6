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


class FicheSearchTerm(models.Model):
    """One term of one entry: the posting lists that text search and "similar fiches" read by term.

    One row per distinct term of the entry's title and body. ``weight`` is a bit mask of
    where the term is: ``BODY`` (1), ``TITLE`` (2), or both (3). Written with the entry by
    the database backend; deleting an entry deletes its rows (cascade).
    """

    BODY = 1
    TITLE = 2
    WEIGHTS = (BODY, TITLE, TITLE | BODY)

    pk = models.CompositePrimaryKey("entry", "term")
    entry = models.ForeignKey(FicheSearchEntry, models.CASCADE, related_name="terms", db_index=False)
    term = models.CharField(max_length=60)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("terme de l'index de recherche")
        verbose_name_plural = _("termes de l'index de recherche")
        # (term, entry, weight): a term's posting list is read from the index alone.
        indexes = [models.Index(fields=["term", "entry", "weight"], name="search_term_postings")]

    def __str__(self):
        return self.term


class FicheSearchTermFrequency(models.Model):
    """How many entries hold a term (its document frequency).

    The database backend moves the counts by the terms each of its writes removes and
    adds, and ``rebuild`` recounts them; an entry deleted outside the backend (a bare
    ``FicheSearchEntry`` delete) leaves its terms counted until the next rebuild. The
    counts only choose and weigh the terms of "similar fiches".
    """

    term = models.CharField(max_length=60, primary_key=True)
    documents = models.IntegerField()

    class Meta:
        verbose_name = _("fréquence d'un terme de l'index de recherche")
        verbose_name_plural = _("fréquences des termes de l'index de recherche")

    def __str__(self):
        return f"{self.term} ({self.documents})"

"""The database backend's index: one denormalised row per published fiche."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class FicheSearchEntry(models.Model):
    """A fiche's search document as the database backend stores it.

    ``title_terms`` and ``place_terms`` hold the distinct analysed terms (:mod:`search.text`)
    of the title and of the places as `` t1 t2 … ``, ``body_terms`` every term of the body in
    order (repeats kept: their count is the term frequency); multi-valued facets are stored
    as ``|v1|v2|``. Filled from the same documents as the Elasticsearch index
    (:mod:`search.document_data`).
    """

    fiche_id = models.BigIntegerField(_("fiche"), primary_key=True)
    title = models.CharField(_("intitulé"), max_length=255)
    url = models.CharField(_("adresse"), max_length=500, blank=True)
    body = models.TextField(_("texte"), blank=True)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    places = models.TextField(_("lieux"), blank=True)
    place_terms = models.TextField(blank=True)
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
    # The tokens that open the fiche (fiches.visibility.fiche_tokens) as "|t1|t2|".
    audience = models.TextField(_("public visé"), blank=True, default="|all|public|")

    class Meta:
        verbose_name = _("entrée de l'index de recherche")
        verbose_name_plural = _("entrées de l'index de recherche")
        indexes = [
            models.Index(fields=["lat", "lon"], name="search_entry_position"),
            # What text search reads of every matching entry (visibility, filters, date, facets), from the
            # index alone on PostgreSQL: the table's rows hold the bodies and are ten times wider.
            models.Index(fields=["fiche_id"], name="search_entry_facets",
                         include=["audience", "date", "academie", "levels", "themes", "dispositifs", "publics", "annees"]),
        ]

    def __str__(self):
        return self.title


class FicheSearchTerm(models.Model):
    """One term of one entry: the posting lists that text search and "similar fiches" read by term.

    One row per distinct term of the entry's title, places and body. ``weight`` says where
    the term is and how much it weighs in the body: bits ``BODY`` (1), ``TITLE`` (2) and
    ``PLACE`` (4), and above them (``weight >> BODY_SHIFT``) the term's BM25 body score (its
    count in the body, saturated and normalised by the body's length) in steps of
    ``1 / BODY_STEPS`` (see ``search.backends.database.body_score``).
    Written with the entry by the database backend; deleting an entry deletes its rows (cascade).
    """

    BODY = 1
    TITLE = 2
    PLACE = 4
    BODY_SHIFT = 3
    BODY_STEPS = 14

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


class FicheSearchWord(models.Model):
    """A folded word of the indexed fiches and how many entries hold it: the spelling vocabulary.

    The database backend corrects a query word that no fiche holds to the nearest of these words
    (:mod:`search.spelling`). ``rebuild`` recounts them; other writes add the words of the
    entries they write and take away those of the entries they replace or remove, so a word that
    no public fiche holds any more (edited out, fiche restricted or deleted) is no longer offered.
    """

    word = models.CharField(max_length=60, primary_key=True)
    documents = models.IntegerField()

    class Meta:
        verbose_name = _("mot de l'index de recherche")
        verbose_name_plural = _("mots de l'index de recherche")

    def __str__(self):
        return self.word


class SearchSynonym(models.Model):
    """One line of the vocabulary of the field: equivalent terms, or a one-way expansion.

    Académie moderators edit these in the admin; both search backends expand queries with
    them when the query is run (no reindexing), see :mod:`search.vocabulary`. Seeded from
    ``search/data/vocabulary.txt``.
    """

    terms = models.TextField(
        _("termes"),
        help_text=_("Termes équivalents séparés par des virgules (« mlds, mission de lutte contre le décrochage "
                    "scolaire »), ou « sigle => terme, terme » pour un seul sens."),
    )
    note = models.CharField(_("remarque"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("terme du vocabulaire de recherche")
        verbose_name_plural = _("vocabulaire de la recherche")
        ordering = ["terms"]

    def __str__(self):
        return self.terms[:80]

    def clean(self):
        from django.core.exceptions import ValidationError

        from .vocabulary import MAX_LINE_TERMS, line_terms, parse_line

        rule = parse_line(self.terms)
        if rule is None:
            raise ValidationError({"terms": _("Indiquez au moins deux termes séparés par des virgules, "
                                              "ou « terme => terme ».")})
        if line_terms(rule) > MAX_LINE_TERMS:
            raise ValidationError({"terms": _("Une ligne compte au plus %(max)s termes ; celle-ci en compte %(count)s. "
                                              "Répartissez-les sur plusieurs lignes.")
                                   % {"max": MAX_LINE_TERMS, "count": line_terms(rule)}})

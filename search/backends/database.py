"""Search over the ``FicheSearchEntry`` table, on PostgreSQL or SQLite.

Terms are analysed in Python (:mod:`search.text`: French Snowball stems, accents folded) and
looked up in an inverted index: ``FicheSearchTerm`` holds one row per (entry, term), indexed
by term, whose weight says where the term is (title, places, body) and how often the body
says it, and ``FicheSearchTermFrequency`` how many entries hold each term.

A text search follows the plan of :mod:`search.query` (concepts with their alternatives from
the vocabulary and the word's family, spelling corrected against ``FicheSearchWord``), scores
by grouping the rows of the plan's terms by entry, and keeps the entries that match enough
concepts (:meth:`TermScoring.matching`). A term scores BM25-like: its inverse document
frequency times the weight of its alternative times ``TITLE_WEIGHT`` in the title,
``PLACE_WEIGHT`` in the places, plus a BM25 score in the body (its count saturated and
normalised by the body's length); an entry's score is the sum of its terms' times the share
of the query's concepts it matches. Consecutive query words found side by side in a fiche
add ``PHRASE_BONUS`` to the first page's candidates. A query that would match fewer entries
than a page is run again requiring one concept only (:meth:`search.query.QueryPlan.loosened`).
It never reads the whole entry table.

Without ``near``, one statement scores, sorts and pages (only the page's rows come back)
and counts the facets, hence the total, of the same entries: one ``GROUPING SETS`` pass on
the facet columns on PostgreSQL, one ``GROUP BY`` per column on SQLite. With ``near`` the
bounding box narrows in SQL and the exact radius, distance sort and counts are done on the
remaining rows.

Every write of this backend keeps the tables together. :meth:`similar` keeps the
fiche's most distinctive terms (by inverse document frequency) and scores the other
fiches in one grouped query over those terms' rows, so it never reads the whole table either.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import reduce
from itertools import islice
from operator import or_

from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Cast, Mod

from fiches.visibility import PUBLIC_AUDIENCE, PUBLIC_TOKEN, Audience
from geo.distance import bounding_box, haversine_km

from ..audience import column_tokens, entry_column, entry_filter
from ..facets import FACET_FIELDS, labelled
from ..highlight import EXTRACT_LENGTH, mark_terms, render
from ..models import FicheSearchEntry, FicheSearchTerm, FicheSearchTermFrequency, FicheSearchWord
from ..params import SearchParams
from ..query import QueryPlan, family_weight, plan_query
from ..results import SearchHit, SearchResults, Suggestion
from ..spelling import speller
from ..text import analyze, stem, suggest_key, term_column, words
from .base import Progress, SearchBackend

TITLE_WEIGHT = 2.5
PLACE_WEIGHT = 2.0
K1 = 1.2  # BM25's term-frequency saturation
B = 0.75  # BM25's length normalisation
REFERENCE_LENGTH = 120  # terms: the body length BM25's normalisation is relative to (a fixed average)
PHRASE_BONUS = 1.5
RERANKED = 30
FAMILY_TERMS = 12
SIMILAR_TERMS = 25
# A term in more than this share of the fiches is too common to tell similar ones apart
# (and has the longest posting list); below SIMILAR_MIN_COMMON fiches, no term is.
SIMILAR_MAX_SHARE = 0.3
SIMILAR_MIN_COMMON = 10
WRITE_BATCH = 500
MULTI_VALUED = ("levels", "themes", "dispositifs", "publics", "annees")


def entry_fields(document: dict) -> dict:
    """Column values of a ``FicheSearchEntry`` for one search document."""
    location = document.get("location") or {}
    places = document.get("places", "")
    return {
        "title": document["title"][:255],
        "url": document["url"][:500],
        "body": document["body"],
        "title_terms": term_column(document["title"]),
        "body_terms": " " + " ".join(analyze(document["body"])) + " ",
        "places": places,
        "place_terms": term_column(places),
        "suggest_key": suggest_key(document["title"])[:255],
        "academie": document["academie"],
        **{field: "|" + "|".join(document[field]) + "|" if document[field] else "" for field in MULTI_VALUED},
        "etablissement": document["etablissement"][:255],
        "commune": document["commune"][:150],
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "date": document["date"],
        "revision_id": document["revision_id"],
        "audience": entry_column(document["audience"]),
    }


def entry_terms(fields: dict) -> dict[str, int]:
    """``{term: weight}`` of an entry's ``FicheSearchTerm`` rows, from its term columns.

    The weight holds the bits ``BODY``, ``TITLE`` and ``PLACE`` of where the term is, and
    above them the term's body score (:func:`body_score`) in steps of ``1 / BODY_STEPS``.
    """
    body = fields["body_terms"].split()
    weights = {term: FicheSearchTerm.BODY | round(body_score(n, len(body)) * FicheSearchTerm.BODY_STEPS)
               << FicheSearchTerm.BODY_SHIFT for term, n in Counter(body).items()}
    for term in fields["title_terms"].split():
        weights[term] = weights.get(term, 0) | FicheSearchTerm.TITLE
    for term in fields.get("place_terms", "").split():
        weights[term] = weights.get(term, 0) | FicheSearchTerm.PLACE
    return weights


def body_score(count: int, length: int) -> float:
    """BM25's term-frequency part for a term said ``count`` times in a body of ``length`` terms
    (between 0 and ``K1 + 1``), normalised by a fixed ``REFERENCE_LENGTH`` rather than the
    collection's average, so that it can be stored with the term once and for all."""
    return count * (K1 + 1) / (count + K1 * (1 - B + B * length / REFERENCE_LENGTH))


def entry_words(document: dict) -> set[str]:
    """The folded words of a document (title, body, places): what the speller may correct to.

    Only a public fiche's words: a correction is shown to every visitor (« Essayez avec
    l'orthographe : … »), so it must never offer a word that only a restricted fiche holds.
    A restricted fiche's words are still known (its terms are indexed), so they are never
    "corrected" away for the members who search them.
    """
    if PUBLIC_TOKEN not in document.get("audience", (PUBLIC_TOKEN,)):
        return set()
    return set(words(" ".join((document["title"], document["body"], document.get("places", "")))))


def similar_factor(weight: int) -> float:
    """How much one term of an entry counts for "similar fiches": double in the title."""
    return 2.0 if weight & FicheSearchTerm.TITLE else 1.0


def _bit(mask: int):
    """1 when a ``FicheSearchTerm`` row's weight has bit ``mask``, else 0, as SQL."""
    return Mod(F("weight") / mask, 2)


def idf(documents: int, total: int) -> float:
    return math.log(1 + (total - documents + 0.5) / (documents + 0.5))


def _insert_postings(rows: list[tuple[int, str, int]]) -> None:
    """Insert ``(entry id, term, weight)`` rows: about a hundred per entry, so past the ORM.

    ``COPY`` on PostgreSQL (five times faster than multi-row ``INSERT``s), ``executemany``
    on SQLite (a prepared statement run in C).
    """
    table = connection.ops.quote_name(FicheSearchTerm._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} (entry_id, term, weight) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} (entry_id, term, weight) VALUES (%s, %s, %s)", rows)


def _count_documents(terms: Iterable[str] | None = None) -> None:
    """Recount the document frequencies of ``terms`` (of every term when None) from the term rows.

    Counting, rather than adding what a write changed, keeps the counts exact whatever
    happened to the rows before (an entry deleted outside this backend, say); the terms
    of one benchmark fiche have about 175,000 rows among 10,000 fiches, counted in about 20 ms.
    """
    counts = connection.ops.quote_name(FicheSearchTermFrequency._meta.db_table)
    rows = connection.ops.quote_name(FicheSearchTerm._meta.db_table)
    with connection.cursor() as cursor:
        if terms is None:
            cursor.execute(f"DELETE FROM {counts}")
            cursor.execute(f"INSERT INTO {counts} (term, documents) SELECT term, COUNT(*) FROM {rows} GROUP BY term")
            return
        # In term order, so that concurrent writers lock the counts' rows in the same order.
        for batch in _batches(sorted(set(terms)), 500):
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(
                f"INSERT INTO {counts} (term, documents) SELECT term, COUNT(*) FROM {rows} WHERE term IN ({marks}) "
                f"GROUP BY term ORDER BY term ON CONFLICT (term) DO UPDATE SET documents = excluded.documents",
                batch,
            )
            cursor.execute(
                f"DELETE FROM {counts} WHERE term IN ({marks}) "
                f"AND NOT EXISTS (SELECT 1 FROM {rows} WHERE {rows}.term = {counts}.term)",
                batch,
            )


def _add_words(counts: Counter) -> None:
    """Add ``counts`` (negative for the words of replaced entries) to the spelling vocabulary's document
    counts: new words are inserted, and a word no public entry holds any more is deleted."""
    table = connection.ops.quote_name(FicheSearchWord._meta.db_table)
    rows = [(word, n) for word, n in sorted(counts.items()) if n and len(word) <= 60]
    with connection.cursor() as cursor:
        for batch in _batches(rows, 2000):
            cursor.executemany(
                f"INSERT INTO {table} (word, documents) VALUES (%s, %s) "
                f"ON CONFLICT (word) DO UPDATE SET documents = {table}.documents + excluded.documents",
                batch,
            )
    FicheSearchWord.objects.filter(word__in=[word for word, n in rows if n < 0], documents__lte=0).delete()


def stored_words(entries) -> Counter:
    """The spelling words of stored entries (``title``, ``body``, ``places`` and ``audience`` values)."""
    return Counter(word for entry in entries
                   for word in entry_words({**entry, "audience": column_tokens(entry["audience"])}))


def _analyze() -> None:
    """Refresh PostgreSQL's statistics of the entries and term rows, after a bulk write, and outside
    a transaction their visibility map too (``VACUUM``).

    Text search joins the query terms' rows with the entries. On a freshly loaded table
    with no statistics, PostgreSQL takes a bounding box for a handful of entries and
    rescans the terms' grouped rows for each of them: 170 ms instead of 12 ms for one
    word near a place at 10,000 fiches. Both tables are read from their indexes alone
    (``search_term_postings``, ``search_entry_facets``) only where the visibility map says
    the rows are visible to all; autovacuum would set it later, minutes after a rebuild.
    SQLite plans these queries from its indexes alone.
    """
    if connection.vendor != "postgresql":
        return
    tables = [connection.ops.quote_name(model._meta.db_table) for model in (FicheSearchEntry, FicheSearchTerm)]
    with connection.cursor() as cursor:
        # ANALYZE first: a VACUUM right after the write's commit may not yet see its rows as visible to all.
        for command in ("ANALYZE",) if connection.in_atomic_block else ("ANALYZE", "VACUUM"):
            for table in tables:
                cursor.execute(f"{command} {table}")


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _raw_rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class TermScoring:
    """The query plan as what SQL needs: single terms with their weight (inverse document frequency
    times the weight of their alternative) and concept, and phrases (alternatives of several terms).

    A concept is matched by any of its single terms, or by one of its phrases whose terms the entry
    all holds (in any order); a phrase's terms add to the score only then. A phrase holding a term
    no fiche has is left out. A word's family (indexed terms beginning like its stem) stands for
    the word's concept at :func:`search.query.family_weight` (more when no fiche holds the word).
    """

    def __init__(self, singles: dict[str, tuple[float, int, bool]], phrases: list[tuple[int, dict[str, float]]],
                 concept_count: int):
        self.singles = singles
        self.phrases = phrases
        self.concept_count = max(1, concept_count)

    @property
    def weights(self) -> set[str]:
        """Every term of the plan that some fiche holds."""
        return set(self.singles) | {term for _concept, terms in self.phrases for term in terms}

    marked = weights

    @classmethod
    def of(cls, plan: QueryPlan) -> TermScoring:
        terms = {term for concept in plan.concepts for alternative in concept.alternatives for term in alternative.terms}
        # Every family that may be searched is read with the terms' counts: whether it is depends on them.
        prefixes = {index: concept.family_prefix for index, concept in enumerate(plan.concepts)
                    if plan.uses_family(concept, indexed=False)}
        frequencies, families, total = _term_statistics(terms, prefixes)
        indexed = {index: plan.concepts[index].typed.terms[0] in frequencies for index in families}
        families = {index: family for index, family in families.items()
                    if plan.uses_family(plan.concepts[index], indexed=indexed[index])}
        for family in families.values():
            frequencies.update(family)
        total = max(1, total)
        singles, phrases = {}, []

        def single(term, weight, concept, places=True):
            weight *= idf(frequencies[term], total)
            known_weight, known_concept, known_places = singles.get(term, (0.0, concept, False))
            singles[term] = (max(weight, known_weight), known_concept, places or known_places)

        for index, concept in enumerate(plan.concepts):
            for alternative in concept.alternatives:
                if not alternative.terms or any(term not in frequencies for term in alternative.terms):
                    continue
                if len(alternative.terms) == 1:
                    single(alternative.terms[0], alternative.weight, index, alternative.places)
                else:
                    share = alternative.weight / math.sqrt(len(alternative.terms))
                    rarest_first = sorted(dict.fromkeys(alternative.terms), key=frequencies.get)
                    phrases.append((index, {term: share * idf(frequencies[term], total) for term in rarest_first}))
            for term in families.get(index, {}):
                single(term, family_weight(indexed[index]), index)
        return cls(singles, phrases, len(plan.concepts))

    def matching(self, filters: Q, required: int) -> _Sql:
        """A ``WITH`` clause naming ``matching`` the entries that pass ``filters`` and match ``required`` of the
        plan's concepts, with their ``score``, ``date`` and facet columns, in SQL written here once.

        ``hits`` holds one row (entry, concept, score) per row of a single term, whose weights come
        from a ``VALUES`` list joined on the term, and one per entry holding all the terms of a phrase
        (the phrase's rarest term's rows joined with the others' rows of the same entry, so a phrase
        costs the rows of its rarest term). They are grouped by entry once, into the number of
        concepts matched and the score, times the share of the query's concepts matched; the entries
        are joined last, once, for the filters, the date and the facet columns (read from the index
        ``search_entry_facets`` alone on PostgreSQL).
        """
        concepts = sorted({c for _w, c, _places in self.singles.values()} | {c for c, _terms in self.phrases})
        required = min(required, len(concepts))
        postings = connection.ops.quote_name(FicheSearchTerm._meta.db_table)
        sql, hits = _Sql(), []
        if self.singles:
            sql.add("WITH q (term, concept, title, place, body) AS (VALUES ", [])
            for n, (term, (weight, concept, places)) in enumerate(self.singles.items()):
                sql.add(f"{', ' if n else ''}(%s, {concept}, {_REAL}, {_REAL}, {_REAL})",
                        [term, *_field_weights(weight, places)])
            sql.add("), ", [])
            # A common word found in a fiche's places alone does not match it (search.places.is_place_word).
            hits.append(_Sql().add(f"SELECT t.entry_id, q.concept, {_row_score('t', 'q.title', 'q.place', 'q.body')} "
                                   f"AS score FROM {postings} t JOIN q ON q.term = t.term "
                                   f"WHERE q.place > 0 OR t.weight <> {FicheSearchTerm.PLACE}", []))
        else:
            sql.add("WITH ", [])
        for concept, terms in self.phrases:
            rows = [f"p{n}" for n in range(len(terms))]
            hit = _Sql().add(f"SELECT p0.entry_id, {concept}, ", [])
            for n, (row, weight) in enumerate(zip(rows, terms.values())):
                hit.add(f"{' + ' if n else ''}{_row_score(row, _REAL, _REAL, _REAL)}", _field_weights(weight))
            hit.add(f" FROM {postings} p0", [])
            for row, term in list(zip(rows, terms))[1:]:
                hit.add(f" JOIN {postings} {row} ON {row}.entry_id = p0.entry_id AND {row}.term = %s", [term])
            hits.append(hit.add(" WHERE p0.term = %s", [next(iter(terms))]))
        sql.add("hits (entry_id, concept, score) AS (", [])
        for n, hit in enumerate(hits):
            sql.add(" UNION ALL " if n else "", []).extend(hit)
        matched = " + ".join(f"MAX(CASE WHEN concept = {concept} THEN 1 ELSE 0 END)" for concept in concepts)
        sql.add(f"), scored AS (SELECT entry_id, {matched} AS matched, SUM(score) AS score FROM hits GROUP BY entry_id)", [])
        columns = ["pk", "date", *FACET_FIELDS.values()]
        entries, entry_params = FicheSearchEntry.objects.filter(filters).values(*columns).query.sql_with_params()
        facets = ", ".join(f"e.{connection.ops.quote_name(column)}" for column in columns[1:])
        sql.add(f", matching AS (SELECT s.entry_id, s.matched * s.score / {float(self.concept_count)} AS score, {facets} "
                f"FROM scored s JOIN ({entries}) e ON e.pk = s.entry_id WHERE s.matched >= %s) ",
                [*entry_params, required])
        return sql


_REAL = "CAST(%s AS DOUBLE PRECISION)"


def _field_weights(weight: float, places: bool = True) -> list[float]:
    """A term's score per unit of its row's title bit, place bit and body score (see :func:`_row_score`); nothing
    in the places for a word not searched there (``places`` False)."""
    place = weight * PLACE_WEIGHT / FicheSearchTerm.PLACE if places else 0.0
    return [weight * TITLE_WEIGHT / FicheSearchTerm.TITLE, place, weight / FicheSearchTerm.BODY_STEPS]


def _row_score(row: str, title: str, place: str, body: str) -> str:
    """SQL of a term row's score: ``TITLE_WEIGHT`` in the title, ``PLACE_WEIGHT`` in the places and its body
    score, each times the term's weight, given by :func:`_field_weights` (float arithmetic, bit masks)."""
    return (f"({row}.weight & {FicheSearchTerm.TITLE}) * {title} + ({row}.weight & {FicheSearchTerm.PLACE}) * {place}"
            f" + ({row}.weight >> {FicheSearchTerm.BODY_SHIFT}) * {body}")


class _Sql:
    """SQL text and its parameters, built in order."""

    def __init__(self):
        self.text, self.params = "", []

    def add(self, text: str, params: list) -> _Sql:
        self.text += text
        self.params += params
        return self

    def extend(self, other: _Sql) -> _Sql:
        self.text += other.text
        self.params += other.params
        return self


def _term_statistics(terms: set[str], prefixes: dict[int, str]) -> tuple[dict[str, int], dict[int, dict[str, int]], int]:
    """In one query: the document frequencies of ``terms``, each family of ``prefixes`` (by concept,
    ``{term: documents}`` of the ``FAMILY_TERMS`` most common indexed terms beginning with the prefix,
    a range of the key) and the number of entries."""
    counts = connection.ops.quote_name(FicheSearchTermFrequency._meta.db_table)
    entries = connection.ops.quote_name(FicheSearchEntry._meta.db_table)
    sql = _Sql().add(f"SELECT -2, '', COUNT(*) FROM {entries}", [])
    if terms:
        sql.add(f" UNION ALL SELECT -1, term, documents FROM {counts} WHERE term IN ({', '.join(['%s'] * len(terms))})",
                sorted(terms))
    for concept, prefix in prefixes.items():
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        sql.add(f" UNION ALL SELECT * FROM (SELECT {concept}, term, documents FROM {counts} WHERE term >= %s AND term < %s "
                f"ORDER BY documents DESC, term LIMIT {FAMILY_TERMS}) family_{concept}", [prefix, after])
    frequencies, families, total = {}, {concept: {} for concept in prefixes}, 0
    for concept, term, documents in _raw_rows(sql.text, sql.params):
        if concept == -2:
            total = documents
        elif concept == -1:
            frequencies[term] = documents
        elif term.startswith(prefixes[concept]):
            families[concept][term] = documents
    return frequencies, families, total


def _facet_groups(source: str) -> str:
    """SQL counting the rows of ``source`` (a subquery or a ``WITH`` name with the facet columns) by each
    facet column: rows (NULL, NULL, facet columns, count) where only the counted column is not NULL.
    One ``GROUPING SETS`` pass on PostgreSQL, one ``GROUP BY`` per column elsewhere."""
    columns = [connection.ops.quote_name(column) for column in FACET_FIELDS.values()]
    if connection.vendor == "postgresql":
        sets = ", ".join(f"({column})" for column in columns)
        return f"SELECT NULL, NULL, {', '.join(columns)}, COUNT(*) FROM {source} GROUP BY GROUPING SETS ({sets})"
    return " UNION ALL ".join(
        "SELECT NULL, NULL, " + ", ".join(column if column == counted else "NULL" for column in columns)
        + f", COUNT(*) FROM {source} GROUP BY {counted}"
        for counted in columns
    )


def _facet_counts(groups: Iterable[tuple]) -> tuple[dict[str, dict[str, int]], int]:
    """Facet counts and total from the rows of :func:`_facet_groups` (less their first two columns).

    Multi-valued columns hold few distinct combinations (``|college|lycee|``), so grouping by
    the stored string and splitting the few groups here is exact.
    """
    counts = {name: Counter() for name in FACET_FIELDS}
    total = 0
    for *values, n in groups:
        # Exactly one column is counted in each row (the others are NULL).
        name, raw = next(((name, v) for name, v in zip(FACET_FIELDS, values) if v is not None), (None, None))
        if name is None:
            continue
        if name == "academie":
            total += n
        if FACET_FIELDS[name] in MULTI_VALUED:
            for value in raw.split("|"):
                if value:
                    counts[name][value] += n
        elif raw:
            counts[name][raw] += n
    return counts, total


def rerank(rows: list[tuple[int, float]], entries: dict, plan: QueryPlan) -> list[tuple[int, float]]:
    """Add ``PHRASE_BONUS`` to an entry's score for each pair of consecutive query terms that its
    title or body has side by side (stop words aside), and sort again."""
    query_terms = [term for concept in plan.concepts for term in concept.typed.terms]
    pairs = set(zip(query_terms, query_terms[1:]))
    if not pairs:
        return rows
    rescored = []
    for pk, score in rows:
        entry = entries[pk]
        found = set()
        for column in (entry.title_terms, entry.body_terms):
            sequence = column.split()
            found |= pairs & set(zip(sequence, sequence[1:]))
        rescored.append((pk, score + PHRASE_BONUS * len(found)))
    return sorted(rescored, key=lambda row: -row[1])


class DatabaseSearchBackend(SearchBackend):
    name = "database"

    # --- reading -------------------------------------------------------------

    def search(self, params: SearchParams) -> SearchResults:
        plan = plan_query(params.q, corrections=self.corrections) if params.q else QueryPlan()
        scoring = TermScoring.of(plan) if plan.concepts else None
        if scoring is not None and not scoring.weights:
            return self._results(params, plan, 0, [], {})
        if params.near:
            return self._search_near(params, plan, scoring)
        entries = FicheSearchEntry.objects.filter(self._filters(params))
        if scoring is None:
            counts, total = self._facet_counts_sql(entries)
            ordered = entries.order_by(F("date").desc(nulls_last=True), F("pk").desc())
            page = list(ordered[params.offset: params.offset + params.size]) if params.offset < total else []
            return self._results(params, plan, total, [self._hit(entry, set(), None, None) for entry in page], counts)
        # One statement: the database groups the query terms' rows by entry, scores, sorts and pages
        # (only the page's rows come back) and counts the facets (hence the total) of the same entries.
        window = params.offset + params.size if params.sort == "date" else max(params.offset + params.size, RERANKED)
        rows, counts, total = self._ranked(scoring.matching(self._filters(params), plan.minimum_should_match),
                                           params.sort, window)
        if plan.loosened(total, params.size):
            plan = plan.loosened_plan()
            scoring = TermScoring.of(plan)
            rows, counts, total = self._ranked(scoring.matching(self._filters(params), 1), params.sort, window)
        entries_by_id = FicheSearchEntry.objects.in_bulk([pk for pk, _score in rows])
        if params.sort != "date":
            rows = rerank(rows, entries_by_id, plan)
        hits = [self._hit(entries_by_id[pk], scoring.marked, score, None)
                for pk, score in rows[params.offset: params.offset + params.size]]
        return self._results(params, plan, total, hits, counts)

    @staticmethod
    def _ranked(matching: _Sql, sort: str, limit: int) -> tuple[list[tuple[int, float]], dict, int]:
        """The first ``limit`` (entry id, score) of ``matching`` by score (or date), then date and id,
        with the facet counts and total of all of them, from one query."""
        columns = ", ".join(["NULL"] * len(FACET_FIELDS))
        order = "date DESC NULLS LAST" if sort == "date" else "score DESC, date DESC NULLS LAST"
        sql = _Sql().extend(matching).add(
            f"SELECT * FROM (SELECT entry_id, score, {columns}, 0 FROM matching ORDER BY {order}, entry_id DESC "
            "LIMIT %s) page UNION ALL " + _facet_groups("matching"), [limit])
        rows = _raw_rows(sql.text, sql.params)
        counts, total = _facet_counts(row[2:] for row in rows if row[0] is None)
        return [(row[0], row[1]) for row in rows if row[0] is not None], counts, total

    def corrections(self, word: str) -> list[str] | None:
        """The indexed words a query word that no fiche holds was probably meant to be, most likely first;
        None when some fiche holds it.

        A word whose stem some fiche holds is not misspelt (« intégrer » and « intégration »); a
        correction to a word of the same stem would change nothing.
        """
        if speller.knows(word) or FicheSearchTermFrequency.objects.filter(term=stem(word)).exists():
            return None
        return [fixed for fixed in speller.candidates(word) if stem(fixed) != stem(word)]

    def _results(self, params, plan, total, hits, counts) -> SearchResults:
        return SearchResults(
            count=total, hits=hits, facets=labelled(counts), backend=self.name,
            page=params.page, size=params.size, corrected_query=plan.corrected_query,
        )

    def _search_near(self, params: SearchParams, plan: QueryPlan, scoring) -> SearchResults:
        """Distance filter and sort: the bounding box narrows in SQL, the exact radius is applied here."""
        entries = FicheSearchEntry.objects.filter(self._filters(params))
        scores = {}
        if scoring is not None:
            scores = self._scores(scoring.matching(self._filters(params), plan.minimum_should_match))
            if plan.loosened(len(scores), params.size):
                plan = plan.loosened_plan()
                scoring = TermScoring.of(plan)
                scores = self._scores(scoring.matching(self._filters(params), 1))
            entries = entries.filter(pk__in=list(scores))
        rows = [(pk, scores.get(pk, 0.0), *rest)
                for pk, *rest in entries.values_list("pk", "date", "lat", "lon", *FACET_FIELDS.values())]
        lat, lon = params.near
        distances = {row[0]: haversine_km(lat, lon, row[3], row[4]) for row in rows}
        rows = [row for row in rows if distances[row[0]] <= params.km]
        rows.sort(key=self._sort_key(params.sort, distances))
        page_ids = [row[0] for row in rows[params.offset: params.offset + params.size]]
        found = FicheSearchEntry.objects.in_bulk(page_ids)
        marked = scoring.marked if scoring else set()
        hits = [self._hit(found[pk], marked, scores[pk] if scoring else None, distances.get(pk)) for pk in page_ids]
        return self._results(params, plan, len(rows), hits, self._facet_counts(rows))

    @staticmethod
    def _scores(matching: _Sql) -> dict[int, float]:
        """The score of every entry ``matching`` holds, by entry id."""
        sql = matching.add("SELECT entry_id, score FROM matching", [])
        return dict(_raw_rows(sql.text, sql.params))

    def suggest(self, prefix: str, size: int = 8, audience: Audience = PUBLIC_AUDIENCE) -> list[Suggestion]:
        key = suggest_key(prefix[:100])
        if not key:
            return []
        entries = (
            FicheSearchEntry.objects.filter(Q(suggest_key__startswith=key) | Q(suggest_key__contains=" " + key))
            .filter(entry_filter(audience))
            .order_by("title")[:size]
        )
        return [Suggestion(entry.pk, entry.title, entry.url) for entry in entries]

    def similar(self, fiche_id: int, size: int = 4, audience: Audience = PUBLIC_AUDIENCE) -> list[SearchHit]:
        terms = self._similar_terms(fiche_id)
        if not terms:
            return []
        # One grouped query over the posting lists of the chosen terms: a fiche scores each
        # term's weight, doubled where the term is in its title (similar_factor).
        # Equal scores go to the newest fiche by id: ordering by date would join every candidate.
        term_weight = Case(*(When(term=term, then=Cast(Value(weight), FloatField())) for term, weight in terms.items()),
                           output_field=FloatField())
        candidates = FicheSearchTerm.objects.filter(term__in=terms).exclude(entry_id=fiche_id)
        if not audience.sees_all:
            candidates = candidates.filter(entry_id__in=FicheSearchEntry.objects.filter(entry_filter(audience)).values("pk"))
        rows = (
            candidates.values("entry_id")
            .annotate(score=Sum((Value(1.0) + _bit(FicheSearchTerm.TITLE)) * term_weight, output_field=FloatField()))
            .order_by("-score", "-entry_id")
            .values_list("entry_id", "score")[:size]
        )
        scores = dict(rows)
        others = FicheSearchEntry.objects.in_bulk(list(scores))
        return [self._hit(others[pk], set(), score, None) for pk, score in scores.items()]

    @staticmethod
    def _similar_terms(fiche_id: int) -> dict[str, float]:
        """The fiche's most distinctive terms, at most ``SIMILAR_TERMS``, with their weights.

        A term weighs its inverse document frequency, doubled when it is in the fiche's
        title. Terms no other fiche has cannot match; terms in more than
        ``SIMILAR_MAX_SHARE`` of the fiches say little about a fiche and have the longest
        posting lists, so neither is kept.
        """
        weights = {term: similar_factor(weight) for term, weight
                   in FicheSearchTerm.objects.filter(entry_id=fiche_id).values_list("term", "weight")}
        if not weights:
            return {}
        total = FicheSearchEntry.objects.count()
        frequencies = FicheSearchTermFrequency.objects.filter(
            term__in=weights, documents__gt=1, documents__lte=max(SIMILAR_MIN_COMMON, SIMILAR_MAX_SHARE * total),
        ).values_list("term", "documents")
        scored = {term: weights[term] * math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequencies}
        kept = sorted(scored, key=lambda term: (-scored[term], term))[:SIMILAR_TERMS]
        return {term: scored[term] for term in kept}

    # --- writing -------------------------------------------------------------

    def index_document(self, document: dict) -> None:
        with transaction.atomic():
            _count_documents(self._write([document]))
        speller.forget()

    def remove_fiche(self, fiche_id: int) -> None:
        with transaction.atomic():
            _count_documents(self._write([], [fiche_id]))
        speller.forget()

    def rebuild(self, progress: Progress | None = None) -> int:
        from ..document_data import fiches_to_index, iter_documents

        total = fiches_to_index().count()
        done = 0
        vocabulary = Counter()
        with transaction.atomic():  # readers see the old rows until the commit
            FicheSearchTerm.objects.all().delete()
            FicheSearchEntry.objects.only("pk").delete()  # keys only: the cascade finds no term rows left
            FicheSearchWord.objects.all().delete()
            for batch in _batches(iter_documents(), WRITE_BATCH):
                self._insert(batch)
                vocabulary.update(word for document in batch for word in entry_words(document))
                done += len(batch)
                if progress:
                    progress(done, total)
            _count_documents()
            _add_words(vocabulary)
        _analyze()
        speller.forget()
        return done

    def index_documents(self, documents) -> int:
        count, touched = 0, set()
        with transaction.atomic():
            for batch in _batches(documents, WRITE_BATCH):
                touched |= self._write(batch)
                count += len(batch)
            _count_documents(touched)
        _analyze()
        speller.forget()
        return count

    def count_indexed(self) -> int:
        return FicheSearchEntry.objects.count()

    def indexed_revisions(self) -> dict[int, int | None]:
        return dict(FicheSearchEntry.objects.values_list("pk", "revision_id"))

    # --- helpers -------------------------------------------------------------

    def _write(self, documents: list[dict], removed: Iterable[int] = ()) -> set[str]:
        """Write the entries of ``documents`` and delete those of ``removed``, with their term rows.

        Returns the terms removed or added, whose document frequencies are to be recounted.
        The fiches' entries are locked first, so that a second writer of the same fiche
        waits and then replaces the rows the first one wrote.
        """
        ids = [document["id"] for document in documents] + list(removed)
        list(FicheSearchEntry.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
        postings = FicheSearchTerm.objects.filter(entry_id__in=ids)
        touched = set(postings.values_list("term", flat=True))
        words_counted = Counter(word for document in documents for word in entry_words(document))
        words_counted.subtract(stored_words(
            FicheSearchEntry.objects.filter(pk__in=ids).values("title", "body", "places", "audience")))
        postings.delete()
        # The cascade to the term rows (already deleted) needs the keys only.
        FicheSearchEntry.objects.filter(pk__in=ids).only("pk").delete()
        _add_words(words_counted)
        return touched | self._insert(documents)

    @staticmethod
    def _insert(documents: list[dict]) -> set[str]:
        """Create the entries and term rows of ``documents``; return their terms."""
        entries, postings = [], []
        for document in documents:
            fields = entry_fields(document)
            entries.append(FicheSearchEntry(pk=document["id"], **fields))
            postings += [(document["id"], term, weight) for term, weight in entry_terms(fields).items()]
        FicheSearchEntry.objects.bulk_create(entries)
        _insert_postings(postings)
        return {term for _entry, term, _weight in postings}

    @staticmethod
    def _filters(params: SearchParams) -> Q:
        """The visibility filter, facet filters and bounding box of ``params`` on the entries."""
        condition = entry_filter(params.audience)
        for name, values in params.filters.items():
            field = FACET_FIELDS[name]
            if FACET_FIELDS[name] in MULTI_VALUED:
                condition &= reduce(or_, (Q(**{f"{field}__contains": f"|{v}|"}) for v in values))
            else:
                condition &= Q(**{f"{field}__in": values})
        if params.near:
            box = bounding_box(params.near[0], params.near[1], params.km)
            condition &= Q(lat__gte=box.min_lat, lat__lte=box.max_lat)
            if box.min_lon <= box.max_lon:
                condition &= Q(lon__gte=box.min_lon, lon__lte=box.max_lon)
            else:
                condition &= Q(lon__gte=box.min_lon) | Q(lon__lte=box.max_lon)
        return condition

    @staticmethod
    def _sort_key(sort: str, distances: dict):
        def date_key(row):
            return row[2].timestamp() if row[2] else float("-inf")

        if sort == "distance":
            return lambda row: (distances[row[0]], -date_key(row), -row[0])
        if sort == "date":
            return lambda row: (-date_key(row), -row[0])
        return lambda row: (-(row[1] or 0.0), -date_key(row), -row[0])

    @staticmethod
    def _facet_counts_sql(queryset) -> tuple[dict[str, dict[str, int]], int]:
        """Facet counts and total of ``queryset``, grouped in SQL by each facet column."""
        sql, sql_params = queryset.values(*FACET_FIELDS.values()).order_by().query.sql_with_params()
        return _facet_counts(row[2:] for row in _raw_rows(f"WITH facet_rows AS ({sql}) " + _facet_groups("facet_rows"),
                                                          sql_params))

    @staticmethod
    def _facet_counts(rows) -> dict[str, dict[str, int]]:
        counts = {name: Counter() for name in FACET_FIELDS}
        for row in rows:
            for name, raw in zip(FACET_FIELDS, row[5:]):
                field = FACET_FIELDS[name]
                if field in MULTI_VALUED:
                    counts[name].update(value for value in raw.split("|") if value)
                elif raw:
                    counts[name][raw] += 1
        return counts

    @staticmethod
    def _hit(entry: FicheSearchEntry, terms: set[str], score, distance) -> SearchHit:
        return SearchHit(
            id=entry.pk, title=entry.title, url=entry.url, academie=entry.academie,
            etablissement=entry.etablissement, commune=entry.commune, lat=entry.lat, lon=entry.lon,
            score=score, highlight=render(mark_terms(entry.body, terms, EXTRACT_LENGTH)),
            distance_km=round(distance, 2) if distance is not None else None,
        )

"""Search over the ``FicheSearchEntry`` table, on PostgreSQL or SQLite.

Terms are analysed in Python (:mod:`search.text`) and looked up in an inverted index:
``FicheSearchTerm`` holds one row per (entry, term), indexed by term, whose weight says
where the term is (``BODY``, ``TITLE`` or both bits), and ``FicheSearchTermFrequency`` how
many entries hold each term. A text search keeps the entries holding every query term,
grouped from those terms' rows, and scores each entry 3 per query term found in its title
plus 1 per term found in its body, from its own rows of those terms (read by primary key).
It never reads the whole entry table. Known gaps against Elasticsearch: no term-frequency
or length normalisation in ranking, no fuzzy matching.

Without ``near``, PostgreSQL/SQLite sort and page (only the page's rows are read) and
the facet counts, hence the total, come from one ``GROUPING SETS`` query on the facet
columns (one ``GROUP BY`` per column elsewhere). With ``near`` the bounding box narrows
in SQL and the exact radius, distance sort and counts are done on the remaining rows.

Every write of this backend keeps the three tables together. :meth:`similar` keeps the
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
from django.db.models import Case, Count, F, FloatField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast

from geo.distance import bounding_box, haversine_km

from ..facets import FACET_FIELDS, labelled
from ..highlight import EXTRACT_LENGTH, mark_terms, render
from ..models import FicheSearchEntry, FicheSearchTerm, FicheSearchTermFrequency
from ..params import SearchParams
from ..results import SearchHit, SearchResults, Suggestion
from ..text import analyze, suggest_key, term_column
from .base import Progress, SearchBackend

MAX_QUERY_TERMS = 32
TITLE_WEIGHT = 3.0
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
    return {
        "title": document["title"][:255],
        "url": document["url"][:500],
        "body": document["body"],
        "title_terms": term_column(document["title"]),
        "body_terms": term_column(document["body"]),
        "suggest_key": suggest_key(document["title"])[:255],
        "academie": document["academie"],
        **{field: "|" + "|".join(document[field]) + "|" if document[field] else "" for field in MULTI_VALUED},
        "etablissement": document["etablissement"][:255],
        "commune": document["commune"][:150],
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "date": document["date"],
        "revision_id": document["revision_id"],
    }


def entry_terms(fields: dict) -> dict[str, int]:
    """``{term: weight}`` of an entry's ``FicheSearchTerm`` rows, from its term columns.

    The weight is a bit mask of where the term is: ``BODY``, ``TITLE`` or both.
    """
    weights = dict.fromkeys(fields["body_terms"].split(), FicheSearchTerm.BODY)
    for term in fields["title_terms"].split():
        weights[term] = weights.get(term, 0) | FicheSearchTerm.TITLE
    return weights


def search_score(weight: int) -> float:
    """What one query term found in an entry adds to its score: 3 in the title plus 1 in the body."""
    return TITLE_WEIGHT * bool(weight & FicheSearchTerm.TITLE) + bool(weight & FicheSearchTerm.BODY)


def similar_factor(weight: int) -> float:
    """How much one term of an entry counts for "similar fiches": double in the title."""
    return 2.0 if weight & FicheSearchTerm.TITLE else 1.0


def _by_weight(score) -> Case:
    """``score(weight)`` of a ``FicheSearchTerm`` row, as a SQL expression."""
    return Case(*(When(weight=weight, then=Value(score(weight))) for weight in FicheSearchTerm.WEIGHTS),
                output_field=FloatField())


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


def _analyze() -> None:
    """Refresh PostgreSQL's statistics of the entries and term rows, after a bulk write.

    Text search joins the query terms' rows with the entries. On a freshly loaded table
    with no statistics, PostgreSQL takes a bounding box for a handful of entries and
    rescans the terms' grouped rows for each of them: 170 ms instead of 12 ms for one
    word near a place at 10,000 fiches. SQLite plans these queries from its indexes alone.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (FicheSearchEntry, FicheSearchTerm):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _raw_rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class DatabaseSearchBackend(SearchBackend):
    name = "database"

    # --- reading -------------------------------------------------------------

    def search(self, params: SearchParams) -> SearchResults:
        terms = list(dict.fromkeys(analyze(params.q)))[:MAX_QUERY_TERMS]
        if params.near:
            return self._search_near(params, terms)
        # Without a distance, the database sorts and pages: only the page's rows come back,
        # and facet counts (hence the total) come from one aggregate query on the facet columns.
        filtered = self._filtered(FicheSearchEntry.objects.all(), terms, params)
        counts, total = self._facet_counts_sql(filtered)
        date_desc = F("date").desc(nulls_last=True)
        if terms and params.sort != "date":
            ordered = filtered.annotate(score=self._score(terms)).order_by(F("score").desc(), date_desc, F("pk").desc())
        elif terms:
            ordered = filtered.annotate(score=self._score(terms)).order_by(date_desc, F("pk").desc())
        else:
            ordered = filtered.order_by(date_desc, F("pk").desc())
        page = list(ordered[params.offset: params.offset + params.size]) if params.offset < total else []
        term_set = set(terms)
        hits = [self._hit(entry, term_set, entry.score if terms else None, None) for entry in page]
        return SearchResults(
            count=total, hits=hits, facets=labelled(counts),
            backend=self.name, page=params.page, size=params.size,
        )

    def _search_near(self, params: SearchParams, terms: list[str]) -> SearchResults:
        """Distance filter and sort: the bounding box narrows in SQL, the exact radius is applied here."""
        queryset = self._filtered(FicheSearchEntry.objects.all(), terms, params)
        queryset = queryset.annotate(score=self._score(terms) if terms else Value(0.0, output_field=FloatField()))
        rows = list(queryset.values_list("pk", "score", "date", "lat", "lon", *FACET_FIELDS.values()))
        lat, lon = params.near
        distances = {row[0]: haversine_km(lat, lon, row[3], row[4]) for row in rows}
        rows = [row for row in rows if distances[row[0]] <= params.km]
        rows.sort(key=self._sort_key(params.sort, distances))
        page_ids = [row[0] for row in rows[params.offset: params.offset + params.size]]
        scores = {row[0]: row[1] for row in rows}
        entries = FicheSearchEntry.objects.in_bulk(page_ids)
        hits = [
            self._hit(entries[pk], set(terms), scores[pk] if terms else None, distances.get(pk))
            for pk in page_ids
        ]
        return SearchResults(
            count=len(rows), hits=hits, facets=labelled(self._facet_counts(rows)),
            backend=self.name, page=params.page, size=params.size,
        )

    def suggest(self, prefix: str, size: int = 8) -> list[Suggestion]:
        key = suggest_key(prefix[:100])
        if not key:
            return []
        entries = (
            FicheSearchEntry.objects.filter(Q(suggest_key__startswith=key) | Q(suggest_key__contains=" " + key))
            .order_by("title")[:size]
        )
        return [Suggestion(entry.pk, entry.title, entry.url) for entry in entries]

    def similar(self, fiche_id: int, size: int = 4) -> list[SearchHit]:
        terms = self._similar_terms(fiche_id)
        if not terms:
            return []
        # One grouped query over the posting lists of the chosen terms: a fiche scores each
        # term's weight, doubled where the term is in its title (similar_factor).
        # Equal scores go to the newest fiche by id: ordering by date would join every candidate.
        term_weight = Case(*(When(term=term, then=Cast(Value(weight), FloatField())) for term, weight in terms.items()),
                           output_field=FloatField())
        rows = (
            FicheSearchTerm.objects.filter(term__in=terms).exclude(entry_id=fiche_id)
            .values("entry_id")
            .annotate(score=Sum(_by_weight(similar_factor) * term_weight, output_field=FloatField()))
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

    def remove_fiche(self, fiche_id: int) -> None:
        with transaction.atomic():
            _count_documents(self._write([], [fiche_id]))

    def rebuild(self, progress: Progress | None = None) -> int:
        from ..document_data import fiches_to_index, iter_documents

        total = fiches_to_index().count()
        done = 0
        with transaction.atomic():  # readers see the old rows until the commit
            FicheSearchTerm.objects.all().delete()
            FicheSearchEntry.objects.only("pk").delete()  # keys only: the cascade finds no term rows left
            for batch in _batches(iter_documents(), WRITE_BATCH):
                self._insert(batch)
                done += len(batch)
                if progress:
                    progress(done, total)
            _count_documents()
            _analyze()
        return done

    def index_documents(self, documents) -> int:
        count, touched = 0, set()
        with transaction.atomic():
            for batch in _batches(documents, WRITE_BATCH):
                touched |= self._write(batch)
                count += len(batch)
            _count_documents(touched)
            _analyze()
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
        postings.delete()
        # The cascade to the term rows (already deleted) needs the keys only.
        FicheSearchEntry.objects.filter(pk__in=ids).only("pk").delete()
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
    def _score(terms: list[str]) -> Subquery:
        """An entry's score: the search scores of its rows of ``terms``, found by primary key."""
        rows = (
            FicheSearchTerm.objects.filter(entry_id=OuterRef("pk"), term__in=terms)
            .values("entry_id").annotate(score=Sum(_by_weight(search_score))).values("score")
        )
        return Subquery(rows, output_field=FloatField())

    def _filtered(self, queryset, terms: list[str], params: SearchParams):
        if terms:
            # The entries holding every term: the terms' rows grouped by entry.
            holding = (
                FicheSearchTerm.objects.filter(term__in=terms).values("entry_id")
                .annotate(found=Count("term")).filter(found=len(terms)).values("entry_id")
            )
            queryset = queryset.filter(pk__in=holding)
        for name, values in params.filters.items():
            field = FACET_FIELDS[name]
            if field in MULTI_VALUED:
                queryset = queryset.filter(reduce(or_, (Q(**{f"{field}__contains": f"|{v}|"}) for v in values)))
            else:
                queryset = queryset.filter(**{f"{field}__in": values})
        if params.near:
            box = bounding_box(params.near[0], params.near[1], params.km)
            queryset = queryset.filter(lat__gte=box.min_lat, lat__lte=box.max_lat)
            if box.min_lon <= box.max_lon:
                queryset = queryset.filter(lon__gte=box.min_lon, lon__lte=box.max_lon)
            else:
                queryset = queryset.filter(Q(lon__gte=box.min_lon) | Q(lon__lte=box.max_lon))
        return queryset

    @staticmethod
    def _sort_key(sort: str, distances: dict):
        def date_key(row):
            return row[2].timestamp() if row[2] else float("-inf")

        if sort == "distance":
            return lambda row: (distances[row[0]], -date_key(row), -row[0])
        if sort == "date":
            return lambda row: (-date_key(row), -row[0])
        return lambda row: (-row[1], -date_key(row), -row[0])

    @staticmethod
    def _facet_counts_sql(queryset) -> tuple[dict[str, dict[str, int]], int]:
        """Facet counts and total of ``queryset``, grouped in SQL by each facet column.

        Multi-valued columns hold few distinct combinations (``|college|lycee|``), so
        grouping by the stored string and splitting the few groups here is exact.
        """
        columns = list(FACET_FIELDS.values())
        counts = {name: Counter() for name in FACET_FIELDS}
        name_of = {field: name for name, field in FACET_FIELDS.items()}
        if connection.vendor == "postgresql":
            grouped = queryset.values(*columns).order_by()
            sql, sql_params = grouped.query.get_compiler(using=queryset.db).as_sql()
            cols = ", ".join(connection.ops.quote_name(c) for c in columns)
            sets = ", ".join(f"({connection.ops.quote_name(c)})" for c in columns)
            sql = f"SELECT {cols}, COUNT(*) FROM ({sql}) facet_rows GROUP BY GROUPING SETS ({sets})"
            groups = []
            for *values, n in _raw_rows(sql, sql_params):
                # In each grouping set exactly one column is grouped (the others are NULL).
                field, raw = next(((f, v) for f, v in zip(columns, values) if v is not None), (None, None))
                groups.append((field, raw, n))
        else:
            groups = [
                (field, raw, n)
                for field in columns
                for raw, n in queryset.values(field).annotate(n=Count("pk")).order_by().values_list(field, "n")
            ]
        total = 0
        for field, raw, n in groups:
            if field is None:
                continue
            if field == FACET_FIELDS["academie"]:
                total += n
            name = name_of[field]
            if field in MULTI_VALUED:
                for value in raw.split("|"):
                    if value:
                        counts[name][value] += n
            elif raw:
                counts[name][raw] += n
        return counts, total

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

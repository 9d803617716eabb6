"""Search over the ``FicheSearchEntry`` table, on PostgreSQL or SQLite.

Terms are analysed in Python (:mod:`search.text`) and matched as whole terms
with ``LIKE``; the score is 3 per query term found in the title plus 1 per term
found in the body. Known gaps against Elasticsearch: no term-frequency or
length normalisation in ranking, no fuzzy matching.

Without ``near``, PostgreSQL/SQLite sort and page (only the page's rows are read) and
the facet counts, hence the total, come from one ``GROUPING SETS`` query on the facet
columns (one ``GROUP BY`` per column elsewhere). With ``near`` the bounding box narrows
in SQL and the exact radius, distance sort and counts are done on the remaining rows.
"""
from __future__ import annotations

from collections import Counter
from functools import reduce
from operator import add, or_

from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, Q, Value, When

from geo.distance import bounding_box, haversine_km

from ..facets import FACET_FIELDS, labelled
from ..highlight import EXTRACT_LENGTH, mark_terms, render
from ..models import FicheSearchEntry
from ..params import SearchParams
from ..results import SearchHit, SearchResults, Suggestion
from ..text import analyze, suggest_key, term_column
from .base import Progress, SearchBackend

MAX_QUERY_TERMS = 32
TITLE_WEIGHT = 3.0
SIMILAR_TERMS = 25
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
        entry = FicheSearchEntry.objects.filter(pk=fiche_id).first()
        if entry is None:
            return []
        # The fiche's title terms weigh more than its body terms, wherever the other fiche has them;
        # they come first, so that a long body never pushes them out of the SIMILAR_TERMS kept.
        weights = dict.fromkeys(entry.title_terms.split(), 2.0)
        weights |= {term: 1.0 for term in entry.body_terms.split() if term not in weights}
        terms = list(weights)[:SIMILAR_TERMS]
        if not terms:
            return []
        if connection.vendor == "postgresql":
            scores = self._similar_scores_sql(fiche_id, terms, weights, size)
            others = FicheSearchEntry.objects.in_bulk([pk for pk, _score in scores])
            return [self._hit(others[pk], set(), score, None) for pk, score in scores]
        score = reduce(add, (Case(When(self._term_q(term), then=Value(weights[term])), default=Value(0.0),
                                  output_field=FloatField()) for term in terms))
        queryset = (
            FicheSearchEntry.objects.exclude(pk=fiche_id)
            .filter(reduce(or_, (self._term_q(term) for term in terms)))
            .annotate(score=score)
            .order_by("-score", "-date")[:size]
        )
        return [self._hit(other, set(), other.score, None) for other in queryset]

    @staticmethod
    def _similar_scores_sql(fiche_id: int, terms: list[str], weights: dict, size: int) -> list[tuple[int, float]]:
        """``[(fiche id, score)]`` as the ORM query of :meth:`similar` computes them, in one pass.

        Each row's terms are concatenated once and each term looked up with ``strpos``
        (the ORM version runs two ``LIKE`` per term and again in the filter).
        """
        table = connection.ops.quote_name(FicheSearchEntry._meta.db_table)
        score = " + ".join("CASE WHEN strpos(all_terms, %s) > 0 THEN %s ELSE 0 END" for _ in terms)
        params = [param for term in terms for param in (f" {term} ", weights[term])]
        sql = (
            f"SELECT fiche_id, score FROM (SELECT fiche_id, date, ({score})::float8 AS score FROM "
            f"(SELECT fiche_id, date, title_terms || body_terms AS all_terms FROM {table} "
            f"WHERE fiche_id <> %s OFFSET 0) AS entries) AS scored "
            f"WHERE score > 0 ORDER BY score DESC, date DESC LIMIT %s"
        )
        return [(pk, score) for pk, score in _raw_rows(sql, [*params, fiche_id, size])]

    # --- writing -------------------------------------------------------------

    def index_document(self, document: dict) -> None:
        FicheSearchEntry.objects.update_or_create(pk=document["id"], defaults=entry_fields(document))

    def remove_fiche(self, fiche_id: int) -> None:
        FicheSearchEntry.objects.filter(pk=fiche_id).delete()

    def rebuild(self, progress: Progress | None = None) -> int:
        from ..document_data import fiches_to_index, iter_documents

        total = fiches_to_index().count()
        done = 0
        with transaction.atomic():  # readers see the old rows until the commit
            FicheSearchEntry.objects.all().delete()
            batch = []
            for document in iter_documents():
                batch.append(FicheSearchEntry(pk=document["id"], **entry_fields(document)))
                if len(batch) >= 500:
                    done += self._flush(batch, done, total, progress)
            done += self._flush(batch, done, total, progress)
        return done

    def index_documents(self, documents) -> int:
        batch = [FicheSearchEntry(pk=doc["id"], **entry_fields(doc)) for doc in documents]
        FicheSearchEntry.objects.filter(pk__in=[entry.pk for entry in batch]).delete()
        FicheSearchEntry.objects.bulk_create(batch, batch_size=1000)
        return len(batch)

    def count_indexed(self) -> int:
        return FicheSearchEntry.objects.count()

    def indexed_revisions(self) -> dict[int, int | None]:
        return dict(FicheSearchEntry.objects.values_list("pk", "revision_id"))

    # --- helpers -------------------------------------------------------------

    @staticmethod
    def _flush(batch, done, total, progress) -> int:
        FicheSearchEntry.objects.bulk_create(batch)
        count = len(batch)
        batch.clear()
        if progress:
            progress(done + count, total)
        return count

    @staticmethod
    def _term_q(term: str) -> Q:
        return Q(title_terms__contains=f" {term} ") | Q(body_terms__contains=f" {term} ")

    @staticmethod
    def _score(terms: list[str]):
        weights = []
        for term in terms:
            weights.append(Case(When(title_terms__contains=f" {term} ", then=Value(TITLE_WEIGHT)),
                                default=Value(0.0), output_field=FloatField()))
            weights.append(Case(When(body_terms__contains=f" {term} ", then=Value(1.0)),
                                default=Value(0.0), output_field=FloatField()))
        return reduce(add, weights)

    def _filtered(self, queryset, terms: list[str], params: SearchParams):
        for term in terms:
            queryset = queryset.filter(self._term_q(term))
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

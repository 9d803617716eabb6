"""Search through Elasticsearch (elasticsearch-dsl), behind the alias ``<index>``.

Each rebuild writes a new index ``<index>-<timestamp>`` and swaps the alias to it in
one ``_aliases`` call, so searches never see a half-built index; the old index is
deleted afterwards. The query text is only ever passed as data to ``match``-type
queries (never parsed as query syntax). An unreachable node raises :class:`SearchUnavailable`.

A text query follows the plan of :mod:`search.query`, as the database backend does: each
concept is a ``dis_max`` of its alternatives (the typed words on title, places and body, a word scored
with one document frequency for the three fields (``cross_fields``) as on the database backend, which
the index's search analyzer expands with the vocabulary's synonym graph, see :mod:`search.documents`;
the word's family as a stem prefix on the folded words of ``spell``, one indexed term of its word
beginnings, see :data:`search.documents.FAMILY_PREFIXES`), and a fiche must match
``minimum_should_match`` concepts; coordination (the share of concepts matched) and the query's words
side by side (``slop`` 3, a phrase boost) rescore the first ``RESCORE_WINDOW`` fiches (ranked by score
alone, then). Facets are counted by one aggregation over ``facet_values``. Typos: given a ``corrector``
(the database backend's, over the indexed words it keeps beside
this index: :func:`search.backends.get_search_backend` wires it), a word no fiche holds is corrected
before the one request is sent, as on the database backend. Without one, a term suggester on the
folded, unstemmed ``spell`` field, in the same request, spots the words no fiche holds; when it
corrects one, the query is run again with the correction, a second request for queries with a typo.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
import logging
from datetime import datetime, timezone
from itertools import islice

from elastic_transport import TransportError
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError
from elasticsearch.helpers import BulkIndexError, bulk, parallel_bulk, scan
from elasticsearch_dsl import Search
from rapidfuzz.distance import OSA

from fiches.visibility import EVERY_FICHE, PUBLIC_AUDIENCE, Audience
from geo.distance import haversine_km

from ..audience import es_filter
from ..documents import INDEX_SETTINGS, es_source, make_index
from ..facets import FACET_FIELDS, FACET_SIZE, labelled
from ..highlight import EXTRACT_LENGTH, MARK_END, MARK_START, render
from ..params import SearchParams
from ..query import Concept, QueryPlan, family_weight, plan_query
from ..spelling import max_edits
from ..text import fold, stem
from ..vocabulary import current_lines, rules_version, synonym_rules
from ..results import SearchHit, SearchResults, Suggestion
from .base import Progress, SearchBackend, SearchRefused, SearchUnavailable

logger = logging.getLogger(__name__)

TEXT_FIELDS = ["title^2.5", "places^2", "body"]
# A common word is not searched in the places (search.places.is_place_word).
NO_PLACE_FIELDS = ["title^2.5", "body"]
PHRASE_FIELDS = ["title^2", "body"]
# A word query blends one inverse document frequency over the fields (cross_fields); a phrase query cannot, and scores
# each field with its own. On the short ``places`` field a vocabulary phrase's acronym that few structures carry
# (« lycée pro » → « LP ») then weighs about twice its whole-fiche weight, and the places boost doubled it again: it
# outweighed a query's rare body word (8.3 against 4.5 for « voilier »). Such phrases are not boosted on places.
VOCABULARY_PHRASE_FIELDS = ["title^2.5", "places", "body"]
PHRASE_SLOP = 3
# The phrase boost counts for half its score: a whole phrase query's score (idf and frequency of each word)
# outweighed the title on two-word queries (« jardiner au collège » ranked a fiche saying « collège … jardin »
# in its body above « Le jardin pédagogique »), where the database backend adds a fixed PHRASE_BONUS per pair.
PHRASE_WEIGHT = 0.5
ALTERNATIVE_SLOP = 2
SYNONYM_SLOP = 4
SPELLING_SUGGESTER = {
    "field": "spell", "suggest_mode": "missing", "min_word_length": 4, "prefix_length": 1,
    "max_edits": 2, "size": 1, "sort": "score",
}
FAMILY_TERMS = 12
# The first fiches (at least those of the page asked) that coordination and the phrase boost rescore.
RESCORE_WINDOW = 100
BULK_CHUNK = 1000
BULK_THREADS = 2
# Merging a 100,000-fiche index into one segment per shard takes some 20-40 s.
MERGE_TIMEOUT = 600
# Creating an index (its analyzers, the vocabulary's synonym map) took over the 5 s of a search on a busy node, and
# deleting the index a failed rebuild left waits behind that creation: a rebuild is no visitor's request.
INDEX_ADMIN_TIMEOUT = 60
SIMILAR_QUERY_TERMS = 25


def concept_query(concept: Concept, family: bool, native_vocabulary: bool = True) -> dict:
    """The best of a concept's alternatives: typed words, vocabulary phrases, word family.

    With ``native_vocabulary`` the index's search analyzer expands the typed words with the vocabulary
    (synonym graph), so the vocabulary's phrases are not sent again.
    """
    queries = []
    for alternative in concept.alternatives:
        if native_vocabulary and alternative.vocabulary:
            continue
        match = {"query": alternative.text, "fields": TEXT_FIELDS if alternative.places else NO_PLACE_FIELDS,
                 "boost": alternative.weight}
        if native_vocabulary and concept.has_phrase:
            # The typed words and the synonym graph's phrases come without the holes their stop words leave in
            # the index (« mission de lutte contre le décrochage » for « MLDS »): a phrase query, with room for
            # them. A word whose synonyms are words (« théâtre » => « comédiens ») is a word query (below),
            # which the graph expands too: a phrase query there reads positions for nothing (a fifth of a long
            # question's time at 100,000 fiches).
            match.update(type="phrase", slop=SYNONYM_SLOP,
                         fields=VOCABULARY_PHRASE_FIELDS if alternative.places else NO_PLACE_FIELDS)
        elif len(alternative.text.split()) > 1:
            # A phrase; the typed words come without their stop words, whose positions the index keeps.
            match.update(type="phrase", slop=ALTERNATIVE_SLOP)
        else:
            # A word scores with one inverse document frequency for title, places and body (blended), as on the
            # database backend: per field, « élèves », in nearly every body but in few titles, weighed in a title
            # like a rare word and put « Travaux d'élèves » first for any question about pupils.
            match.update(type="cross_fields")
        queries.append({"multi_match": match})
    if family:
        # On the folded words of title, places and body (``spell``), whose beginnings are indexed: a family
        # prefix is then one term, read and scored (BM25) as such, a rare family weighing more. A prefix longer
        # than those beginnings (or on an index built before them) is expanded to the words it begins, scored
        # like them (top_terms rewrite).
        queries.append({"prefix": {"spell": {"value": concept.family_prefix, "rewrite": f"top_terms_{FAMILY_TERMS}",
                                             "boost": family_weight(concept.held)}}})
    return {"dis_max": {"queries": queries, "tie_breaker": 0.2}}


def text_query(plan: QueryPlan, required: int, native_vocabulary: bool = True) -> tuple[dict, list[dict]]:
    """The query that finds, counts and first ranks the fiches (concepts, ``required`` of them at least),
    and the rescoring of the best of them: coordination, then a boost for the query's words side by side.

    Every fiche matching the query is scored and counted (facets need them all), so that query is kept to
    the concepts; coordination and the phrase boost, each a second pass over the concepts' postings, are
    applied to the first fiches only (``rescore``): scored so at 100,000 fiches, they cost more than the
    rest of the search.
    """
    concepts = [concept_query(concept, plan.uses_family(concept), native_vocabulary) for concept in plan.concepts]
    query = {"bool": {"should": concepts, "minimum_should_match": min(required, len(plan.concepts))}}
    rescores = []
    if len(concepts) > 1:
        # Coordination, as on the database backend: the score times the share of the concepts matched.
        rescores.append({"score_mode": "multiply", "rescore_query": {"function_score": {
            "query": {"match_all": {}}, "score_mode": "sum", "boost_mode": "replace",
            "functions": [{"filter": concept, "weight": 1 / len(concepts)} for concept in concepts]}}})
    if len(plan.words) > 1:
        rescores.append({"score_mode": "total", "rescore_query_weight": PHRASE_WEIGHT, "rescore_query": {"multi_match": {
            "query": " ".join(plan.words), "fields": PHRASE_FIELDS, "type": "phrase", "slop": PHRASE_SLOP,
            # The typed words side by side, without the vocabulary: through the synonym graph, a phrase of several
            # vocabulary words is every combination of their phrases (« MLDS GPDS PAFI … » passed Lucene's 8,192
            # clauses, a 400; eight everyday words took 0.7 s at 100,000 fiches).
            "analyzer": "french_text"}}})
    return query, rescores


def highlight_query(plan: QueryPlan, native_vocabulary: bool = True) -> dict:
    """The words to mark in a hit's body: each concept's alternatives matched on ``body`` alone (its search
    analyzer adds the vocabulary's synonyms; a phrase stays a phrase). The same marks as with the whole text
    query, which the highlighter weighed again on each hit over the three fields (a tenth of a 12-word
    question's time at 100,000 fiches)."""
    should = []
    for concept in plan.concepts:
        for alternative in concept.alternatives:
            if native_vocabulary and alternative.vocabulary:
                continue
            if concept.has_phrase or len(alternative.text.split()) > 1:
                should.append({"match_phrase": {"body": {"query": alternative.text, "slop": SYNONYM_SLOP}}})
            else:
                should.append({"match": {"body": {"query": alternative.text}}})
    return {"bool": {"should": should}}


def spelling_corrections(plan: QueryPlan, response: dict) -> dict[str, str]:
    """``{word: correction}`` of the suggester for the query's words that no fiche holds.

    Vocabulary words are not corrected, nor a word whose correction has the same stem (it would
    find nothing more); a correction is kept within the edits :func:`search.spelling.max_edits`
    allows, as on the database backend.
    """
    vocabulary_words = {fold(word) for concept in plan.concepts
                        if any(alternative.vocabulary for alternative in concept.alternatives)
                        for word in concept.typed.text.split()}
    corrections = {}
    for entry in (response.get("suggest") or {}).get("spelling", []):
        word = entry["text"]
        if not entry["options"] or word in vocabulary_words:
            continue
        fixed = entry["options"][0]["text"]
        if OSA.distance(word, fixed) <= max_edits(word) and stem(fixed) != stem(word):
            corrections[word] = fixed
    return corrections


def facet_counts(response: dict) -> dict[str, dict[str, int]]:
    """``{facet: {value: count}}``, most frequent first: from the one aggregation on ``facet_values``
    (the first ``FACET_SIZE`` values of each facet), or from one aggregation per facet."""
    aggregations = response.get("aggregations", {})
    if "facets" not in aggregations:
        return {name: {bucket["key"]: bucket["doc_count"] for bucket in aggregations.get(name, {}).get("buckets", [])}
                for name in FACET_FIELDS}
    counts = {name: {} for name in FACET_FIELDS}
    for bucket in aggregations["facets"]["buckets"]:
        name, _, value = bucket["key"].partition(":")
        if name in counts and len(counts[name]) < FACET_SIZE:
            counts[name][value] = bucket["doc_count"]
    return counts


def counted_and_paged(body: dict) -> list[dict]:
    """``body`` as the two searches of one ``_msearch``: the count and the facets with the query as a filter
    (nothing scored), and the page scored without counting.

    A query of common words matches most fiches, and the one request scored every one of them besides counting
    them: run apart, the two searches share the cores, and at 100,000 fiches a query of one or two words or an
    empty one answers a fifth sooner at p50, for less of the node's CPU (two words 49 -> 38 ms a request; a
    narrow query, 11 -> 13.5 ms; bench/RESULTS.md, 2026-12-01). Both read the same query, so the count, the
    facets and the page are those of the one request.
    """
    counted = {"size": 0, "track_total_hits": True, "aggs": body["aggs"]}
    if "query" in body:
        counted["query"] = {"bool": {"filter": [body["query"]]}}
    paged = {key: value for key, value in body.items() if key != "aggs"}
    paged["track_total_hits"] = False
    return [{}, counted, {}, paged]


def merged_response(responses: list[dict]) -> dict:
    """The answer of the one request from the two of :func:`counted_and_paged`; a search the node refused
    raises as the one request would have (a 400: :class:`SearchRefused`, else :class:`SearchUnavailable`)."""
    for response in responses:
        if "error" in response:
            error = response["error"]
            reason = f"{response.get('status')}: {error.get('reason', error) if isinstance(error, dict) else error}"
            raise (SearchRefused if response.get("status") == 400 else SearchUnavailable)(reason)
    counted, paged = responses
    return {"hits": {"total": counted["hits"]["total"], "hits": paged["hits"]["hits"]},
            "aggregations": counted.get("aggregations", {}), "suggest": paged.get("suggest", {})}


def refused_on_bad_request(method):
    """A read Elasticsearch refuses (a 400: a query it cannot run, such as one past its clause limit) raises
    :class:`SearchRefused`: the fallback answers that request instead of the visitor getting an error."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except BadRequestError as error:
            raise SearchRefused(str(error)) from error

    return wrapper


def unavailable_on_error(method):
    """Turn transport errors and server-side failures into :class:`SearchUnavailable`."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (TransportError, BulkIndexError) as error:
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if isinstance(error, NotFoundError) or error.status_code >= 500:
                raise SearchUnavailable(str(error)) from error
            raise

    return wrapper


class ElasticsearchSearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, alias: str, *, timeout: float = 5.0,
                 corrector: Callable[[str], list[str] | None] | None = None):
        self.alias = alias
        self.corrector = corrector
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)
        self._alias_ready = False
        self._native_vocabulary: bool | None = None
        self._one_facet_aggregation: bool | None = None

    # --- reading -------------------------------------------------------------

    def build_search(self, params: SearchParams, plan: QueryPlan | None = None, required: int | None = None) -> Search:
        """The request of ``params`` as an elasticsearch-dsl search (what :meth:`build_body` sends)."""
        return Search(using=self.client, index=self.alias).update_from_dict(self.build_body(params, plan, required))

    def build_body(self, params: SearchParams, plan: QueryPlan | None = None, required: int | None = None) -> dict:
        """The request body of ``params`` (the query text only ever as ``match`` data), written as plain
        data: built through elasticsearch-dsl objects, it cost more than the rest of the request's Python work."""
        plan = plan if plan is not None else self._plan(params.q, self.corrector)
        by_relevance = bool(plan.concepts) and params.sort == "relevance"
        body = {"track_total_hits": True, "from": params.offset, "size": params.size,
                "_source": {"excludes": ["body", "suggest", "places", "facet_values"]}}
        filters = [visible] if (visible := es_filter(params.audience)) else []
        filters += [{"terms": {FACET_FIELDS[name]: values}} for name, values in params.filters.items()]
        if params.near:
            lat, lon = params.near
            filters.append({"geo_distance": {"distance": f"{params.km}km", "location": {"lat": lat, "lon": lon}}})
        highlight = {"no_match_size": EXTRACT_LENGTH}
        if plan.concepts:
            required = plan.minimum_should_match if required is None else required
            query, rescores = text_query(plan, required, self.native_vocabulary())
            body["query"] = {"bool": {**query["bool"], "filter": filters}}
            # The words to mark are those of the text query alone, on the body: highlighting with the whole query
            # (visibility, facets, distance) made the highlighter evaluate those filters again on each hit.
            highlight["highlight_query"] = highlight_query(plan, self.native_vocabulary())
            if by_relevance and rescores:
                window = max(RESCORE_WINDOW, params.offset + params.size)
                body["rescore"] = [{"window_size": window, "query": rescore} for rescore in rescores]
            if not self.corrector:
                body["suggest"] = {"spelling": {"text": params.q, "term": SPELLING_SUGGESTER}}
        elif filters:
            body["query"] = {"bool": {"filter": filters}}
        if self.one_facet_aggregation():
            body["aggs"] = {"facets": {"terms": {"field": "facet_values", "size": FACET_SIZE * len(FACET_FIELDS)}}}
        else:
            body["aggs"] = {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACET_FIELDS.items()}
        if not by_relevance:
            # By relevance the order is the score alone: a rescore allows no other sort (ties keep the index's
            # order; distances are then worked out from the hits' positions, see _distance).
            body.update(sort=self._sort(params), track_scores=True)
        body["highlight"] = {"pre_tags": [MARK_START], "post_tags": [MARK_END], "fragment_size": EXTRACT_LENGTH,
                             "number_of_fragments": 1, "fields": {"body": highlight}}
        return body

    def _plan(self, q: str, corrections: Callable[[str], list[str]] | None) -> QueryPlan:
        return plan_query(q, corrections=corrections) if q else QueryPlan()

    @refused_on_bad_request
    @unavailable_on_error
    def search(self, params: SearchParams) -> SearchResults:
        # The query is sent as a plain body and the answer read as plain dicts: wrapping 20 hits and
        # the aggregations in elasticsearch-dsl objects cost more than the rest of the request's Python work.
        plan = self._plan(params.q, self.corrector)
        response = self._response(params, plan)
        corrections = spelling_corrections(plan, response) if plan.concepts and not self.corrector else {}
        if corrections:
            # Words no fiche holds: searched again as the suggester spells them, as the database backend does.
            plan = self._plan(params.q, lambda word: [corrections[word]] if word in corrections else [])
            response = self._response(params, plan)
        if plan.concepts and plan.loosened(response["hits"]["total"]["value"], params.size):
            # Forgiving: a query matching fewer fiches than a page is run again requiring one of its concepts
            # (a second request only then: at scale a question of several concepts fills its page).
            response = self._response(params, plan.loosened_plan(), 1)
        hits = [self._hit_from_source(hit, with_score=bool(params.q), distance_km=self._distance(params, hit))
                for hit in response["hits"]["hits"]]
        counts = facet_counts(response)
        return SearchResults(
            count=response["hits"]["total"]["value"], hits=hits, facets=labelled(counts),
            backend=self.name, page=params.page, size=params.size,
            corrected_query=plan.corrected_query,
        )

    def _response(self, params: SearchParams, plan: QueryPlan, required: int | None = None) -> dict:
        searches = counted_and_paged(self.build_body(params, plan, required))
        return merged_response(self.client.msearch(index=self.alias, searches=searches).body["responses"])

    @refused_on_bad_request
    @unavailable_on_error
    def suggest(self, prefix: str, size: int = 8, audience: Audience = PUBLIC_AUDIENCE) -> list[Suggestion]:
        prefix = prefix.strip()[:100]
        if not prefix:
            return []
        search = Search(using=self.client, index=self.alias).source(["title", "url"])
        contexts = {"audience": [EVERY_FICHE] if audience.sees_all else sorted(audience.tokens)}
        search = search.suggest("titles", prefix, completion={"field": "suggest", "size": size, "skip_duplicates": True,
                                                              "contexts": contexts})
        response = search.execute()
        return [
            Suggestion(int(option._id), option._source.title, option._source.url)
            for option in response.suggest.titles[0].options
        ]

    def build_similar(self, fiche_id: int, size: int = 4, audience: Audience = PUBLIC_AUDIENCE) -> Search:
        """The ``more_like_this`` query of :meth:`similar`, among the fiches ``audience`` may see."""
        search = Search(using=self.client, index=self.alias).query(
            "more_like_this", fields=["title", "body"], like=[{"_id": str(fiche_id)}],
            min_term_freq=1, min_doc_freq=1, max_query_terms=SIMILAR_QUERY_TERMS, minimum_should_match="10%",
        )
        if visible := es_filter(audience):
            search = search.filter(visible)
        return search.source(excludes=["body", "suggest"])[:size]

    @refused_on_bad_request
    @unavailable_on_error
    def similar(self, fiche_id: int, size: int = 4, audience: Audience = PUBLIC_AUDIENCE) -> list[SearchHit]:
        return [self._hit(hit, with_score=True, distance_at=None)
                for hit in self.build_similar(fiche_id, size, audience).execute().hits]

    # --- writing -------------------------------------------------------------

    @unavailable_on_error
    def index_document(self, document: dict) -> None:
        self._ensure_alias()
        self.client.index(index=self.alias, id=str(document["id"]), document=es_source(document))

    @unavailable_on_error
    def index_documents(self, documents) -> int:
        self._ensure_alias()
        actions = ({"_index": self.alias, "_id": str(document["id"]), "_source": es_source(document)}
                   for document in documents)
        return bulk(self.client, actions, chunk_size=BULK_CHUNK)[0]

    @unavailable_on_error
    def remove_fiche(self, fiche_id: int) -> None:
        self._ensure_alias()
        self.client.options(ignore_status=404).delete(index=self.alias, id=str(fiche_id))

    @unavailable_on_error
    def rebuild(self, progress: Progress | None = None) -> int:
        from ..document_data import fiches_to_index, iter_documents

        total = fiches_to_index().count()
        name = self.create_versioned_index(total)
        try:
            count = self.bulk_load(name, iter_documents(), total, progress)
            self.merge_segments(name)
            self.swap_alias(name)
        except BaseException:
            self.delete_unfinished(name)
            raise
        return count

    def create_versioned_index(self, documents: int = 0) -> str:
        """A new index named after the time, its search analyzer holding the vocabulary as it is now,
        its shards as many as ``documents`` fiches need (:func:`search.documents.make_index`).

        A node without the ``synonym_graph`` filter (an embedded node built before it) gets an index
        without it, whose queries this backend expands with the vocabulary itself.
        """
        name = f"{self.alias}-{datetime.now(timezone.utc):%Y%m%d%H%M%S%f}"
        rules = synonym_rules(current_lines())
        client = self.client.options(request_timeout=INDEX_ADMIN_TIMEOUT)
        try:
            try:
                make_index(name, rules, rules_version(rules), documents).create(using=client)
            except BadRequestError as error:
                if "synonym_graph" not in str(error):
                    raise
                logger.warning("Elasticsearch sans filtre synonym_graph : vocabulaire appliqué à la requête (%s).",
                               error)
                make_index(name, documents=documents).create(using=client)
        except BaseException:  # a creation that timed out may still complete
            self.delete_unfinished(name)
            raise
        self._native_vocabulary = self._one_facet_aggregation = None
        return name

    def delete_unfinished(self, index: str) -> None:
        """Delete ``index``, which a rebuild created and could not finish: nothing else ever would (each rebuild
        deletes only the indices the alias leaves). A node that does not answer keeps it, said in the log."""
        try:
            self.client.options(request_timeout=INDEX_ADMIN_TIMEOUT, ignore_status=404).indices.delete(index=index)
        except (TransportError, ApiError) as error:
            logger.error("Index %s d'une reconstruction interrompue non supprimé (%s) : supprimez-le.", index, error)

    def indexed_vocabulary(self) -> str | None:
        """The vocabulary version the alias's index was built with ("" without synonyms; None: no index)."""
        if not self.client.indices.exists_alias(name=self.alias):
            return None
        mappings = self.client.indices.get_mapping(index=self.alias).body
        return next(iter(mappings.values()))["mappings"].get("_meta", {}).get("vocabulary", "")

    def native_vocabulary(self) -> bool:
        """Whether the alias's index expands queries with the vocabulary itself (read once, then kept)."""
        if self._native_vocabulary is None:
            try:
                self._native_vocabulary = bool(self.indexed_vocabulary())
            except NotFoundError:
                return False
        return self._native_vocabulary

    def one_facet_aggregation(self) -> bool:
        """Whether the alias's index counts its facets with one aggregation, on ``facet_values``; an index
        built before that field counts its six fields until rebuilt (read once, then kept)."""
        if self._one_facet_aggregation is None:
            try:
                mappings = self.client.indices.get_mapping(index=self.alias).body
            except NotFoundError:
                return True
            properties = next(iter(mappings.values()))["mappings"].get("properties", {})
            self._one_facet_aggregation = "facet_values" in properties
        return self._one_facet_aggregation

    @unavailable_on_error
    def vocabulary_changed(self) -> bool:
        """Rebuild the index when the vocabulary differs from the one it was built with; True if rebuilt."""
        indexed = self.indexed_vocabulary()
        if indexed is None or indexed == rules_version(synonym_rules(current_lines())):
            return False
        self.rebuild()
        return True

    def bulk_load(self, index: str, documents, total: int, progress: Progress | None = None) -> int:
        """Bulk-index ``documents`` into ``index`` (not the alias), refreshing only at the end.

        Documents are read here, in batches, so that building them (database queries)
        stays in this thread; only sending the batches is spread over threads.
        """
        documents = iter(documents)
        self.client.indices.put_settings(index=index, settings={"refresh_interval": "-1"})
        done = 0
        while batch := list(islice(documents, BULK_CHUNK * BULK_THREADS * 4)):
            actions = [{"_index": index, "_id": str(doc["id"]), "_source": es_source(doc)} for doc in batch]
            for _ok, _item in parallel_bulk(self.client, actions, thread_count=BULK_THREADS, chunk_size=BULK_CHUNK):
                done += 1
            if progress:
                progress(done, total)
        self.client.indices.put_settings(index=index, settings={"refresh_interval": INDEX_SETTINGS["refresh_interval"]})
        self.client.indices.refresh(index=index)
        return done

    def merge_segments(self, index: str) -> None:
        """Merge a bulk-loaded ``index`` into one segment per shard before it is searched.

        Bulk loading 100,000 fiches leaves a dozen segments; in one, a search costs Elasticsearch a quarter
        less CPU (the shards of a large index are still searched in parallel, see TWO_SHARDS_FROM).
        """
        self.client.options(request_timeout=MERGE_TIMEOUT).indices.forcemerge(index=index, max_num_segments=1)

    def swap_alias(self, new_index: str) -> None:
        """Point the alias at ``new_index`` atomically, then delete the indices it left."""
        old = []
        if self.client.indices.exists_alias(name=self.alias):
            old = [index for index in self.client.indices.get_alias(name=self.alias) if index != new_index]
        actions = [{"add": {"index": new_index, "alias": self.alias}}]
        actions += [{"remove": {"index": index, "alias": self.alias}} for index in old]
        if self.client.indices.exists(index=self.alias) and not self.client.indices.exists_alias(name=self.alias):
            actions.append({"remove_index": {"index": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.options(ignore_status=404).indices.delete(index=index)
        self._alias_ready = True
        self._native_vocabulary = self._one_facet_aggregation = None

    @unavailable_on_error
    def count_indexed(self) -> int:
        self.client.indices.refresh(index=self.alias)
        return self.client.count(index=self.alias)["count"]

    @unavailable_on_error
    def indexed_revisions(self) -> dict[int, int | None]:
        if not self.client.indices.exists_alias(name=self.alias):
            return {}
        self.client.indices.refresh(index=self.alias)
        return {
            int(hit["_id"]): hit["_source"].get("revision_id")
            for hit in scan(self.client, index=self.alias, _source=["revision_id"], size=2000)
        }

    # --- helpers -------------------------------------------------------------

    def _ensure_alias(self) -> None:
        if self._alias_ready:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            self.swap_alias(self.create_versioned_index())
        self._alias_ready = True

    @staticmethod
    def _sort(params: SearchParams) -> list:
        distance = []
        if params.near:
            lat, lon = params.near
            distance = [{"_geo_distance": {"location": {"lat": lat, "lon": lon}, "order": "asc", "unit": "km"}}]
        date = {"date": {"order": "desc", "missing": "_last"}}
        if params.sort == "distance":
            return [*distance, date]
        if params.sort == "date":
            return [date, *distance]
        return ["_score", date, *distance]

    @staticmethod
    def _distance(params: SearchParams, hit: dict) -> float | None:
        """The hit's distance from ``near``: a sort value, or (ranked by score alone) worked out from its position."""
        if not params.near:
            return None
        if "sort" in hit:
            return hit["sort"][0 if params.sort == "distance" else -1]
        location = hit["_source"].get("location")
        return haversine_km(*params.near, location["lat"], location["lon"]) if location else None

    @staticmethod
    def _hit_from_source(hit: dict, *, with_score: bool, distance_km: float | None) -> SearchHit:
        """A hit from the raw response."""
        source = hit["_source"]
        location = source.get("location") or {}
        fragments = (hit.get("highlight") or {}).get("body") or []
        return SearchHit(
            id=int(hit["_id"]), title=source.get("title", ""), url=source.get("url", ""),
            academie=source.get("academie", ""), etablissement=source.get("etablissement", ""),
            commune=source.get("commune", ""), lat=location.get("lat"), lon=location.get("lon"),
            score=hit["_score"] if with_score else None,
            highlight=render(fragments[0] if fragments else ""),
            distance_km=round(distance_km, 2) if distance_km is not None else None,
        )

    @staticmethod
    def _hit(hit, *, with_score: bool, distance_at: int | None) -> SearchHit:
        """A hit; ``distance_at`` is the position of the geo distance in the sort values, if any."""
        location = hit.to_dict().get("location") or {}
        highlight = getattr(hit.meta, "highlight", None)
        fragments = list(getattr(highlight, "body", [])) if highlight else []
        return SearchHit(
            id=int(hit.meta.id), title=hit.title, url=hit.url, academie=hit.academie,
            etablissement=hit.etablissement, commune=hit.commune,
            lat=location.get("lat"), lon=location.get("lon"),
            score=hit.meta.score if with_score else None,
            highlight=render(fragments[0] if fragments else ""),
            distance_km=round(hit.meta.sort[distance_at], 2) if distance_at is not None else None,
        )

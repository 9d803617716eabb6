"""Elasticsearch holds the vocabulary natively: a synonym graph in its search analyzer, rebuilt on an admin edit."""
import pytest
from django.test import override_settings

from search.backends import get_search_backend
from search.backends.elasticsearch import ElasticsearchSearchBackend
from search.models import SearchSynonym
from search.params import SearchParams
from search.vocabulary import current_lines, rules_version, synonym_rules

pytestmark = [pytest.mark.es, pytest.mark.django_db]


NO_FILTER = ("this Elasticsearch node has no synonym_graph filter: an es_node built before it is still running "
             "(search/es_node/esctl stop && search/es_node/esctl start rebuilds it)")


def analysed(backend, text: str) -> set[str]:
    tokens = backend.client.indices.analyze(index=backend.alias, analyzer="french_search", text=text)["tokens"]
    return {token["token"] for token in tokens}


def test_the_search_analyzer_expands_acronyms_both_ways_and_keeps_one_way_sources(es_backend, corpus):
    es_backend.rebuild()
    assert es_backend.indexed_vocabulary(), NO_FILTER
    assert es_backend.indexed_vocabulary() == rules_version(synonym_rules(current_lines()))
    assert {"mld", "mission", "lutt", "decrochag"} <= analysed(es_backend, "MLDS")
    assert "mld" in analysed(es_backend, "la mission de lutte contre le décrochage scolaire")
    assert {"ien", "inspecteur"} <= analysed(es_backend, "IEN")  # « ien => inspecteur » keeps « ien »
    # The query sends only the typed words: the analyzer does the expanding.
    body = es_backend.build_search(SearchParams(q="MLDS")).to_dict()
    assert "mission" not in str(body["query"])


def test_an_admin_edit_rebuilds_the_index_with_the_new_line(es_backend, corpus, django_capture_on_commit_callbacks):
    es_backend.rebuild()
    with override_settings(ELASTICSEARCH_URL=es_backend.client.transport.node_pool.get().base_url,
                           ELASTICSEARCH_INDEX=es_backend.alias):
        before = es_backend.indexed_vocabulary()
        assert before, NO_FILTER
        assert es_backend.search(SearchParams(q="zorglub")).count == 0
        with django_capture_on_commit_callbacks(execute=True):
            SearchSynonym.objects.create(terms="zorglub, tutorat")  # what the admin's form saves
        assert es_backend.indexed_vocabulary() != before
        found = [hit.id for hit in get_search_backend().search(SearchParams(q="zorglub")).hits]
    assert found[:1] == [corpus["tutorat_title"].pk]


def test_with_the_database_speller_a_typo_costs_one_request(es_backend, corpus):
    """As get_search_backend() wires it, the database index's words correct a typo before the one request
    (one ``_msearch``: the count and the page)."""
    from search.backends.database import DatabaseSearchBackend

    database = DatabaseSearchBackend()
    database.rebuild()
    es_backend.rebuild()
    backend = ElasticsearchSearchBackend(es_backend.client.transport.node_pool.get().base_url, es_backend.alias,
                                         corrector=database.corrections)
    sent = []
    msearch = backend.client.msearch
    backend.client.msearch = lambda **request: sent.append(request) or msearch(**request)
    results = backend.search(SearchParams(q="tutorta"))
    assert len(sent) == 1 and not any("suggest" in search for search in sent[0]["searches"])
    assert results.corrected_query == "tutorat"
    assert [hit.id for hit in results.hits][:1] == [corpus["tutorat_title"].pk]


def test_a_word_whose_synonyms_are_words_is_a_word_query(es_backend, corpus):
    """« théâtre » (=> théâtral, improvisation, comédiens) is sent as a word, which the graph expands to words; a
    phrase query would read positions for nothing (a fifth of a long question's time at 100,000 fiches). « MLDS »,
    whose synonym is a phrase with holes where its stop words were, stays a phrase query with room for them."""
    es_backend.rebuild()
    word = es_backend.build_search(SearchParams(q="théâtre")).to_dict()["query"]
    phrase = es_backend.build_search(SearchParams(q="MLDS")).to_dict()["query"]
    assert "'phrase'" not in str(word) and "'cross_fields'" in str(word)
    assert "'phrase'" in str(phrase)


def test_a_query_of_many_vocabulary_words_is_answered(es_backend, corpus):
    """Sixteen acronyms, each with its phrases: the phrase boost reads the typed words, not every combination of
    their synonyms' phrases (Lucene refused that one with its 8,192-clause limit: an error, not an answer)."""
    es_backend.rebuild()
    query = "MLDS GPDS PAFI CIO CPE PP RDS DSDEN IEN CARDIE SAIO FOQUALE E2C EPIDE MFR CFA"
    assert es_backend.search(SearchParams(q=query)).backend == "elasticsearch"
    assert es_backend.search(SearchParams(q="profs parents familles ados notes théâtre musique vidéo lecture")).count >= 0


def test_a_vocabulary_phrase_on_a_structure_name_does_not_outweigh_a_rare_word(es_backend, corpus):
    """« lycée pro » reaches « LP » through the synonym graph. Scored with the short ``places`` field's own
    inverse document frequency (few structures are named « LP … »), boosted as places, it outweighed the one
    fiche's « voilier » in its body: the fiche building a sailing boat comes first."""
    from tests import factories

    boat = factories.fiche("La mer pour horizon", factories.establishment("Lycée Jules Verne", "rennes", commune="Guingamp"),
                           summary="Les élèves de lycée professionnel construisent un voilier.")
    factories.fiche("Atelier du mercredi", factories.establishment("LP Jean Moulin", "rennes", commune="Brest"),
                    summary="Une classe de seconde prépare une exposition.")
    es_backend.rebuild()
    assert es_backend.indexed_vocabulary(), NO_FILTER
    found = [hit.id for hit in es_backend.search(SearchParams(q="construire un voilier avec une classe de lycée pro")).hits]
    assert found[:1] == [boat.pk]

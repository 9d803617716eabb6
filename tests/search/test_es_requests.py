"""Elasticsearch answers a search with two requests in one ``_msearch`` (the count and the facets with
nothing scored, the page scored without counting): the visitor gets what the one request gave."""
import pytest
from django.http import QueryDict

from search.backends.elasticsearch import facet_counts
from search.facets import labelled
from search.params import parse_search_params

pytestmark = [pytest.mark.es, pytest.mark.django_db]

QUERIES = [
    "q=tutorat", "q=d%C3%A9crochage+%C3%A9l%C3%A8ves", "q=college", "", "q=accompagnement&niveau=college",
    "q=remobilisation&near=44.2031,0.6163&km=300&sort=distance", "q=atelier+sas+persistance&size=1&page=2",
    "sort=date&size=2",
]


def test_the_count_facets_and_page_are_those_of_the_one_request(es_backend, corpus):
    es_backend.rebuild()
    counted = 0
    for query in QUERIES:
        params = parse_search_params(QueryDict(query))
        one = es_backend.client.search(index=es_backend.alias, body=es_backend.build_body(params)).body
        results = es_backend.search(params)
        assert results.count == one["hits"]["total"]["value"], query
        assert [hit.id for hit in results.hits] == [int(hit["_id"]) for hit in one["hits"]["hits"]], query
        if params.q and params.sort == "relevance":
            assert [hit.score for hit in results.hits] == pytest.approx([hit["_score"] for hit in one["hits"]["hits"]])
        facets = {name: [value.as_dict() for value in values] for name, values in results.facets.items()}
        expected = {name: [value.as_dict() for value in values] for name, values in labelled(facet_counts(one)).items()}
        assert facets == expected, query
        counted += results.count
    assert counted > len(QUERIES)

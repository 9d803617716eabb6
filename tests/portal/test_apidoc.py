"""The OpenAPI document describes every machine-readable URL of the site, and its page is served locally."""
import re

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, resolve
from jsonschema import Draft202012Validator

from fiches.serialization import fiche_to_data
from portal.apidoc.document import openapi_document
from tests import a11y, factories

# People's screens (admin, the SAS module of an establishment, Wagtail's utilities) are not API.
PRIVATE_PREFIXES = ("admin/", "documents/", "_util/", "sas/", "media/", settings.MEDIA_URL.lstrip("/"))
SAMPLE_VALUES = {"annee": "2015-2016", "fmt": "pdf", "name": "indicator-report-1.json",
                 "key": "2f1c6a8e-0000-4000-8000-000000000000"}


def routes(patterns=None, prefix=""):
    """(route, pattern) for every endpoint, routes joined as Django joins them in ResolverMatch.route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route.removesuffix("$"), pattern


def machine_readable(route: str) -> bool:
    """An API route, an open data file, or a file-like address (its last segment has an extension)."""
    if route.startswith(PRIVATE_PREFIXES) or route in ("api/", "donnees/"):
        return False
    last = route.rstrip("/").rsplit("/", 1)[-1]
    return route.startswith(("api/", "donnees/")) or "." in last.replace("\\.", ".") or route.endswith(("/json/", "/pdf/"))


def sample_url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE_VALUES.get(m.group(1), "1" if m.group(1) in ("pk", "page_id") else "exemple"), path)


def test_every_machine_readable_url_is_described_and_nothing_else():
    document = openapi_document()
    described = {resolve(sample_url(path)).route.removesuffix("$") for path in document["paths"]}
    expected = {route for route, _pattern in routes() if machine_readable(route)}
    assert expected - described == set(), "URL sans description dans portal/apidoc/openapi.yaml"
    assert described - expected == set(), "description d'une URL qui n'est pas une URL d'API"
    assert {"api/v1/fiches/", "api/v1/fiches.geojson", "api/v1/indicator-reports/", "donnees/fiches.csv"} <= described


def test_operations_are_documented_in_french_with_their_responses():
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            assert operation["summary"] and operation["responses"], (method, path)
            assert operation["operationId"], (method, path)


ENGLISH_WORDS = re.compile(r"\b(the|of|an|and|is|are|with|for|from|only|which|one|its)\b")


def _prose(node, path="$"):
    """Every title, summary and description of ``node`` (the document, its schemas), with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "summary", "description") and isinstance(value, str):
                yield f"{path}.{key}", value
            else:
                yield from _prose(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _prose(value, f"{path}[{index}]")


def test_every_description_of_the_document_and_its_schemas_is_in_french():
    """Swagger UI on /api/ shows them; the indicator report's schema spoke English (its title, its description
    and its establishment's)."""
    english = {path: text for path, text in _prose(openapi_document()) if ENGLISH_WORDS.search(text)}
    assert english == {}


@pytest.mark.django_db
def test_the_fiche_json_export_follows_the_documents_fiche_schema(client):
    fiche = factories.fiche("SAS Mily", factories.establishment("LP Antoine Lomet", "bordeaux", uai="0470018L"))
    document = openapi_document()
    validator = Draft202012Validator({**document, "$ref": "#/components/schemas/Fiche"})
    body = client.get(f"/fiches/{fiche.pk}/json/").json()
    assert body == fiche_to_data(fiche)
    assert list(validator.iter_errors(body)) == []
    assert list(validator.iter_errors({**body, "title": ""})) != []
    report = Draft202012Validator({**document, "$ref": "#/components/schemas/IndicatorReport"})
    assert [e.json_path for e in report.iter_errors({"schema_version": 1, "establishment": "x"})]


def test_a_node_does_not_describe_the_portals_report_endpoint(settings):
    settings.ACCROCHE_ROLE = "node"
    paths = openapi_document()["paths"]
    assert "/api/v1/indicator-reports/" not in paths and "/api/v1/fiches/" in paths


@pytest.mark.django_db
def test_openapi_json_and_its_page_are_served_from_the_site(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json()["openapi"] == "3.1.0"
    page = client.get("/api/").content.decode()
    assert a11y.problems(page) == []
    assert 'data-openapi-url="/api/v1/openapi.json"' in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert any(src.endswith("apidoc/vendor/swagger-ui/swagger-ui-bundle.js") for src in scripts)
    assert all(src.startswith("/") for src in scripts), "aucun script venu d'ailleurs"
    assert "<script>" not in page.replace(" ", ""), "aucun script en ligne (CSP)"

"""The two third-party widgets of the site, in French and accessible in Chromium: Swagger UI on /api/ (axe-core
on the page as it loads and with an operation and its schemas unfolded, on a phone and a desktop; the words it
composes, types, parameter places and constraints, in French; a link to one operation opens it), and the
prefix of Leaflet's attribution (its link's title) on the maps of /carte/, /evenements/ and the admin's
map-point widget."""
import re

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .test_journeys import log_in

pytestmark = pytest.mark.e2e

VIEWPORTS = {"téléphone": {"width": 375, "height": 740}, "ordinateur": {"width": 1280, "height": 900}}
SWAGGER_ENGLISH = re.compile(
    r"\b(Parameters|Responses|Try it out|Execute|Servers|Example Value|Media type|No links|Schemas|OAS 3\.1|Items"
    r"|query|path|header|string|object|array|integer|number|boolean|required|characters|items|matches|forbidden)\b")
# The generated examples (JSON in <pre>) keep the JSON Schema placeholders Swagger UI writes (« "string" »).
TEXT_OUTSIDE_EXAMPLES = """() => { const copy = document.getElementById("swagger-ui").cloneNode(true);
  copy.querySelectorAll("pre").forEach(example => example.remove()); document.body.append(copy);
  const text = copy.innerText; copy.remove(); return text; }"""
LEAFLET_TITLE = "Une bibliothèque JavaScript de cartes interactives"


@pytest.mark.parametrize("device", VIEWPORTS)
def test_the_api_page_is_in_french_and_accessible(embedded_portal, browser, device):
    page = browser.new_context(locale="fr-FR", viewport=VIEWPORTS[device]).new_page()
    page.goto(embedded_portal + "/api/")
    operation = page.locator("#operations-recherche-searchFiches")
    operation.wait_for()
    assert page.locator("h1").all_inner_texts() == ["API publique d'Accroche"]
    assert page.get_by_role("heading", level=2, name="Règles de la version 1").is_visible()
    assert page.get_by_role("heading", level=2, name="Adresses, par thème").is_visible()
    assert page.get_by_role("heading", level=3, name="recherche").is_visible()
    assert page.locator("main").count() == 1
    assert page.get_by_role("button", name="Replier le thème").count() == page.locator("h3").count() > 0
    assert_accessible(page, f"description de l'API ({device})")

    operation.locator(".opblock-summary-control").click()
    assert operation.get_by_role("heading", name="Paramètres").is_visible()
    assert operation.get_by_role("heading", name="Réponses").is_visible()
    assert operation.get_by_role("button", name="Copier l'adresse").count() == 1
    assert operation.get_by_text("Valeur par défaut").first.is_visible()
    example = operation.locator(".responses-wrapper pre").first.inner_text()  # made up from the response's schema
    assert '"title": "texte"' in example and '"propriété1"' in example, example
    assert not re.search(r'"(string|additionalProp\d)"', example), example
    parameter = operation.locator("tr[data-param-name=size]")
    assert parameter.locator(".parameter__type").inner_text() == "entier"
    assert parameter.locator(".parameter__in").inner_text() == "(requête)"
    assert operation.locator("tr[data-param-name=academie] .parameter__type").inner_text() == "tableau<chaîne>"
    operation.get_by_role("tab", name="Schéma").first.click()
    operation.get_by_role("button", name="Tout déplier").first.click()
    operation.get_by_role("button", name="Tout replier").first.wait_for()
    assert operation.locator(".json-schema-2020-12__attribute--primary").first.inner_text() == "objet"
    suggestions = page.locator("#operations-recherche-suggestFiches")
    suggestions.locator(".opblock-summary-control").click()
    suggestions.get_by_role("tab", name="Schéma").first.click()
    suggestions.get_by_role("button", name="Tout déplier").first.click()
    expect(suggestions.get_by_text("≤ 10 éléments")).to_be_visible()
    widget = page.locator("#operations-carte-widgetGeoJSON")
    widget.locator(".opblock-summary-control").click()
    assert widget.locator("tr[data-param-name=key] .parameter__type").inner_text() == "chaîne($UUID)"
    widget.locator(".opblock-summary-control").click()  # folded again: its example is not checked by axe here
    expect(widget.locator(".opblock-body")).to_have_count(0)
    assert SWAGGER_ENGLISH.findall(page.evaluate(TEXT_OUTSIDE_EXAMPLES)) == []
    assert_accessible(page, f"description de l'API, une opération dépliée ({device})")
    page.context.close()


def test_a_link_to_one_operation_opens_it(embedded_portal, browser):
    context = browser.new_context(locale="fr-FR", viewport=VIEWPORTS["ordinateur"])
    page = context.new_page()
    page.goto(embedded_portal + "/api/#/donn%C3%A9es%20ouvertes/openDataCatalog")
    catalog = page.locator("[id='operations-données_ouvertes-openDataCatalog']")
    expect(catalog).to_have_class(re.compile(r"\bis-open\b"))
    expect(catalog.locator(".opblock-body")).to_be_in_viewport()
    assert page.locator(".opblock.is-open").count() == 1
    assert_accessible(page, "description de l'API ouverte sur une opération")

    page.get_by_role("link", name="Lien direct vers GET /api/v1/fiches/", exact=True).click()
    expect(page.locator("#operations-recherche-searchFiches")).to_have_class(re.compile(r"\bis-open\b"))
    assert page.url == embedded_portal + "/api/#/recherche/searchFiches"
    page.locator("#operations-fiches-ficheJSON .opblock-summary-control").click()
    expect(page).to_have_url(embedded_portal + "/api/#/fiches/ficheJSON")

    shared = context.new_page()
    shared.goto(page.url)
    expect(shared.locator("#operations-fiches-ficheJSON")).to_have_class(re.compile(r"\bis-open\b"))
    assert shared.locator(".opblock.is-open").count() == 1
    context.close()


def _leaflet_prefix(page):
    link = page.locator(".leaflet-control-attribution a[href='https://leafletjs.com']")
    link.wait_for()
    return link.get_attribute("title"), page.locator(".leaflet-control-attribution").inner_html()


@pytest.mark.parametrize("path", ["/carte/", "/evenements/"])
def test_the_maps_credit_leaflet_in_french(embedded_portal, page, path):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(embedded_portal + path)
    title, control = _leaflet_prefix(page)
    assert title == LEAFLET_TITLE and "A JavaScript library" not in control


def test_the_admin_map_point_widget_credits_leaflet_in_french(embedded_portal, browser):
    page = log_in(browser, embedded_portal, "admin", "Accroche-admin-2024")
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(embedded_portal + "/admin/snippets/fiches/establishment/add/")
    title, control = _leaflet_prefix(page)
    assert title == LEAFLET_TITLE and "A JavaScript library" not in control
    page.context.close()

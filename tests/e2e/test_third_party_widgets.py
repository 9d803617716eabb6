"""The two third-party widgets of the site, in French and accessible in Chromium: Swagger UI on /api/ (axe-core
on the page as it loads and with an operation and its schemas unfolded, on a phone and a desktop), and the
prefix of Leaflet's attribution (its link's title) on the maps of /carte/, /evenements/ and the admin's
map-point widget."""
import pytest

from .axe import assert_accessible
from .test_journeys import log_in

pytestmark = pytest.mark.e2e

VIEWPORTS = {"téléphone": {"width": 375, "height": 740}, "ordinateur": {"width": 1280, "height": 900}}
SWAGGER_ENGLISH = ["Parameters", "Responses", "Try it out", "Servers", "Example Value", "Media type", "No links",
                   "Schemas", "OAS 3.1"]
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
    operation.get_by_role("tab", name="Schéma").first.click()
    operation.get_by_role("button", name="Tout déplier").first.click()
    operation.get_by_role("button", name="Tout replier").first.wait_for()
    shown = page.locator("#swagger-ui").inner_text()
    assert [english for english in SWAGGER_ENGLISH if english in shown] == []
    assert_accessible(page, f"description de l'API, une opération dépliée ({device})")
    page.context.close()


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

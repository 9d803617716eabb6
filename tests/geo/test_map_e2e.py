"""The map page: « autour de » a commune, its text alternative, and the map in a real browser."""

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import ARTIFACTS

PLACES = [  # title, académie, commune, lat, lon
    ("SAS Mily", "bordeaux", "Agen", 44.20323, 0.61553),
    ("Tutorat entre pairs", "bordeaux", "Agen", 44.2051, 0.6201),
    ("Micro-lycée de Bayeux", "normandie", "Bayeux", 49.27616, -0.70275),
    ("Atelier motivation", "strasbourg", "Strasbourg", 48.5734, 7.7521),
    ("Classe relais", "aix-marseille", "Marseille", 43.2965, 5.3698),
]


@pytest.fixture
def mapped_fiches(db):
    return [factories.fiche(title, factories.establishment(f"Lycée de {commune}", academie, commune=commune,
                                                           latitude=lat, longitude=lon, location_precision="commune"))
            for title, academie, commune, lat, lon in PLACES]


@pytest.mark.django_db
def test_near_a_commune_lists_the_fiches_within_the_radius(client, mapped_fiches):
    page = client.get(reverse("map"), {"commune": "Agen", "km": "20"}).content.decode()
    assert "2 fiches à moins de 20" in page and "SAS Mily" in page and "Classe relais" not in page.split("map-config")[0]
    assert "near=44.20323%2C0.61553" in page and "GeoNames (CC BY 4.0)" in page and "OpenStreetMap" in page


@pytest.mark.django_db
@pytest.mark.parametrize("commune, message", [("Saint-Denis", "Saint-Denis (974)"), ("Xyzzyville", "introuvable")])
def test_ambiguous_or_unknown_commune_is_explained_in_french(client, mapped_fiches, commune, message):
    page = client.get(reverse("map"), {"commune": commune}).content.decode()
    assert "fr-alert--error" in page and message in page
    assert "5 fiches" in page  # the other filters still apply, without a distance


@pytest.mark.django_db
def test_invalid_filter_is_reported_and_ignored(client, mapped_fiches):
    page = client.get(reverse("map"), {"academie": "atlantide"}).content.decode()
    assert "Valeur inconnue pour academie" in page and "5 fiches" in page


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)  # the portal comes back after each flush (post_migrate)
def test_map_shows_markers_clusters_and_popups_without_tiles(live_server, settings, browser):
    for title, academie, commune, lat, lon in PLACES:
        factories.fiche(title, factories.establishment(f"Lycée de {commune}", academie, commune=commune,
                                                       latitude=lat, longitude=lon, location_precision="commune"))
    settings.ACCROCHE_MAP_TILES_URL = f"{live_server.url}/tuiles-absentes/{{z}}/{{x}}/{{y}}.png"
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        outside = []
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
                   else (outside.append(route.request.url), route.abort()))
        page.goto(f"{live_server.url}{reverse('map')}")
        page.wait_for_selector("#fiche-map[data-loaded]")
        cluster = page.locator(".marker-cluster")
        cluster.first.wait_for()
        assert cluster.first.inner_text().strip() == "2"  # the two fiches of Agen
        markers = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
        assert markers.count() == 3
        page.locator(".leaflet-marker-icon[title='Micro-lycée de Bayeux']").click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "Micro-lycée de Bayeux" in popup.inner_text() and "Bayeux" in popup.locator("a").inner_text()
        assert "GeoNames" in page.locator(".leaflet-control-attribution").inner_text()
        assert "5 fiches sur la carte" in page.locator("#map-status").inner_text()
        page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
        assert not outside, outside  # no CDN, and tiles from the configured (here failing) server only
    finally:
        page.close()

"""Placing establishments from their commune, and the académie derived from the département."""
import pytest
from django.urls import reverse

from fiches.models import Establishment
from geo.placement import place_establishment
from tests import factories

pytestmark = pytest.mark.django_db


def _new(commune, academie_code="bordeaux", **fields):
    return Establishment(name=f"Lycée de {commune}", commune=commune, academie=factories.academie(academie_code), **fields)


def test_agen_is_placed_in_47_and_bordeaux():
    est = _new("AGEN- Lot et Garonne", academie_code="toulouse")
    placement = place_establishment(est)
    assert placement.status == "placed" and not placement.warning
    assert (est.commune_insee, est.departement, est.location_precision) == ("47001", "47", "commune")
    assert est.latitude == pytest.approx(44.2, abs=0.05) and est.longitude == pytest.approx(0.62, abs=0.05)
    assert placement.academie_code == "bordeaux"


def test_calvados_establishment_belongs_to_normandie_today_and_caen_before_2020():
    est = _new("Bayeux", academie_code="bordeaux")
    assert place_establishment(est, on_date="2015-09-01").academie_code == "caen"
    est.save()  # the current académie is derived from the département at save time
    est.refresh_from_db()
    assert est.departement == "14" and est.academie.code == "normandie"


def test_save_derives_academie_from_a_typed_departement():
    est = factories.establishment("Collège Jean Moulin", "bordeaux", departement="14")
    assert est.academie.code == "normandie"


def test_fuzzy_commune_is_approximate_and_flagged():
    est = _new("Biscarosse")
    placement = place_establishment(est)
    assert placement.status == "fuzzy" and "Biscarrosse" in placement.warning
    assert est.location_precision == "approximate" and est.commune_insee == "40046"


@pytest.mark.parametrize("commune, status, named", [("Saint-Denis", "ambiguous", "Saint-Denis (974)"),
                                                    ("Xyzzyville", "not_found", "introuvable")])
def test_ambiguous_or_unknown_commune_gets_no_position(commune, status, named):
    est = _new(commune, latitude=45.0, longitude=1.0, location_precision="commune")
    placement = place_establishment(est)
    assert placement.status == status and named in placement.warning
    assert (est.latitude, est.longitude, est.location_precision) == (None, None, "")


def test_departement_hint_settles_a_homonym():
    est = _new("Saint-Denis", departement="974")
    placement = place_establishment(est)
    assert placement.status == "placed" and placement.academie_code == "la-reunion"
    assert est.commune_insee == "97411"


def test_manual_position_is_kept():
    est = _new("Agen", latitude=44.1, longitude=0.5, location_precision="manual", departement="47")
    assert place_establishment(est).status == "manual"
    assert (est.latitude, est.longitude) == (44.1, 0.5)


@pytest.fixture
def admin_client(client):
    client.force_login(factories.user("admin.geo", is_superuser=True, is_staff=True))
    return client


def _form_data(**fields):
    data = {"name": "LP Antoine Lomet", "kind": "lycee_professionnel", "uai": "", "commune": "Agen",
            "commune_insee": "", "departement": "", "bassin": "", "academie": factories.academie("toulouse").pk,
            "latitude": "", "longitude": "", "location_precision": ""}
    data.update(fields)
    return data


def test_admin_form_shows_the_map_and_places_from_the_commune(admin_client):
    add_url = reverse("wagtailsnippets_fiches_establishment:add")
    page = admin_client.get(add_url).content.decode()
    assert "data-map-point" in page and "geo/vendor/leaflet/leaflet.js" in page
    assert admin_client.post(add_url, _form_data()).status_code == 302
    est = Establishment.objects.get(name="LP Antoine Lomet")
    assert (est.commune_insee, est.academie.code, est.location_precision) == ("47001", "bordeaux", "commune")

    edit_url = reverse("wagtailsnippets_fiches_establishment:edit", args=[est.pk])
    moved = _form_data(commune_insee="47001", departement="47", latitude="44.19", longitude="0.63",
                       location_precision="commune")
    assert admin_client.post(edit_url, moved).status_code == 302
    est.refresh_from_db()
    assert (est.latitude, est.longitude, est.location_precision) == (44.19, 0.63, "manual")


def test_admin_form_refuses_an_ambiguous_commune(admin_client):
    response = admin_client.post(reverse("wagtailsnippets_fiches_establishment:add"), _form_data(commune="Saint-Denis"))
    assert response.status_code == 200
    assert "Plusieurs communes" in response.content.decode()
    assert not Establishment.objects.filter(name="LP Antoine Lomet").exists()

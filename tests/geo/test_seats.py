"""Structures without a commune placed at their known seat; ambiguous « autour de » names offer a choice."""
import pytest

from fiches.models import Establishment
from geo.placement import place_establishment
from geo.resolve import commune_choices, resolve
from geo.seats import structure_seat
from tests import factories

NANCY_METZ = ["54", "55", "57", "88"]


@pytest.mark.parametrize("name, kind, academie, departements, seat, precision", [
    ("CIO de Verdun", "cio", "nancy-metz", NANCY_METZ, ("Verdun", "55"), "commune"),
    ("Circonscription 1er degré IEN Tampon 2", "circonscription", "la-reunion", ["974"], ("Le Tampon", "974"), "commune"),
    ("CCI Caen Normandie", "other", "caen", ["14", "50", "61"], ("Caen", "14"), "commune"),
    ("DSDEN de l'Ardèche", "dsden", "grenoble", ["07", "26", "38", "73", "74"], ("Privas", "07"), "commune"),
    ("Services académiques — Guadeloupe", "academie_service", "guadeloupe", ["971"], ("Les Abymes", "971"), "commune"),
    ("Regroupement d'établissements Loiret Nord", "network", "orleans-tours", ["18", "28", "36", "37", "41", "45"],
     ("Orléans", "45"), "approximate"),
])
def test_known_seats(name, kind, academie, departements, seat, precision):
    found = structure_seat(name, kind, academie, departements)
    assert (found.commune.name, found.commune.dep, found.precision) == (*seat, precision)
    assert found.commune.has_point and found.reason


@pytest.mark.parametrize("name, kind", [("ONISEP", "other"), ("Lycée professionnel Bissol", "lycee_professionnel"),
                                        ("Collège Germain Saint-Ruf", "college")])
def test_no_seat_is_guessed(name, kind):
    assert structure_seat(name, kind, "martinique", ["972"]) is None


@pytest.mark.django_db
def test_a_structure_without_commune_is_placed_at_its_seat_or_left_to_place():
    verdun = Establishment(name="CIO de Verdun", kind="cio", academie=factories.academie("nancy-metz"))
    placement = place_establishment(verdun)
    assert placement.status == "seat" and "Verdun (55)" in placement.warning
    assert (verdun.commune, verdun.commune_insee, verdun.departement, verdun.location_precision) == (
        "Verdun", "55545", "55", "commune")
    assert verdun.has_position
    onisep = Establishment(name="ONISEP", kind="other", academie=factories.academie("montpellier"))
    assert place_establishment(onisep).status == "no_commune" and not onisep.has_position


def test_an_ambiguous_name_offers_its_communes():
    labels = [(c.name, c.dep) for c in commune_choices(resolve("Clermont"))]
    assert labels[:2] == [("Clermont-Ferrand", "63"), ("Clermont", "60")]
    assert {("Saint-Denis", "93"), ("Saint-Denis", "974")} <= {(c.name, c.dep) for c in commune_choices(resolve("Saint-Denis"))}
    for unambiguous in ("Agen", "Verdun", "Clermont (60)", "Saint-Denis (974)", "Clermont-Ferrand"):
        assert commune_choices(resolve(unambiguous)) == []


@pytest.mark.django_db
def test_search_page_and_map_offer_the_choice(client):
    page = client.get("/recherche/", {"near": "Clermont", "q": "théâtre"}).content.decode()
    assert "peut désigner plusieurs communes" in page
    assert "near=Clermont-Ferrand+%2863%29" in page and "near=Clermont+%2860%29" in page and "q=th" in page
    chosen = client.get("/recherche/", {"near": "Clermont-Ferrand (63)"}).content.decode()
    assert "peut désigner plusieurs communes" not in chosen
    carte = client.get("/carte/", {"commune": "Clermont"}).content.decode()
    assert "peut désigner plusieurs communes" in carte and "commune=Clermont-Ferrand+%2863%29" in carte


@pytest.mark.django_db
def test_fiches_to_place_are_listed_on_the_dashboard(client):
    placed = factories.fiche("Forum des métiers", factories.establishment("CIO de Verdun", "nancy-metz", kind="cio",
                                                                          latitude=49.16, longitude=5.38))
    lost = factories.fiche("Jeu concours en ligne", factories.establishment("ONISEP", "montpellier", kind="other"))
    client.force_login(factories.user("admin.seats", is_superuser=True, is_staff=True))
    page = client.get("/admin/").content.decode()
    assert "Fiches à placer sur la carte" in page and lost.title in page and placed.title not in page

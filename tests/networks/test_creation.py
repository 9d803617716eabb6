"""Who creates a network: an administrator or moderator of its académie (naming its coordinators), or a
superuser; anyone else is refused in French. The coordinators named then manage its members."""
import html
import time

import pytest

from portal.accounts.models import Membership
from portal.networks.models import Network, NetworkPerson
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/reseaux/nouveau/"


def _creation(academie, coordinators, name="Réseau CARDIE des Deux-Sèvres"):
    return {"name": name, "kind": Network.Kind.INNOVATION, "academie": academie.pk, "bassin": "Niort",
            "description": "Innovations pour la persévérance.", "contact_email": "",
            "coordinators": coordinators}


def test_an_academie_administrator_creates_a_network_and_names_its_coordinators(client):
    poitiers = factories.academie("poitiers")
    admin = factories.user("admin-poitiers", role=Membership.Role.ACADEMIE_ADMIN, academie_code="poitiers")
    first, second = factories.user("coord-une"), factories.user("coord-deux")
    client.force_login(admin)
    assert "Créer un réseau" in client.get("/reseaux/").content.decode()
    assert client.get(URL).status_code == 200

    response = client.post(URL, _creation(poitiers, f"{first.email.upper()}\n{second.email}, {first.email}"))
    network = Network.objects.get(name="Réseau CARDIE des Deux-Sèvres")
    assert response.status_code == 302 and response["Location"] == f"/reseaux/{network.slug}/gerer/"
    assert (network.academie, network.slug) == (poitiers, "reseau-cardie-des-deux-sevres")
    assert set(network.people.filter(role=NetworkPerson.Role.COORDINATOR).values_list("user__username", flat=True)) == {
        "coord-une", "coord-deux"}

    again = client.post(URL, _creation(poitiers, first.email))
    assert again.status_code == 302
    assert Network.objects.filter(name="Réseau CARDIE des Deux-Sèvres").count() == 2
    assert Network.objects.filter(slug="reseau-cardie-des-deux-sevres-2").exists()

    # a coordinator named there manages the new network's members
    client.force_login(first)
    assert client.get(f"/reseaux/{network.slug}/gerer/").status_code == 200
    lycee = factories.establishment("Lycée Membre", "poitiers", uai="0790001A")
    client.post(f"/reseaux/{network.slug}/gerer/etablissements/", {"establishment": "0790001A"})
    assert network.establishments.filter(pk=lycee.pk).exists()


def test_a_moderator_creates_only_for_their_own_academie_and_names_existing_accounts(client):
    poitiers, lyon = factories.academie("poitiers"), factories.academie("lyon")
    moderator = factories.user("modo-poitiers", role=Membership.Role.MODERATOR, academie_code="poitiers")
    client.force_login(moderator)
    form = client.get(URL).content.decode()
    assert f'value="{poitiers.pk}"' in form and f'value="{lyon.pk}"' not in form

    elsewhere = client.post(URL, _creation(lyon, moderator.email))
    assert elsewhere.status_code == 400
    assert "seulement pour une académie que vous administrez ou modérez" in elsewhere.content.decode()
    unknown = client.post(URL, _creation(poitiers, f"{moderator.email}\npersonne@nulle.part"))
    assert unknown.status_code == 400
    assert "Aucun compte actif n&#x27;utilise le courriel personne@nulle.part" in unknown.content.decode()
    national = client.post(URL, {**_creation(poitiers, moderator.email), "academie": ""})
    assert national.status_code == 400
    assert not Network.objects.exists()


def test_others_are_refused_in_french_and_create_nothing(client):
    poitiers = factories.academie("poitiers")
    analyst = factories.user("analyste", role=Membership.Role.ANALYST, academie_code="poitiers")
    editor = factories.user("redacteur")
    coordinator = factories.user("coord")
    existing = Network.objects.create(slug="ripps", name="RIPPS", academie=poitiers)
    NetworkPerson.objects.create(network=existing, user=coordinator, role=NetworkPerson.Role.COORDINATOR)
    for user in (analyst, editor, coordinator):
        client.force_login(user)
        assert "Créer un réseau" not in client.get("/reseaux/").content.decode()
        response = client.post(URL, _creation(poitiers, user.email))
        assert response.status_code == 403
        assert "Seuls les administrateurs et les modérateurs d&#x27;une académie créent un réseau" in (
            response.content.decode())
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page
    assert list(Network.objects.all()) == [existing]


def test_a_superuser_may_create_a_national_network(client):
    boss = factories.user("national", is_superuser=True, is_staff=True)
    client.force_login(boss)
    response = client.post(URL, {**_creation(factories.academie("lyon"), boss.email, name="Réseau national"),
                                 "academie": ""})
    assert response.status_code == 302
    assert Network.objects.get(name="Réseau national").academie is None


@pytest.mark.parametrize("coordinators, refusal", [
    ("coordination@example.org\n" * 40_000, "La liste est trop longue (999999 caractères, au plus 5100)"),
    ("\n".join(f"c{n}@example.org" for n in range(21)), "Indiquez au plus 20 courriels (21 reçus)"),
], ids=["1 Mo", "21 courriels"])
def test_an_unbounded_coordinators_list_is_refused_in_french_at_once(client, coordinators, refusal):
    """1 MB of addresses (or 21 of them) in « Coordination du réseau »: a French refusal, no network, and no
    account looked up for each address (before, 40,000 look-ups held the worker)."""
    factories.academie("poitiers")
    client.force_login(factories.user("modo-poitiers", role=Membership.Role.MODERATOR, academie_code="poitiers"))
    started = time.monotonic()
    response = client.post(URL, _creation(factories.academie("poitiers"), coordinators))
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert refusal in html.unescape(response.content.decode())
    assert not Network.objects.exists()


LONG_DESCRIPTION = ("Réseau des établissements qui tiennent leurs élèves. " * 40).strip()  # 2,119 characters
TOO_LONG = "Assurez-vous que cette valeur comporte au plus 2000 caractères (actuellement 2119)."


def test_a_description_over_its_bound_is_refused_in_french_and_kept_in_the_form(client):
    """A network's presentation is a few paragraphs: one over the bound is refused, and the form shown again holds
    everything that was typed (before, any length up to the request's 20 MB was stored)."""
    poitiers = factories.academie("poitiers")
    client.force_login(factories.user("modo-poitiers", role=Membership.Role.MODERATOR, academie_code="poitiers"))
    coordinator = factories.user("coord-une")
    data = {**_creation(poitiers, coordinator.email), "description": LONG_DESCRIPTION}
    response = client.post(URL, data)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert TOO_LONG in page
    assert LONG_DESCRIPTION in page and "Réseau CARDIE des Deux-Sèvres" in page and coordinator.email in page
    assert not Network.objects.exists()

    bounded = LONG_DESCRIPTION[:2000].strip()
    assert client.post(URL, {**data, "description": bounded}).status_code == 302
    assert Network.objects.get().description == bounded


def test_a_description_over_its_bound_is_refused_in_the_admin(client):
    network = Network.objects.create(name="RIPPS — académie de Poitiers", slug="ripps-poitiers",
                                     description="Innovations pour la persévérance.")
    client.force_login(factories.user("national", is_superuser=True, is_staff=True))
    response = client.post(f"/admin/snippets/networks/network/edit/{network.pk}/", {
        "name": network.name, "slug": network.slug, "kind": network.kind, "academie": "", "bassin": "",
        "description": LONG_DESCRIPTION, "contact_email": ""})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert TOO_LONG in page and LONG_DESCRIPTION in page
    network.refresh_from_db()
    assert network.description == "Innovations pour la persévérance."

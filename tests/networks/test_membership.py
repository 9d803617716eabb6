"""Who manages a network's members, who sees its members-only events."""
import pytest

from portal.accounts.models import Membership
from portal.networks.models import Event, Network, NetworkEstablishment, NetworkPerson
from portal.networks.permissions import can_manage, member_network_ids
from tests import factories

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_only_coordination_and_academie_staff_manage(ripps, client):
    outsider = factories.user("autre")
    moderator = factories.user("modo", role=Membership.Role.MODERATOR, academie_code="poitiers")
    other_moderator = factories.user("modo-lyon", role=Membership.Role.MODERATOR, academie_code="lyon")
    assert can_manage(ripps.coordinator, ripps) and can_manage(moderator, ripps)
    assert not can_manage(ripps.member, ripps) and not can_manage(outsider, ripps)
    assert not can_manage(other_moderator, ripps)

    for user in (ripps.member, outsider, other_moderator):
        client.force_login(user)
        assert client.get(f"/reseaux/{ripps.slug}/gerer/").status_code == 403
        response = client.post(f"/reseaux/{ripps.slug}/gerer/personnes/", {"email": user.email, "role": "coordinator"})
        assert response.status_code == 403
    assert not NetworkPerson.objects.filter(network=ripps, role="coordinator").exclude(user=ripps.coordinator).exists()
    client.logout()
    assert client.get(f"/reseaux/{ripps.slug}/gerer/").status_code == 302  # to the login page


def test_the_coordination_writes_to_the_networks_people_in_one_message(ripps, client):
    """The members' page listed each person's address but gave no way to write to them all at once."""
    client.force_login(ripps.coordinator)
    page = client.get(f"/reseaux/{ripps.slug}/gerer/").content.decode()
    assert 'href="mailto:?bcc=membre@example.org"' in page and "Écrire aux personnes du réseau" in page
    NetworkPerson.objects.filter(network=ripps, role=NetworkPerson.Role.MEMBER).delete()
    assert "Écrire aux personnes du réseau" not in client.get(f"/reseaux/{ripps.slug}/gerer/").content.decode()


def test_coordinator_adds_and_removes_members(ripps, client):
    client.force_login(ripps.coordinator)
    lycee = factories.establishment("Lycée Membre", "poitiers", uai="0860001A")
    response = client.post(f"/reseaux/{ripps.slug}/gerer/etablissements/", {"establishment": "0860001a"})
    assert response.status_code == 302
    assert ripps.establishments.filter(pk=lycee.pk).exists()

    newcomer = factories.user("nouvelle")
    client.post(f"/reseaux/{ripps.slug}/gerer/personnes/",
                {"email": newcomer.email.upper(), "role": "member", "function": "CPE"})
    person = NetworkPerson.objects.get(network=ripps, user=newcomer)
    assert (person.role, person.function) == ("member", "CPE")

    bad = client.post(f"/reseaux/{ripps.slug}/gerer/personnes/", {"email": "personne@nulle.part", "role": "member"})
    assert bad.status_code == 400
    assert "Aucun compte actif" in bad.content.decode()
    unknown = client.post(f"/reseaux/{ripps.slug}/gerer/etablissements/", {"establishment": "Inconnu"})
    assert unknown.status_code == 400 and "Aucun établissement" in unknown.content.decode()

    link = NetworkEstablishment.objects.get(network=ripps, establishment=lycee)
    client.post(f"/reseaux/{ripps.slug}/gerer/etablissements/{link.pk}/retirer/")
    assert not ripps.establishments.filter(pk=lycee.pk).exists()
    client.post(f"/reseaux/{ripps.slug}/gerer/personnes/{person.pk}/retirer/")
    assert not NetworkPerson.objects.filter(pk=person.pk).exists()


def test_a_network_of_an_academie_takes_the_establishments_of_that_academie_only(ripps, client):
    """Its coordination reads each member's indicator figures on the network's dashboard: a coordinator of a
    Poitiers network who added a lycée of Bordeaux read that lycée's figures, which Bordeaux's analysts alone read.
    A national network (no académie) takes any establishment."""
    client.force_login(ripps.coordinator)
    agen = factories.establishment("Lycée d'Agen", "bordeaux", uai="0470099X")
    response = client.post(f"/reseaux/{ripps.slug}/gerer/etablissements/", {"establishment": "0470099X"})
    assert response.status_code == 400
    assert ("Lycée d&#x27;Agen relève d&#x27;une autre académie que ce réseau (Académie de Poitiers)"
            in response.content.decode())
    assert not ripps.establishments.filter(pk=agen.pk).exists()

    national = Network.objects.create(slug="national-test", name="Réseau national", academie=None)
    NetworkPerson.objects.create(network=national, user=ripps.coordinator, role=NetworkPerson.Role.COORDINATOR)
    assert client.post(f"/reseaux/{national.slug}/gerer/etablissements/", {"establishment": "0470099X"}).status_code == 302
    assert national.establishments.filter(pk=agen.pk).exists()


def test_the_last_coordinator_is_neither_removed_nor_made_a_member_nor_leaves(ripps, client):
    """A network always keeps one person at its coordination; the refusal says why, in French."""
    moderator = factories.user("modo", role=Membership.Role.MODERATOR, academie_code="poitiers")
    person = NetworkPerson.objects.get(network=ripps, user=ripps.coordinator)
    removal = f"/reseaux/{ripps.slug}/gerer/personnes/{person.pk}/retirer/"
    demotion = {"email": ripps.coordinator.email, "role": "member"}
    for user in (ripps.coordinator, moderator):  # leaving, or removed by the académie's moderator
        client.force_login(user)
        for response in (client.post(removal, follow=True),
                         client.post(f"/reseaux/{ripps.slug}/gerer/personnes/", demotion, follow=True)):
            assert response.status_code == 200
            assert "dernière personne à coordonner le réseau" in response.content.decode()
        assert NetworkPerson.objects.get(pk=person.pk).role == NetworkPerson.Role.COORDINATOR

    second = factories.user("coord2")
    client.post(f"/reseaux/{ripps.slug}/gerer/personnes/", {"email": second.email, "role": "coordinator"})
    client.force_login(ripps.coordinator)  # another coordinates now: the first may leave
    response = client.post(removal)
    assert (response.status_code, response.url) == (302, f"/reseaux/{ripps.slug}/")
    assert list(ripps.people.filter(role="coordinator").values_list("user", flat=True)) == [second.pk]


def test_an_establishment_belongs_to_several_networks_and_its_editors_are_members(ripps, client):
    other = Network.objects.create(slug="cardie", name="Réseau CARDIE", kind=Network.Kind.INNOVATION)
    NetworkEstablishment.objects.create(network=other, establishment=ripps.school)
    assert set(ripps.school.networks.values_list("slug", flat=True)) == {"ripps-test", "cardie"}
    editor = factories.user("redac", role=Membership.Role.EDITOR, establishment=ripps.school)
    assert member_network_ids(editor) == {ripps.pk, other.pk}
    assert member_network_ids(factories.user("passant")) == set()


def test_members_only_events_are_hidden_from_others(ripps, client):
    private = make_event(ripps, "Comité de pilotage", audience=Event.Audience.MEMBERS)
    public = make_event(ripps, "Visite ouverte")
    assert client.get(f"/evenements/{private.pk}/").status_code == 404
    assert client.get(f"/evenements/{private.pk}.ics").status_code == 404
    listing = client.get("/evenements/").content.decode()
    assert "Visite ouverte" in listing and "Comité de pilotage" not in listing
    assert "Comité de pilotage" not in client.get(f"/reseaux/{ripps.slug}/").content.decode()

    client.force_login(ripps.member)
    assert client.get(f"/evenements/{private.pk}/").status_code == 200
    assert "Comité de pilotage" in client.get("/evenements/").content.decode()
    response = client.post(f"/evenements/{public.pk}/inscription/")
    assert response.status_code == 302 and public.registrations.filter(user=ripps.member).exists()


def test_coordinator_tags_a_fiche_for_the_network(ripps, client):
    outside = factories.establishment("Lycée ailleurs", "lyon")
    fiche = factories.fiche("Tutorat entre pairs", outside)
    factories.fiche("Atelier du collège", ripps.school)
    page = client.get(f"/reseaux/{ripps.slug}/").content.decode()
    assert "Atelier du collège" in page and "Tutorat entre pairs" not in page
    client.force_login(ripps.coordinator)
    client.post(f"/reseaux/{ripps.slug}/gerer/fiches/", {"fiche": fiche.url})
    assert "Tutorat entre pairs" in client.get(f"/reseaux/{ripps.slug}/").content.decode()


def test_the_public_page_never_shows_an_account_by_its_e_mail(ripps, client):
    """An invited account's username is its e-mail address; one without a name is not listed by it."""
    invited = factories.user("invitee")
    invited.username, invited.first_name, invited.last_name = "anne.invitee@ac-poitiers.fr", "", ""
    invited.save()
    NetworkPerson.objects.create(network=ripps, user=invited, role=NetworkPerson.Role.MEMBER, function="CPE")
    page = client.get(f"/reseaux/{ripps.slug}/").content.decode()
    assert "anne.invitee" not in page and invited.email not in page
    assert "Nom non renseigné — CPE" in page

"""Two POSTs of the network screens at the same moment (a double click, or two people on one object), from two
threads with their own PostgreSQL connections: never a 5xx nor an IntegrityError, never a second follow,
membership or registration where the product means one, never a lost change.

The requests' threads must see the data, so it is written and removed through a connection of its own
(committed, :func:`tests.concurrency.in_own_connection`), as in tests/sas/test_concurrent_posts.py.
"""
import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from portal.accounts.models import Membership
from portal.indicators.models import ReceivedReport, ReportingPeriod, RollupTotal
from portal.networks.models import (
    Event, Follow, Network, NetworkEstablishment, NetworkFiche, NetworkPerson, PersonalToken, Registration,
)
from portal.networks.tokens import unsubscribe_token
from tests import factories
from tests.concurrency import backend_pid, creation_token, in_own_connection, release_when_waiting, together
from tests.indicators import stored

from .conftest import event_form

ROUNDS = 3
PREFIX = "simultane-reseau"  # every account these tests create, removed after each test
NETWORK_NAME = "Réseau des clics simultanés"


def at_once(user, url, data) -> list:
    """POST ``data`` to ``url`` as ``user`` from two threads released together; their responses (or exceptions)."""
    return together((user, url, data), (user, url, data))


def statuses(results) -> list:
    return [getattr(result, "status_code", result) for result in results]


def no_server_error(results) -> bool:
    return all(isinstance(status, int) and status < 500 for status in statuses(results))


def _setup():
    poitiers = factories.academie("poitiers")
    network = Network.objects.create(slug="simultane-reseau", name="RIPPS simultané", kind=Network.Kind.RIPPS,
                                     academie=poitiers)
    school = factories.establishment("Collège des Clics Simultanés", "poitiers", commune="Poitiers",
                                     departement="86", uai="0869990Z")
    NetworkEstablishment.objects.create(network=network, establishment=school)
    users = {name: factories.user(f"{PREFIX}-{name}") for name in ("coordinator", "member", "reader", "other")}
    users["moderator"] = factories.user(f"{PREFIX}-moderator", role=Membership.Role.MODERATOR,
                                        academie_code="poitiers")
    NetworkPerson.objects.create(network=network, user=users["coordinator"], role=NetworkPerson.Role.COORDINATOR)
    NetworkPerson.objects.create(network=network, user=users["member"], role=NetworkPerson.Role.MEMBER)
    return network, school, users


def _teardown(network, school, users):
    Network.objects.filter(name=NETWORK_NAME).delete()
    network.delete()
    school.delete()
    factories.Establishment.objects.filter(uai__startswith="086999").delete()
    get_user_model().objects.filter(username__startswith=PREFIX).delete()


@pytest.fixture
def committed(db):
    """A RIPPS of Poitiers with one member school, its coordinator, a member, two readers and a moderator of
    Poitiers, committed so that other connections see them."""
    network, school, users = in_own_connection(_setup)
    yield network, users
    in_own_connection(lambda: _teardown(network, school, users))


def _event(network, **fields):
    start = (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0)
    return Event.objects.create(network=network, title="Réunion", starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                commune="Poitiers", departement="86", **fields)


# --- Following -----------------------------------------------------------------------------------------

def test_following_a_network_twice_at_once_makes_one_follow(committed):
    assert connection.vendor == "postgresql"
    network, users = committed
    for _n in range(ROUNDS):
        results = at_once(users["reader"], f"/reseaux/{network.slug}/suivre/", {})
        assert statuses(results) == [302, 302], results
        assert Follow.objects.filter(user=users["reader"], network=network).count() == 1
        in_own_connection(lambda: Follow.objects.filter(user=users["reader"]).delete())


def test_following_an_academie_and_a_search_twice_at_once_makes_one_follow_each(committed):
    _network, users = committed
    for n in range(ROUNDS):
        results = at_once(users["reader"], "/suivis/academie/", {"academie": "poitiers"})
        assert statuses(results) == [302, 302], results
        query = f"q=tutorat{n}&academie=poitiers"
        results = at_once(users["reader"], "/suivis/recherche/", {"query": query})
        assert statuses(results) == [302, 302], results
        assert Follow.objects.filter(user=users["reader"], academie__code="poitiers").count() == 1
        assert Follow.objects.filter(user=users["reader"], search_query__contains=f"tutorat{n}").count() == 1
        in_own_connection(lambda: Follow.objects.filter(user=users["reader"]).delete())


def test_unfollowing_twice_at_once_removes_the_follow_without_error(committed):
    network, users = committed
    for _n in range(ROUNDS):
        follow = in_own_connection(lambda: Follow.objects.create(user=users["reader"], network=network))
        results = at_once(users["reader"], f"/suivis/{follow.pk}/", {"action": "delete"})
        assert no_server_error(results), results
        assert 302 in statuses(results)
        assert not Follow.objects.filter(pk=follow.pk).exists()


def test_unsubscribing_twice_at_once_stops_every_digest(committed):
    network, users = committed
    in_own_connection(lambda: Follow.objects.create(user=users["reader"], network=network))
    url = f"/suivis/desabonnement/{unsubscribe_token(users['reader'].pk)}/"
    results = together((None, url, {"List-Unsubscribe": "One-Click"}), (None, url, {}),
                       sign_in=lambda client, user: client)
    assert statuses(results) == [200, 200], results
    assert set(Follow.objects.filter(user=users["reader"]).values_list("frequency", flat=True)) == {"never"}


def test_renewing_the_feed_key_twice_at_once_leaves_one_live_key(committed):
    """« Créer de nouvelles adresses » clicked twice: one live key, the one the follows page shows; a second
    live key nobody sees would still open the person's members-only events."""
    _network, users = committed
    reader = users["reader"]
    for _n in range(ROUNDS):
        results = at_once(reader, "/suivis/cle/", {"action": "renew"})
        assert statuses(results) == [302, 302], results
        assert PersonalToken.objects.filter(user=reader, revoked_at__isnull=True).count() == 1
    results = together((reader, "/suivis/cle/", {"action": "renew"}), (reader, "/suivis/cle/", {"action": "revoke"}))
    assert statuses(results) == [302, 302], results
    assert PersonalToken.objects.filter(user=reader, revoked_at__isnull=True).count() <= 1


# --- Events ---------------------------------------------------------------------------------------------

def test_registering_twice_at_once_makes_one_registration(committed):
    network, users = committed
    for _n in range(ROUNDS):
        event = in_own_connection(lambda: _event(network))
        results = at_once(users["reader"], f"/evenements/{event.pk}/inscription/", {})
        assert statuses(results) == [302, 302], results
        assert Registration.objects.filter(event=event, user=users["reader"]).count() == 1
        results = at_once(users["reader"], f"/evenements/{event.pk}/inscription/", {"action": "cancel"})
        assert statuses(results) == [302, 302], results
        assert not Registration.objects.filter(event=event).exists()


def test_two_people_taking_the_last_place_at_once_never_overfill_the_event(committed):
    """One place left, two people click « S'inscrire » together: one gets it, the other reads « complet »."""
    network, users = committed
    for _n in range(ROUNDS):
        event = in_own_connection(lambda: _event(network, capacity=1))
        url = f"/evenements/{event.pk}/inscription/"
        results = together((users["reader"], url, {}), (users["other"], url, {}))
        assert statuses(results) == [302, 302], results
        assert Registration.objects.filter(event=event).count() == 1


def test_cancelling_an_event_twice_at_once_tells_each_registered_person_once(committed):
    """« Annuler l'événement » sent from two tabs together: one cancellation, one e-mail per registered person."""
    network, users = committed
    event = in_own_connection(lambda: _event(network))
    in_own_connection(lambda: Registration.objects.create(event=event, user=users["reader"]))
    mail.outbox.clear()
    results = at_once(users["coordinator"], f"/evenements/{event.pk}/annuler/", {"message": "Salle fermée"})
    assert statuses(results) == [302, 302], results
    assert [message.to for message in mail.outbox] == [[users["reader"].email]]


def test_two_edits_of_an_event_at_once_raise_its_ics_sequence_twice(committed):
    """Two coordinators save the event together: calendars must see the last version as newer than the first,
    so each saved change raises SEQUENCE (RFC 5545); a lost increment leaves two versions under one number."""
    network, users = committed
    for n in range(ROUNDS):
        event = in_own_connection(lambda: _event(network))
        url = f"/evenements/{event.pk}/modifier/"
        results = together((users["coordinator"], url, event_form(start_time="15:00", end_time="17:00")),
                           (users["moderator"], url, event_form(start_time="09:00", end_time="11:00")))
        assert statuses(results) == [302, 302], results
        assert Event.objects.get(pk=event.pk).sequence == 2, n


def test_creating_an_event_twice_at_once_makes_one_event(committed):
    """A double click on « Enregistrer » of a new event sends the form twice with the token it was shown with:
    one event, and both requests answer with it (a session may share its title and hour with another, so no
    constraint on them could tell the two posts apart)."""
    network, users = committed
    url = f"/reseaux/{network.slug}/evenements/nouveau/"
    for n in range(ROUNDS):
        results = at_once(users["coordinator"], url, event_form(creation_token=creation_token(users["coordinator"], url)))
        assert statuses(results) == [302, 302], results
        assert Event.objects.filter(network=network, title="Réunion d'échange").count() == n + 1
        assert results[0]["Location"] == results[1]["Location"]


def test_two_events_created_from_two_forms_at_once_are_both_kept(committed):
    """Two forms shown apart (two tokens) and sent together are two events, even alike: both are kept."""
    network, users = committed
    url = f"/reseaux/{network.slug}/evenements/nouveau/"
    results = together(*[(users["coordinator"], url, event_form(creation_token=creation_token(users["coordinator"], url)))
                         for _form in range(2)])
    assert statuses(results) == [302, 302], results
    assert Event.objects.filter(network=network, title="Réunion d'échange").count() == 2


# --- Membership and tags (the coordination) -------------------------------------------------------------

def test_adding_one_establishment_twice_at_once_makes_one_membership(committed):
    network, users = committed
    for n in range(ROUNDS):
        uai = f"086999{n}A"
        in_own_connection(lambda uai=uai: factories.establishment(f"Lycée Simultané {uai}", "poitiers", uai=uai))
        results = at_once(users["coordinator"], f"/reseaux/{network.slug}/gerer/etablissements/",
                          {"establishment": uai})
        assert statuses(results) == [302, 302], results
        assert NetworkEstablishment.objects.filter(network=network, establishment__uai=uai).count() == 1


def test_adding_one_person_twice_at_once_makes_one_membership(committed):
    network, users = committed
    url = f"/reseaux/{network.slug}/gerer/personnes/"
    for role in ("member", "coordinator", "member"):
        results = together((users["coordinator"], url, {"email": users["reader"].email, "role": role}),
                           (users["moderator"], url, {"email": users["reader"].email, "role": role,
                                                      "function": "CPE"}))
        assert statuses(results) == [302, 302], results
        assert NetworkPerson.objects.filter(network=network, user=users["reader"]).count() == 1
        assert NetworkPerson.objects.get(network=network, user=users["reader"]).role == role


def test_removing_one_member_twice_at_once_removes_it_without_error(committed):
    network, users = committed
    for _n in range(ROUNDS):
        person = in_own_connection(lambda: NetworkPerson.objects.create(network=network, user=users["reader"]))
        link = in_own_connection(lambda: NetworkEstablishment.objects.create(
            network=network, establishment=factories.establishment("Lycée Retiré", "poitiers", uai="0869998R")))
        results = at_once(users["coordinator"], f"/reseaux/{network.slug}/gerer/personnes/{person.pk}/retirer/", {})
        assert no_server_error(results) and 302 in statuses(results), results
        results = at_once(users["coordinator"], f"/reseaux/{network.slug}/gerer/etablissements/{link.pk}/retirer/", {})
        assert no_server_error(results) and 302 in statuses(results), results
        assert not NetworkPerson.objects.filter(pk=person.pk).exists()
        assert not NetworkEstablishment.objects.filter(pk=link.pk).exists()


def _school_with_a_report(network, member=True):
    """A school whose report counts 40 pupils identified, for a period of its own; its membership of ``network``
    (unsaved when not ``member``)."""
    school = factories.establishment("Lycée Déjà Compté", "poitiers", uai="0869997C")
    period = ReportingPeriod.objects.create(code="simultane-2023-2024", kind="school_year", label="2023-2024",
                                            start=stored.YEAR_START, end=stored.YEAR_END)
    stored.send(school, period, [stored.cell("sas.students_identified", 40)])
    link = NetworkEstablishment(network=network, establishment=school)
    if member:
        link.save()
    return link, period


def _network_totals(network) -> list:
    return [(indicator, int(total), cells) for indicator, total, cells in RollupTotal.objects.filter(
        level=RollupTotal.Level.NETWORK, unit=str(network.pk)).values_list("indicator", "total", "contributors")]


def _remove_report(link, period):
    ReceivedReport.objects.filter(period=period).delete()
    period.delete()
    link.establishment.delete()


def test_removing_one_establishment_twice_at_once_takes_its_figures_off_the_network_once(committed):
    """A double click on « Retirer » of a member school that has reported: both requests deleted the link and each
    deletion took the school's figures off the network's pre-aggregated roll-ups, so the network's dashboard
    read 40 - 40 - 40 = -40 pupils identified. Under the network's row, the second request finds the link gone."""
    network, users = committed
    link, period = in_own_connection(lambda: _school_with_a_report(network))
    try:
        assert _network_totals(network) == [("sas.students_identified", 40, 1)]
        results = at_once(users["coordinator"], f"/reseaux/{network.slug}/gerer/etablissements/{link.pk}/retirer/", {})
        assert sorted(statuses(results)) == [302, 404], results
        assert _network_totals(network) == [("sas.students_identified", 0, 0)]
    finally:
        in_own_connection(lambda: _remove_report(link, period))


def test_a_report_arriving_while_its_school_joins_a_network_reaches_the_network_figures(committed):
    """The coordination adds a school to the network (its current figures join the network's pre-aggregated rows)
    while the school's new report is stored. Unserialised, the report did not see the membership, not yet
    committed, and the join had read the former report: the network kept 40 where the school now counts 55.
    The join reads the figures under the establishment's row, which storing a report holds."""
    network, _users = committed
    link, period = in_own_connection(lambda: _school_with_a_report(network, member=False))
    joined, commit, report_pid, stored_report = threading.Event(), threading.Event(), [], threading.Event()

    def join():
        with transaction.atomic():
            link.save()
            joined.set()
            commit.wait(timeout=30)

    def report():
        joined.wait(timeout=30)
        report_pid.append(backend_pid())
        stored.send(link.establishment, period, [stored.cell("sas.students_identified", 55)], sequence=2)
        stored_report.set()

    try:
        # The join commits once the report is stored or waits for it.
        release_when_waiting((join, report), commit, stored_report, report_pid)
        assert _network_totals(network) == [("sas.students_identified", 55, 1)]
    finally:
        commit.set()
        in_own_connection(lambda: (NetworkEstablishment.objects.filter(pk=link.pk).delete(),
                                   _remove_report(link, period)))


def _second_coordinator(network, user):
    return NetworkPerson.objects.update_or_create(network=network, user=user,
                                                  defaults={"role": NetworkPerson.Role.COORDINATOR})[0]


def _coordinators(network) -> list:
    return list(NetworkPerson.objects.filter(network=network, role=NetworkPerson.Role.COORDINATOR)
                .values_list("user__username", flat=True))


def test_two_coordinators_removing_each_other_at_once_leave_one_coordinator(committed):
    """The network's two coordinators remove each other, or make each other members, at the same moment: one
    change is made; the other request, read again under the network's lock, comes from someone who coordinates
    no more and is refused (403, « Seule la coordination du réseau gère ses membres. »); the network keeps a
    coordinator. Unserialised, each request saw the other still coordinating and both went through."""
    network, users = committed
    first, second = users["coordinator"], users["other"]
    manage = f"/reseaux/{network.slug}/gerer/"
    for _n in range(ROUNDS):
        ids = in_own_connection(lambda: [_second_coordinator(network, user).pk for user in (first, second)])
        removals = together((first, f"{manage}personnes/{ids[1]}/retirer/", {}),
                            (second, f"{manage}personnes/{ids[0]}/retirer/", {}))
        assert len(_coordinators(network)) == 1
        in_own_connection(lambda: [_second_coordinator(network, user) for user in (first, second)])
        demotions = together((first, f"{manage}personnes/", {"email": second.email, "role": "member"}),
                             (second, f"{manage}personnes/", {"email": first.email, "role": "member"}))
        assert len(_coordinators(network)) == 1
        for results in (removals, demotions):
            assert sorted(statuses(results)) == [302, 403], results
            refused = next(result for result in results if result.status_code == 403)
            assert "Seule la coordination du réseau gère ses membres." in refused.content.decode()


def test_two_coordinators_leaving_at_once_leave_one_coordinator(committed):
    """Both coordinators leave the network at the same moment: one leaves, the other is told they are the last."""
    network, users = committed
    first, second = users["coordinator"], users["other"]
    for _n in range(ROUNDS):
        ids = in_own_connection(lambda: [_second_coordinator(network, user).pk for user in (first, second)])
        results = together(*[(user, f"/reseaux/{network.slug}/gerer/personnes/{pk}/retirer/", {})
                             for user, pk in zip((first, second), ids)],
                           send=lambda client, url, data: client.post(url, data, follow=True))
        assert statuses(results) == [200, 200], results
        assert len(_coordinators(network)) == 1
        assert sum("dernière personne à coordonner" in result.content.decode() for result in results) == 1


def _published_fiche(school):
    return factories.fiche("Tutorat simultané", school).pk


def test_tagging_one_fiche_twice_at_once_makes_one_tag(committed):
    network, users = committed
    school = network.establishments.get()
    fiche_pk = in_own_connection(lambda: _published_fiche(school))
    try:
        for _n in range(ROUNDS):
            results = at_once(users["coordinator"], f"/reseaux/{network.slug}/gerer/fiches/", {"fiche": str(fiche_pk)})
            assert statuses(results) == [302, 302], results
            assert NetworkFiche.objects.filter(network=network, fiche_id=fiche_pk).count() == 1
            in_own_connection(lambda: NetworkFiche.objects.filter(fiche_id=fiche_pk).delete())
    finally:
        in_own_connection(lambda: factories.FichePage.objects.get(pk=fiche_pk).delete())


# --- Creating a network (an académie's moderator) -------------------------------------------------------

def _network_form(users) -> dict:
    return {"name": NETWORK_NAME, "kind": Network.Kind.INNOVATION, "academie": factories.academie("poitiers").pk,
            "bassin": "Niort", "description": "", "contact_email": "", "coordinators": users["coordinator"].email}


def test_creating_a_network_twice_at_once_makes_one_network(committed):
    """A double click on « Créer le réseau » sends the form twice with the token it was shown with: one network
    with its coordinator, and both requests answer with it."""
    _network, users = committed
    for n in range(ROUNDS):
        token = creation_token(users["moderator"], "/reseaux/nouveau/")
        results = at_once(users["moderator"], "/reseaux/nouveau/", {**_network_form(users), "creation_token": token})
        assert statuses(results) == [302, 302], results
        networks = Network.objects.filter(name=NETWORK_NAME)
        assert networks.count() == n + 1
        assert results[0]["Location"] == results[1]["Location"]
        assert all(network.people.get().user == users["coordinator"] for network in networks)


def test_two_networks_of_one_name_created_at_once_get_their_own_addresses(committed):
    """Two forms shown apart (two tokens) and sent together: a name may be given to two networks
    (tests/networks/test_creation.py), so each makes its own, numbered when both pick the same free address;
    no 500."""
    _network, users = committed
    for n in range(ROUNDS):
        results = together(*[(users["moderator"], "/reseaux/nouveau/",
                              {**_network_form(users), "creation_token": creation_token(users["moderator"], "/reseaux/nouveau/")})
                             for _form in range(2)])
        assert statuses(results) == [302, 302], results
        networks = Network.objects.filter(name=NETWORK_NAME)
        assert networks.count() == 2 * (n + 1)
        assert len(set(networks.values_list("slug", flat=True))) == networks.count()
        assert all(network.people.get().user == users["coordinator"] for network in networks)

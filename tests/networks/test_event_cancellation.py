"""The coordination cancels an event (the registered people get one French e-mail each, once), restores it, or
deletes one nobody registered for; a cancelled event stays visible, marked « Annulé », everywhere it is listed."""
import datetime as dt
import html

import feedparser
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from portal.networks.digests import send_digests
from portal.networks.models import Event, Follow
from tests import factories

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def _registered(event, *users):
    for user in users:
        event.registrations.create(user=user)


def test_cancelling_tells_each_registered_person_once_and_closes_registration(ripps, client):
    event = make_event(ripps, "Réunion d'échange")
    no_address = factories.user("sans-adresse")
    no_address.email = ""
    no_address.save()
    _registered(event, ripps.member, ripps.coordinator, no_address)
    client.force_login(ripps.coordinator)
    confirmation = _page(client, f"/evenements/{event.pk}/annuler/")
    assert "Personnes inscrites, prévenues chacune par un e-mail : 3." in confirmation

    response = client.post(f"/evenements/{event.pk}/annuler/", {"message": "Reportée au 2 avril."}, follow=True)
    assert "les personnes inscrites en sont prévenues par e-mail" in html.unescape(response.content.decode())
    assert sorted(message.to[0] for message in mail.outbox) == sorted([ripps.member.email, ripps.coordinator.email])
    for message in mail.outbox:
        assert message.subject == "Événement annulé : Réunion d'échange"
        assert "est annulé" in message.body and "Reportée au 2 avril." in message.body
        assert f"/evenements/{event.pk}/" in message.body

    again = client.post(f"/evenements/{event.pk}/annuler/", {"message": "Second onglet"}, follow=True)
    assert "déjà annulé" in html.unescape(again.content.decode())
    assert len(mail.outbox) == 2  # the second tab sends nothing
    event.refresh_from_db()
    assert event.is_cancelled and event.cancellation_message == "Reportée au 2 avril."

    newcomer = factories.user("nouveau")
    client.force_login(newcomer)
    page = _page(client, f"/evenements/{event.pk}/")
    assert "Événement annulé" in page and "Reportée au 2 avril." in page and "S'inscrire" not in page
    refused = client.post(f"/evenements/{event.pk}/inscription/", follow=True)
    assert "Cet événement est annulé" in html.unescape(refused.content.decode())
    assert not event.registrations.filter(user=newcomer).exists()


def test_a_cancelled_event_is_marked_everywhere_and_not_upcoming(ripps, client):
    poitiers = {"latitude": 46.58, "longitude": 0.34}
    kept = make_event(ripps, "Visite maintenue", **poitiers)
    cancelled = make_event(ripps, "Réunion annulée", cancelled_at=timezone.now(), **poitiers)
    events_page = _page(client, "/evenements/")
    upcoming, _, rest = events_page.partition(">Annulés</h2>")
    assert "Visite maintenue" in upcoming and "Réunion annulée" not in upcoming
    assert "Réunion annulée" in rest
    network_page = _page(client, f"/reseaux/{ripps.slug}/")
    coming, _, cancelled_part = network_page.partition("Événements annulés")
    assert "Visite maintenue" in coming and "Réunion annulée" not in coming and "Réunion annulée" in cancelled_part
    assert "Annulé" in _page(client, f"/evenements/{cancelled.pk}/")

    for url in (f"/evenements/{cancelled.pk}.ics", f"/reseaux/{ripps.slug}/agenda.ics"):
        statuses = {str(c["summary"]): str(c["status"])
                    for c in Calendar.from_ical(client.get(url).content).walk("VEVENT")}
        assert statuses["Annulé : Réunion annulée"] == "CANCELLED", url
    titles = [entry.title for entry in feedparser.parse(client.get(f"/flux/reseaux/{ripps.slug}/evenements.atom")
                                                        .content).entries]
    assert any(title.startswith("Annulé : Réunion annulée") for title in titles)
    assert any(title.startswith("Visite maintenue") for title in titles)
    map_titles = {f["properties"]["title"] for f in client.get("/evenements/carte.geojson").json()["features"]}
    assert {"Annulé : Réunion annulée", kept.title} <= map_titles


def test_the_digest_tells_followers_of_a_cancellation(ripps):
    event = make_event(ripps, "Réunion annulée")
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - dt.timedelta(days=20),
                                             cancelled_at=timezone.now())
    follow = Follow.objects.create(user=ripps.member, network=ripps)
    Follow.objects.filter(pk=follow.pk).update(last_digest_at=timezone.now() - dt.timedelta(days=8))
    assert send_digests().emails == 1
    assert "Événement annulé : Réunion annulée" in mail.outbox[0].body


def test_restoring_tells_the_registered_people_and_reopens_registration(ripps, client):
    event = make_event(ripps, "Réunion d'échange")
    _registered(event, ripps.member)
    client.force_login(ripps.coordinator)
    client.post(f"/evenements/{event.pk}/annuler/", {"message": ""})
    assert "Rétablir l'événement" in _page(client, f"/evenements/{event.pk}/")
    restored = client.post(f"/evenements/{event.pk}/retablir/", follow=True)
    assert "L'événement est rétabli" in html.unescape(restored.content.decode())
    assert [message.subject for message in mail.outbox] == ["Événement annulé : Réunion d'échange",
                                                            "Événement rétabli : Réunion d'échange"]
    assert "votre inscription est maintenue" in mail.outbox[1].body
    event.refresh_from_db()
    assert not event.is_cancelled and event.sequence == 2  # calendars see two new versions
    assert ">Annulés</h2>" not in _page(client, "/evenements/")  # upcoming again
    client.force_login(factories.user("nouveau"))
    client.post(f"/evenements/{event.pk}/inscription/")
    assert event.registrations.count() == 2


def test_an_event_with_registrations_is_cancelled_not_deleted(ripps, client):
    event = make_event(ripps, "Réunion d'échange")
    client.force_login(ripps.coordinator)
    assert "Supprimer l'événement" in _page(client, f"/evenements/{event.pk}/")
    _registered(event, ripps.member)
    page = _page(client, f"/evenements/{event.pk}/")
    assert "Supprimer l'événement" not in page and "Un événement qui a des inscrits ne se supprime pas" in page
    assert "il ne peut plus être supprimé" in _page(client, f"/evenements/{event.pk}/supprimer/")
    refused = client.post(f"/evenements/{event.pk}/supprimer/", follow=True)
    assert "il ne peut plus être supprimé" in html.unescape(refused.content.decode())
    assert Event.objects.filter(pk=event.pk).exists()

    event.registrations.all().delete()
    response = client.post(f"/evenements/{event.pk}/supprimer/")
    assert response.status_code == 302 and response["Location"] == f"/reseaux/{ripps.slug}/"
    assert not Event.objects.filter(pk=event.pk).exists()


def test_only_the_coordination_cancels_restores_or_deletes_and_only_by_a_checked_post(ripps, client):
    event = make_event(ripps, "Réunion d'échange")
    client.force_login(ripps.member)
    assert "Annuler l'événement" not in _page(client, f"/evenements/{event.pk}/")
    for url in ("annuler", "retablir", "supprimer"):
        assert client.post(f"/evenements/{event.pk}/{url}/").status_code == 403
    assert client.get(f"/evenements/{event.pk}/retablir/").status_code in (403, 405)
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(ripps.coordinator)
    assert forged.post(f"/evenements/{event.pk}/annuler/", {"message": ""}).status_code == 403
    assert forged.post(f"/evenements/{event.pk}/supprimer/").status_code == 403
    event.refresh_from_db()
    assert not event.is_cancelled


def test_a_message_over_its_bound_is_refused_in_french_and_kept(ripps, client):
    event = make_event(ripps, "Réunion d'échange")
    client.force_login(ripps.coordinator)
    response = client.post(f"/evenements/{event.pk}/annuler/", {"message": "x" * 2001})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "comporte au plus 2000 caractères (actuellement 2001)" in page and "x" * 2001 in page
    event.refresh_from_db()
    assert not event.is_cancelled

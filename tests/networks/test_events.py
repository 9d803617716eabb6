"""Events are written in the place's time zone, overseas too, and their ICS files say so."""
import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from geo.timezones import time_zone_for
from portal.networks.models import Event, Network
from portal.networks.tokens import renew_token, revoke_tokens
from tests import factories

from .conftest import event_form, make_event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("commune, departement, zone, utc_hour", [
    ("Poitiers", "", "Europe/Paris", 13),          # CET, winter: UTC+1
    ("Saint-Denis", "974", "Indian/Reunion", 10),  # UTC+4
    ("Cayenne", "", "America/Cayenne", 17),        # UTC-3
])
def test_event_times_are_those_of_the_place(ripps, client, commune, departement, zone, utc_hour):
    client.force_login(ripps.coordinator)
    response = client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form(commune=commune, departement=departement))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(network=ripps)
    assert event.time_zone == zone
    assert event.starts_at.astimezone(dt.timezone.utc).hour == utc_hour
    assert event.local_start.strftime("%H:%M") == "14:00" and event.has_position

    calendar = Calendar.from_ical(client.get(f"/evenements/{event.pk}.ics").content)
    [component] = calendar.walk("VEVENT")
    start = component.decoded("dtstart")
    assert str(start.tzinfo) == zone and (start.hour, start.minute) == (14, 0)
    assert start.astimezone(dt.timezone.utc).hour == utc_hour
    assert component.decoded("dtend").astimezone(ZoneInfo(zone)).strftime("%H:%M") == "16:30"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [zone]
    assert str(component["uid"]) == f"{event.uid}@accroche"


def test_event_form_refuses_what_it_cannot_place_or_order(ripps, client):
    client.force_login(ripps.coordinator)
    unknown = client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form(commune="Zzyzxville"))
    assert unknown.status_code == 400 and "introuvable" in unknown.content.decode()
    backwards = client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form(end_time="09:00"))
    assert backwards.status_code == 400 and "précède son début" in backwards.content.decode()
    assert not Event.objects.exists()
    client.force_login(ripps.member)
    assert client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form()).status_code == 403


def test_an_event_of_no_places_is_refused_in_french_and_the_form_kept(ripps, client):
    """« Nombre de places : 0 » made an event whose « S'inscrire » could only answer « L'événement est complet. »."""
    client.force_login(ripps.coordinator)
    response = client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form(capacity="0"))
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and "Indiquez au moins une place, ou laissez vide s'il n'y a pas de limite." in page
    assert 'value="Réunion d\'échange"' in page and not Event.objects.exists()
    assert client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form(capacity="1")).status_code == 302


def test_editing_an_event_raises_its_ics_sequence(ripps, client):
    client.force_login(ripps.coordinator)
    client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form())
    event = Event.objects.get()
    client.post(f"/evenements/{event.pk}/modifier/", event_form(start_time="15:00", end_time="17:00"))
    event.refresh_from_db()
    assert event.sequence == 1 and event.local_start.hour == 15
    [component] = Calendar.from_ical(client.get(f"/evenements/{event.pk}.ics").content).walk("VEVENT")
    assert component.decoded("sequence") == 1


def test_network_feed_is_public_and_private_feed_follows_its_token(ripps, client):
    make_event(ripps, "Ouverte à tous")
    make_event(ripps, "Entre membres", audience=Event.Audience.MEMBERS, zone="Indian/Reunion")
    other = Network.objects.create(slug="autre", name="Autre réseau")
    make_event(other, "D'un autre réseau", audience=Event.Audience.MEMBERS)

    def summaries(body):
        return sorted(str(c["summary"]) for c in Calendar.from_ical(body).walk("VEVENT"))

    assert summaries(client.get(f"/reseaux/{ripps.slug}/agenda.ics").content) == ["Ouverte à tous"]
    token = renew_token(ripps.member)
    private = client.get(f"/agenda/{token.key}.ics")
    assert summaries(private.content) == ["Entre membres", "Ouverte à tous"]
    assert private["Content-Type"].startswith("text/calendar")
    replaced = renew_token(ripps.member)
    assert client.get(f"/agenda/{token.key}.ics").status_code == 404
    assert client.get(f"/agenda/{replaced.key}.ics").status_code == 200
    revoke_tokens(ripps.member)
    assert client.get(f"/agenda/{replaced.key}.ics").status_code == 404


def test_control_characters_stored_in_an_event_stay_out_of_its_calendars(ripps, client):
    """RFC 5545 forbids control characters in a text: an event stored with « \\x01 » or Word's line break
    « \\x0b » (before the forms refused them) gave calendars carrying them, on the public and the private address.
    Word's line break becomes a space in the title and the place, a line break in the description."""
    event = make_event(ripps, "Réunion\x0bd'échange\x01", description="Ordre\x01 du jour\x0bpartage",
                       place_name="Salle\x0bB\x01")
    token = renew_token(ripps.member)
    for url in (f"/evenements/{event.pk}.ics", f"/reseaux/{ripps.slug}/agenda.ics", f"/agenda/{token.key}.ics"):
        body = client.get(url).content
        assert b"\x01" not in body and b"\x0b" not in body, url
        [component] = Calendar.from_ical(body).walk("VEVENT")
        assert str(component["summary"]) == "Réunion d'échange", url
        assert str(component["description"]).startswith("Ordre du jour\npartage\n\nhttp://testserver/"), url
        assert str(component["location"]) == "Salle B, Poitiers", url


def test_time_zones_of_overseas_departements():
    assert time_zone_for("974") == "Indian/Reunion"
    assert time_zone_for("973") == "America/Cayenne"
    assert time_zone_for("976") == "Indian/Mayotte"
    assert time_zone_for("2A") == time_zone_for("75") == time_zone_for("") == "Europe/Paris"


def test_event_list_geojson_places_visible_events(ripps, client):
    event = make_event(ripps, "Placée", latitude=46.58, longitude=0.34)
    make_event(ripps, "Secrète", audience=Event.Audience.MEMBERS, latitude=46.5, longitude=0.3)
    data = client.get("/evenements/carte.geojson").json()
    assert [f["properties"]["title"] for f in data["features"]] == ["Placée"]
    assert data["features"][0]["geometry"]["coordinates"] == [0.34, 46.58]
    assert event.get_absolute_url() == data["features"][0]["properties"]["url"]


LONG_DESCRIPTION = ("Ordre du jour : accueil, échange de pratiques entre les établissements du réseau, bilan. " * 45
                    ).strip()  # 4,004 characters


def test_a_description_over_its_bound_is_refused_in_french_and_kept_in_the_form(ripps, client):
    """An event's description is a programme of a few paragraphs: before, any length up to the request's 20 MB was
    stored and shown on the event's page, in its calendars and in the digests."""
    client.force_login(ripps.coordinator)
    response = client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form(description=LONG_DESCRIPTION))
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "au plus 4000 caractères (actuellement 4004)" in page
    assert LONG_DESCRIPTION in page and "Réunion d'échange" in page and 'maxlength="4000"' in page
    assert not Event.objects.exists()

    bounded = LONG_DESCRIPTION[:4000]
    response = client.post(f"/reseaux/{ripps.slug}/evenements/nouveau/", event_form(description=bounded))
    assert response.status_code == 302
    assert Event.objects.get().description == bounded


def test_the_coordination_sees_who_registered_and_can_write_to_them_others_see_a_count(ripps, client):
    """The event page gave its organisers a count (« 2 personnes inscrites sur 20 places ») and no way to
    know who was coming or to write to them; a member sees the count only."""
    event = make_event(ripps, "Réunion d'échange", capacity=20)
    guest = factories.user("invitee", first_name="Inès", last_name="Rivière")
    for person in (ripps.member, guest):
        client.force_login(person)
        client.post(f"/evenements/{event.pk}/inscription/")
    client.force_login(ripps.coordinator)
    page = html.unescape(client.get(f"/evenements/{event.pk}/").content.decode())
    assert "2 personnes inscrites sur 20 places" in page
    assert "Personnes inscrites" in page and "Inès Rivière" in page and "invitee@example.org" in page
    assert "mailto:?bcc=membre@example.org,invitee@example.org" in page and "Écrire aux inscrits" in page
    client.force_login(ripps.member)
    page = html.unescape(client.get(f"/evenements/{event.pk}/").content.decode())
    assert "2 personnes inscrites" in page and "invitee@example.org" not in page and "Écrire aux inscrits" not in page


def test_the_coordination_is_told_when_nobody_registered_yet(ripps, client):
    event = make_event(ripps, "Réunion d'échange")
    client.force_login(ripps.coordinator)
    page = html.unescape(client.get(f"/evenements/{event.pk}/").content.decode())
    assert "Personne ne s'est encore inscrit." in page and "Écrire aux inscrits" not in page


def test_the_event_list_shows_which_events_one_registered_for(ripps, client):
    """A member who registered found no trace of it outside the event's own page."""
    registered = make_event(ripps, "Réunion où je vais")
    make_event(ripps, "Autre réunion")
    client.force_login(ripps.member)
    client.post(f"/evenements/{registered.pk}/inscription/")
    items = {line.split("</a>")[0].rsplit(">", 1)[-1]: line
             for line in html.unescape(client.get("/evenements/").content.decode()).split("<li>")[1:]}
    assert "Vous êtes inscrit(e)" in items["Réunion où je vais"]
    assert "Vous êtes inscrit(e)" not in items["Autre réunion"]
    client.force_login(ripps.coordinator)
    assert "Vous êtes inscrit(e)" not in client.get("/evenements/").content.decode()


def test_the_edit_form_of_an_event_leads_back_to_the_event(ripps, client):
    """It led back to the network's page: the coordinator who gave up an edit lost the event they came from."""
    event = make_event(ripps, "Réunion d'échange")
    client.force_login(ripps.coordinator)
    back = '<a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="{}">'
    assert back.format(f"/evenements/{event.pk}/") in client.get(f"/evenements/{event.pk}/modifier/").content.decode()


def test_a_skip_link_leads_past_the_map_to_the_list_of_events(ripps, client):
    """The map's zoom buttons, markers and credits came first: reaching an event took some 34 Tab presses. The
    page's DSFR skip links now lead to the list, whose first stop after the target is the first event."""
    make_event(ripps, "Réunion d'échange")
    page = html.unescape(client.get("/evenements/").content.decode())
    skiplinks = page.partition('class="fr-skiplinks__list"')[2].partition("</ul>")[0]
    target = re.search(r'<a class="fr-link" href="#([\w-]+)">Aller à la liste des événements</a>', skiplinks).group(1)
    after_target = page.partition(f'id="{target}"')[2]
    assert 'id="event-map"' not in after_target
    first_stop = re.search(r"<(a|button|input|select|textarea)\b[^>]*>([^<]*)", after_target)
    assert first_stop.group(2) == "Réunion d'échange"

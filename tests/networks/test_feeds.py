"""Atom feeds are valid (feedparser reads them without complaint) and advertised on their pages."""
import re

import feedparser
import pytest

from portal.networks.models import Event
from portal.networks.tokens import renew_token, revoke_tokens
from tests import factories

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    assert feed.version == "atom10"
    return feed


def _alternates(client, url) -> list[str]:
    html = client.get(url).content.decode()
    return re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)


def test_fiche_feeds_everything_academie_network_search(ripps, client):
    factories.fiche("Tutorat au collège", ripps.school)
    factories.fiche("Atelier théâtre", factories.establishment("Lycée Lumière", "lyon"))

    everything = _feed(client, "/flux/fiches.atom")
    assert [e.title for e in everything.entries[:2]] == ["Atelier théâtre", "Tutorat au collège"]
    assert everything.entries[0].link.startswith("http://testserver/")
    assert [e.title for e in _feed(client, "/flux/academies/poitiers.atom").entries] == ["Tutorat au collège"]
    assert [e.title for e in _feed(client, f"/flux/reseaux/{ripps.slug}/fiches.atom").entries] == ["Tutorat au collège"]
    search = _feed(client, "/flux/recherche.atom?academie=lyon")
    assert [e.title for e in search.entries] == ["Atelier théâtre"]
    assert "lyon" in search.feed.title
    assert _feed(client, "/flux/recherche.atom?academie=!!").entries == []  # a bad filter finds nothing
    assert client.get("/flux/academies/inconnue.atom").status_code == 404


def test_event_feeds_public_network_and_private(ripps, client):
    make_event(ripps, "Visite publique")
    make_event(ripps, "Réunion des membres", audience=Event.Audience.MEMBERS)
    assert [e.title.split(" — ")[0] for e in _feed(client, "/flux/evenements.atom").entries] == ["Visite publique"]
    network = _feed(client, f"/flux/reseaux/{ripps.slug}/evenements.atom")
    assert [e.title.split(" — ")[0] for e in network.entries] == ["Visite publique"]
    token = renew_token(ripps.member)
    private = _feed(client, f"/flux/prive/{token.key}/evenements.atom")
    assert sorted(e.title.split(" — ")[0] for e in private.entries) == ["Réunion des membres", "Visite publique"]
    revoke_tokens(ripps.member)
    assert client.get(f"/flux/prive/{token.key}/evenements.atom").status_code == 404
    stranger = renew_token(factories.user("inconnu"))
    assert [e.title.split(" — ")[0] for e in _feed(client, f"/flux/prive/{stranger.key}/evenements.atom").entries] == [
        "Visite publique"]


def test_pages_advertise_their_feeds(ripps, client):
    assert "/flux/fiches.atom" in _alternates(client, "/")
    assert _alternates(client, "/poitiers/") == ["/flux/academies/poitiers.atom"]
    assert set(_alternates(client, f"/reseaux/{ripps.slug}/")) == {
        f"/flux/reseaux/{ripps.slug}/fiches.atom", f"/flux/reseaux/{ripps.slug}/evenements.atom"}
    assert _alternates(client, "/evenements/") == ["/flux/evenements.atom"]
    [search] = _alternates(client, "/recherche/?q=tutorat&academie=lyon")
    assert search.replace("&amp;", "&") == "/flux/recherche.atom?q=tutorat&academie=lyon"


def test_every_feed_a_network_or_events_page_advertises_has_a_visible_link(ripps, client):
    """A feed named only in the page's head is found by feed readers' extensions, not by people."""
    for url in (f"/reseaux/{ripps.slug}/", "/evenements/"):
        page = client.get(url).content.decode()
        links = set(re.findall(r'<a [^>]*href="([^"]+\.atom)"', page))
        assert set(_alternates(client, url)) <= links, url


def test_control_characters_typed_in_a_title_do_not_break_the_feeds(ripps, client):
    """XML 1.0 cannot carry « \\x01 » or Word's line break « \\x0b »: one event, network or fiche holding one made
    every feed that lists it answer 500, for everyone. They are left out of the feed, but Word's line break, which
    separates two words, becomes a space in a title; the rest of the text stays."""
    ripps.name = "RIPPS\x0btest"
    ripps.save()
    event = make_event(ripps, "Réunion\x0bd'échange\x01", description="Ordre\x1f du jour", place_name="Salle\x02 B")
    key = renew_token(ripps.member).key
    for url in ("/flux/evenements.atom", f"/flux/reseaux/{ripps.slug}/evenements.atom",
                f"/flux/prive/{key}/evenements.atom"):
        entry = _feed(client, url).entries[0]
        assert entry.title.startswith("Réunion d'échange — ") and entry.id == f"urn:uuid:{event.uid}"
    factories.fiche("Tutorat\x0b au collège", factories.establishment("Collège\x01 Test", "poitiers"),
                    summary="Des élèves\x0c tuteurs")
    for url in ("/flux/fiches.atom", "/flux/academies/poitiers.atom", "/flux/recherche.atom?q=tutorat"):
        titles = [entry.title for entry in _feed(client, url).entries]
        assert "Tutorat au collège" in titles, (url, titles)

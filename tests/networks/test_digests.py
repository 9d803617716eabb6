"""Digests: what is new since the last one, once; one-click unsubscribe without login (RFC 8058)."""
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from fiches.models import FichePage
from portal.networks.digests import send_digests
from portal.networks.models import Event, Follow
from tests import factories

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _follow(user, when, **target):
    follow = Follow.objects.create(user=user, **target)
    Follow.objects.filter(pk=follow.pk).update(last_digest_at=when)
    return follow


def test_two_rounds_send_each_news_once(ripps):
    start = timezone.now() - dt.timedelta(days=8)
    _follow(ripps.member, start, network=ripps)
    _follow(ripps.member, start, academie=factories.academie("poitiers"))
    outsider = factories.user("lecteur")
    _follow(outsider, start, network=ripps)
    factories.fiche("Tutorat au collège", ripps.school)
    make_event(ripps, "Réunion des membres", audience=Event.Audience.MEMBERS)
    make_event(ripps, "Visite ouverte")

    first = send_digests()
    assert (first.follows, first.emails) == (3, 2)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    member_mail = by_recipient[ripps.member.email].body
    assert member_mail.count("Tutorat au collège") == 2  # under the network and under the académie
    assert "Réunion des membres" in member_mail and "Visite ouverte" in member_mail
    outsider_mail = by_recipient[outsider.email].body
    assert "Visite ouverte" in outsider_mail and "Réunion des membres" not in outsider_mail

    assert send_digests().emails == 0  # not due again yet
    later = timezone.now() + dt.timedelta(days=8)
    second = send_digests(now=later)
    assert (second.follows, second.emails) == (3, 0)  # due, but nothing new: nothing sent
    assert len(mail.outbox) == 2

    newer = factories.fiche("Nouvel atelier", ripps.school)
    FichePage.objects.filter(pk=newer.pk).update(first_published_at=later + dt.timedelta(days=1))
    third = send_digests(now=later + dt.timedelta(days=8))
    assert third.emails == 2
    for message in mail.outbox[2:]:
        assert "Nouvel atelier" in message.body and "Tutorat au collège" not in message.body


def test_daily_and_never(ripps):
    start = timezone.now() - dt.timedelta(days=2)
    daily = _follow(ripps.member, start, network=ripps)
    Follow.objects.filter(pk=daily.pk).update(frequency=Follow.Frequency.DAILY)
    silent = _follow(factories.user("silencieux"), start, network=ripps)
    Follow.objects.filter(pk=silent.pk).update(frequency=Follow.Frequency.NEVER)
    factories.fiche("Tutorat", ripps.school)
    run = send_digests()
    assert run.emails == 1 and mail.outbox[0].to == [ripps.member.email]


def test_saved_search_uses_the_search_service(ripps, client):
    reader = factories.user("chercheuse")
    client.force_login(reader)
    client.post("/suivis/recherche/", {"query": "academie=lyon&page=2"})
    follow = Follow.objects.get(user=reader)
    assert follow.search_query == "academie=lyon"
    Follow.objects.filter(pk=follow.pk).update(last_digest_at=timezone.now() - dt.timedelta(days=8))
    factories.fiche("Atelier théâtre", factories.establishment("Lycée Lumière", "lyon"))
    factories.fiche("Tutorat", ripps.school)
    assert send_digests().emails == 1
    assert "Atelier théâtre" in mail.outbox[0].body and "Tutorat" not in mail.outbox[0].body


def test_a_hostile_search_is_followed_without_its_nul_bytes_or_refused_in_french(db, client):
    reader = factories.user("chercheuse")
    client.force_login(reader)
    # NUL bytes (PostgreSQL text cannot hold them) are no part of a search: they separate words.
    client.post("/suivis/recherche/", {"query": "q=atelier%00th%C3%A9%C3%A2tre&academie=%00"})
    follow = Follow.objects.get(user=reader)
    assert follow.search_query == "q=atelier+th%C3%A9%C3%A2tre" and "\x00" not in follow.label
    # Longer once encoded than a saved search may be: refused with a French message, nothing saved.
    page = client.post("/suivis/recherche/", {"query": "q=" + "é" * 300}, follow=True)
    assert page.status_code == 200 and "trop longue pour être suivie" in page.content.decode()
    assert Follow.objects.filter(user=reader).count() == 1


def test_one_click_unsubscribe_needs_no_login(ripps, client):
    _follow(ripps.member, timezone.now() - dt.timedelta(days=8), network=ripps)
    factories.fiche("Tutorat", ripps.school)
    send_digests()
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    path = url.split("://", 1)[1].split("/", 1)[1]
    html = message.alternatives[0][0]
    assert f"/{path}" in html

    page = client.get(f"/{path}")
    assert page.status_code == 200 and Follow.objects.get().frequency == Follow.Frequency.WEEKLY  # GET changes nothing
    response = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Follow.objects.get().frequency == Follow.Frequency.NEVER
    forged = client.post(f"/{path[:-3]}xx/", {"List-Unsubscribe": "One-Click"})
    assert forged.status_code == 400


def test_following_an_academie_is_confirmed_on_its_page(ripps, client):
    """The button sends the member back to the académie's page, which said nothing before: the confirmation waited
    for the next page that shows messages."""
    client.force_login(ripps.member)
    page = client.post("/suivis/academie/", {"academie": "poitiers", "next": "/poitiers/"}, follow=True)
    assert page.redirect_chain[-1][0] == "/poitiers/"
    assert "Vous suivez « Académie de Poitiers »" in page.content.decode()


def test_follow_buttons_and_follows_page(ripps, client):
    client.force_login(ripps.member)
    client.post(f"/reseaux/{ripps.slug}/suivre/")
    client.post(f"/reseaux/{ripps.slug}/suivre/")  # twice: still one follow
    client.post("/suivis/academie/", {"academie": "poitiers", "next": "https://ailleurs.example/"})
    assert Follow.objects.filter(user=ripps.member).count() == 2
    follow = Follow.objects.get(network=ripps)
    client.post(f"/suivis/{follow.pk}/", {f"f{follow.pk}-frequency": "daily"})
    follow.refresh_from_db()
    assert follow.frequency == "daily"
    client.post(f"/suivis/{follow.pk}/", {f"f{follow.pk}-frequency": "hourly"})
    follow.refresh_from_db()
    assert follow.frequency == "daily"
    page = client.get("/suivis/").content.decode()
    assert ripps.name in page and "Académie de Poitiers" in page
    other = factories.user("autre")
    client.force_login(other)
    assert client.post(f"/suivis/{follow.pk}/", {"action": "delete"}).status_code == 404
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_the_scheduled_job_sends_a_due_digest(ripps):
    _follow(ripps.member, timezone.now() - dt.timedelta(days=8), network=ripps)
    factories.fiche("Tutorat au collège", ripps.school)
    call_command("run_schedule", "--once", "send_digests", stdout=io.StringIO())  # enqueued; the test backend runs it
    assert [message.to for message in mail.outbox] == [[ripps.member.email]]
    assert "Tutorat au collège" in mail.outbox[0].body


def test_the_command_counts_letters_and_follows_in_french(ripps):
    def command_output():
        out = io.StringIO()
        call_command("send_digests", stdout=out)
        return out.getvalue()

    assert command_output() == "0 lettre envoyée pour 0 suivi.\n"
    start = timezone.now() - dt.timedelta(days=8)
    _follow(ripps.member, start, network=ripps)
    factories.fiche("Tutorat", ripps.school)
    assert command_output() == "1 lettre envoyée pour 1 suivi.\n"
    _follow(factories.user("lectrice"), start, network=ripps)
    _follow(factories.user("lecteur"), start, network=ripps)
    assert command_output() == "2 lettres envoyées pour 2 suivis.\n"

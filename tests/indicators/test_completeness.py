"""Completeness per period (DHIS2's reporting rates), the analysts' pages and who may read them."""
import datetime as dt

import pytest
from django.core import mail
from django.db.models import Q
from django.utils import timezone

from portal.accounts.models import Membership
from portal.indicators.completeness import AWAITED, LATE, MISSING, ON_TIME, completeness, scope_rates
from portal.indicators.models import ExpectedReport
from tests import factories

from .stored import cell, send, year

PASSWORD = "motdepasse-de-test"


@pytest.fixture
def expected(db):
    period = year(due=dt.date(2024, 7, 1))
    names = {"on_time": "LP Lomet", "late": "LP Palissy", "missing": "LP Monnet"}
    found = {state: factories.establishment(name, "bordeaux") for state, name in names.items()}
    found["elsewhere"] = factories.establishment("LP Lumière", "lyon")
    for establishment in found.values():
        ExpectedReport.objects.create(establishment=establishment, period=period)
    send(found["on_time"], period, [cell("sas.students_identified", 30)],
         received_at=timezone.make_aware(dt.datetime(2024, 6, 20, 10)))
    send(found["late"], period, [cell("sas.students_identified", 30)],
         received_at=timezone.make_aware(dt.datetime(2024, 7, 9, 10)))
    return period, found


def test_rates_count_on_time_late_and_missing(expected):
    period, found = expected
    rows, rates = completeness(period, today=dt.date(2024, 7, 15))
    states = {row.establishment.name: row.state for row in rows}
    assert states == {"LP Lomet": ON_TIME, "LP Palissy": LATE, "LP Monnet": MISSING, "LP Lumière": MISSING}
    bordeaux = next(r for r in rates if r.name == found["on_time"].academie.name)
    assert (bordeaux.expected, bordeaux.received, bordeaux.rate, bordeaux.rate_on_time) == (3, 2, 66.7, 33.3)
    rows, _ = completeness(period, today=dt.date(2024, 6, 25))
    assert {row.establishment.name: row.state for row in rows}["LP Monnet"] == AWAITED


@pytest.mark.parametrize("today", [dt.date(2024, 7, 15), dt.date(2024, 6, 25)])
def test_rates_counted_in_the_database_are_the_same(expected, today):
    period, found = expected
    academie = found["on_time"].academie
    rows, rates = completeness(period, {academie.pk}, today=today)
    waiting, counted = scope_rates(period, Q(establishment__academie=academie), academie.name, listed=10, today=today)
    assert counted.counts == rates[0].counts
    assert [(row.establishment, row.state) for row in waiting] == [(row.establishment, row.state) for row in rows
                                                                    if row.received_at is None]


def analyst(client, academie_code, username):
    user = factories.user(username, role=Membership.Role.ANALYST, academie_code=academie_code)
    client.login(username=user.username, password=PASSWORD)
    return user


def test_an_analyst_sees_only_their_academie(client, expected):
    period, found = expected
    analyst(client, "lyon", "analyste.lyon")
    page = client.get(f"/indicateurs/{period.code}/completude/").content.decode()
    assert "LP Lumière" in page and "LP Lomet" not in page and "LP Monnet" not in page
    response = client.get(f"/indicateurs/{period.code}/agregats/?niveau=establishment")
    rollups = response.content.decode()
    assert response.status_code == 200 and "Élèves repérés" in rollups
    assert found["on_time"].uai is None or found["on_time"].uai not in rollups
    assert "LP Lomet" not in rollups


def test_each_analysis_page_links_back_to_the_one_it_is_reached_from(client, expected):
    """The periods page had no way back to the dashboards, completeness and roll-ups none to the periods, the
    noise budget none to the roll-ups."""
    period, found = expected
    analyst(client, "bordeaux", "analyste.bordeaux")
    back = '<a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="{}">'
    assert back.format("/tableaux-de-bord/") in client.get("/indicateurs/").content.decode()
    for page in ("completude", "agregats"):
        assert back.format("/indicateurs/") in client.get(f"/indicateurs/{period.code}/{page}/").content.decode(), page
    rollups = f"/indicateurs/{period.code}/agregats/"
    assert back.format(rollups) in client.get(f"/indicateurs/{period.code}/budget/").content.decode()


def test_the_reminder_button_shows_only_when_an_establishment_may_be_reminded(client, expected):
    """An analyst whose académie expected no report (or whose establishments all reported) got an empty table
    and « Relancer les établissements cochés », a button with nothing to check."""
    period, found = expected
    button = "Relancer les établissements cochés"
    bordeaux = analyst(client, "bordeaux", "analyste.bordeaux")
    assert button in client.get(f"/indicateurs/{period.code}/completude/").content.decode()
    client.logout()
    analyst(client, "nantes", "analyste.nantes")
    page = client.get(f"/indicateurs/{period.code}/completude/").content.decode()
    assert "Aucun rapport n'est attendu de vos établissements pour cette période." in page
    assert button not in page and 'id="establishments"' not in page
    ExpectedReport.objects.filter(establishment=found["missing"]).delete()
    client.force_login(bordeaux)
    page = client.get(f"/indicateurs/{period.code}/completude/").content.decode()
    assert button not in page and "Aucun établissement n'est à relancer" in page and "LP Lomet" in page


def test_pages_are_refused_to_other_roles_and_anonymous(client, expected):
    period, found = expected
    assert client.get(f"/indicateurs/{period.code}/completude/").status_code == 302
    editor = factories.user("redacteur", role=Membership.Role.EDITOR, establishment=found["on_time"])
    client.login(username=editor.username, password=PASSWORD)
    assert client.get(f"/indicateurs/{period.code}/completude/").status_code == 403
    assert client.get("/indicateurs/").status_code == 403


def test_a_reminder_goes_to_the_missing_establishment_of_ones_academie_only(client, expected):
    period, found = expected
    for name in ("missing", "elsewhere"):
        factories.user(f"contact.{name}", role=Membership.Role.EDITOR, establishment=found[name])
    analyst(client, "bordeaux", "analyste.bordeaux")
    response = client.post(f"/indicateurs/{period.code}/relancer/",
                           {"establishment": [found["missing"].pk, found["elsewhere"].pk, found["on_time"].pk]})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["contact.missing@example.org"]]
    assert "LP Monnet" in mail.outbox[0].body
    client.post(f"/indicateurs/{period.code}/relancer/", {"establishment": ["pas-un-nombre"]})
    assert len(mail.outbox) == 1


def test_a_reminder_says_when_the_report_is_awaited_in_french_with_or_without_a_due_date(client, expected):
    period, found = expected
    factories.user("contact.missing", role=Membership.Role.EDITOR, establishment=found["missing"])
    analyst(client, "bordeaux", "analyste.bordeaux")
    client.post(f"/indicateurs/{period.code}/relancer/", {"establishment": [found["missing"].pk]})
    assert "(attendu au plus tard le 01/07/2024)" in mail.outbox[-1].body
    period.due_date = None
    period.save()
    ExpectedReport.objects.filter(period=period).update(last_reminder_at=None)
    client.post(f"/indicateurs/{period.code}/relancer/", {"establishment": [found["missing"].pk]})
    assert len(mail.outbox) == 2
    assert "(attendu dès que possible)" in mail.outbox[-1].body


def test_the_reminder_messages_count_the_establishments_in_french(client, expected):
    period, found = expected
    for name in ("LP Second", "LP Troisième"):
        ExpectedReport.objects.create(establishment=factories.establishment(name, "bordeaux"), period=period)
    second, third = (ExpectedReport.objects.get(period=period, establishment__name=name).establishment_id
                     for name in ("LP Second", "LP Troisième"))
    analyst(client, "bordeaux", "analyste.bordeaux")
    url = f"/indicateurs/{period.code}/relancer/"
    page = client.post(url, {"establishment": [found["missing"].pk]}, follow=True).content.decode()
    assert "Relance envoyée à 1 établissement." in page
    page = client.post(url, {"establishment": [found["missing"].pk, second, third]}, follow=True).content.decode()
    assert "Relance envoyée à 2 établissements." in page
    assert "Déjà relancé il y a moins de 10 minutes, pas de nouvelle relance : LP Monnet." in page
    page = client.post(url, {"establishment": [second, third]}, follow=True).content.decode()
    assert "Déjà relancés il y a moins de 10 minutes, pas de nouvelle relance : LP Second, LP Troisième." in page

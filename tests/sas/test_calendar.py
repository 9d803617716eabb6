"""ICS export: a student's parcours in the campaign's time zone (overseas too), a facilitator's own
sessions; who may download what; parsed back with icalendar."""
import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from icalendar import Calendar

from plugins.builtin.sas.models import AuditLog, Workshop, WorkshopSession

from .conftest import PASSWORD, advance, login, make_student, open_case

REUNION = zoneinfo.ZoneInfo("Indian/Reunion")


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


@pytest.fixture
def reunion(campaign, workshop):
    """The campaign moved to La Réunion, with two sessions of the PP's student and one of another workshop."""
    campaign.time_zone = "Indian/Reunion"
    campaign.save()
    start = dt.datetime(2023, 11, 27, 8, tzinfo=REUNION)
    mine = [WorkshopSession.objects.create(workshop=workshop, starts_at=start + dt.timedelta(days=7 * week),
                                           ends_at=start + dt.timedelta(days=7 * week, hours=2), room="Salle B12")
            for week in range(2)]
    other = Workshop.objects.create(campaign=campaign, name="Arts appliqués")
    theirs = WorkshopSession.objects.create(workshop=other, starts_at=start + dt.timedelta(hours=6),
                                            ends_at=start + dt.timedelta(hours=8), room="Atelier")
    return mine, theirs


def test_student_calendar_has_their_sessions_at_reunion_time(client, team, pp_case, other_case, reunion):
    mine, theirs = reunion
    advance(pp_case, team, mine[0], "parcours_planned")
    pp_case.parcours.sessions.set(mine)
    response = login(client, team["pp"]).get(reverse("sas:case_ics", args=[pp_case.public_id]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    calendar, found = events(response)
    assert len(found) == 2
    first = min(found, key=lambda event: event.decoded("dtstart"))
    start = first.decoded("dtstart")
    assert str(start.tzinfo) == "Indian/Reunion" and (start.hour, start.minute) == (8, 0)
    assert start == dt.datetime(2023, 11, 27, 4, tzinfo=dt.timezone.utc)
    assert first.decoded("dtend") - start == dt.timedelta(hours=2)
    assert str(first["summary"]) == "Soutien math" and str(first["location"]) == "Salle B12"
    assert first["dtstart"].params["TZID"] == "Indian/Reunion"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Indian/Reunion"]
    body = response.content.decode()
    assert "Arts appliqués" not in body and other_case.student.local_id not in body
    assert pp_case.student.last_name not in body


def test_download_is_audited_as_a_read(client, team, pp_case, reunion):
    login(client, team["coordination"]).get(reverse("sas:case_ics", args=[pp_case.public_id]))
    entry = AuditLog.objects.filter(student=pp_case.student, action=AuditLog.Action.READ).latest("at")
    assert entry.detail == "emploi du temps (ICS)" and entry.actor == "sas-coordination"


def test_calendar_before_planning_is_empty_but_valid(client, team, pp_case):
    calendar, found = events(login(client, team["pp"]).get(reverse("sas:case_ics", args=[pp_case.public_id])))
    assert found == [] and str(calendar["version"]) == "2.0"


def test_pp_cannot_download_another_class_students_calendar(client, team, other_case):
    response = login(client, team["pp"]).get(reverse("sas:case_ics", args=[other_case.public_id]))
    assert response.status_code == 403
    assert AuditLog.objects.filter(student=other_case.student, action=AuditLog.Action.DENIED).exists()


def test_workshop_teacher_sees_only_students_of_their_groups(client, team, pp_case, other_case, session):
    advance(pp_case, team, session, "parcours_planned")
    login(client, team["workshop_teacher"])
    assert client.get(reverse("sas:case_ics", args=[pp_case.public_id])).status_code == 200
    assert client.get(reverse("sas:case_ics", args=[other_case.public_id])).status_code == 403


def test_stranger_gets_404_and_anonymous_must_log_in(client, campaign, pp_case):
    url = reverse("sas:case_ics", args=[pp_case.public_id])
    assert client.get(url).status_code == 302
    get_user_model().objects.create_user(username="inconnu", password=PASSWORD)
    assert client.login(username="inconnu", password=PASSWORD)
    assert client.get(url).status_code == 404
    assert client.get(reverse("sas:my_sessions_ics", args=[campaign.pk])).status_code == 404


def test_facilitator_gets_only_their_own_sessions(client, team, campaign, reunion):
    mine, theirs = reunion
    response = login(client, team["workshop_teacher"]).get(reverse("sas:my_sessions_ics", args=[campaign.pk]))
    _calendar, found = events(response)
    assert sorted(event.decoded("dtstart") for event in found) == [s.starts_at for s in mine]
    assert all(str(event["summary"]) == "Soutien math" for event in found)
    assert "Arts appliqués" not in response.content.decode()
    _calendar, found = events(login(client, team["cpe"]).get(reverse("sas:my_sessions_ics", args=[campaign.pk])))
    assert found == []


def test_links_on_the_case_page_and_board(client, team, pp_case, session):
    advance(pp_case, team, session, "parcours_planned")
    login(client, team["workshop_teacher"])
    assert reverse("sas:case_ics", args=[pp_case.public_id]) in client.get(reverse("sas:case", args=[pp_case.public_id])).content.decode()
    board = client.get(reverse("sas:board", args=[pp_case.campaign_id])).content.decode()
    assert reverse("sas:my_sessions_ics", args=[pp_case.campaign_id]) in board
    login(client, team["coordination"])  # sees every attendance sheet but facilitates no workshop
    board = client.get(reverse("sas:board", args=[pp_case.campaign_id])).content.decode()
    assert reverse("sas:attendance", args=[session.pk]) in board
    assert reverse("sas:my_sessions_ics", args=[pp_case.campaign_id]) not in board


def test_student_calendar_uids_are_stable_and_per_student(client, team, campaign, session):
    first = open_case(team["coordination"], campaign, make_student(campaign.establishment, "700001"))
    second = open_case(team["coordination"], campaign, make_student(campaign.establishment, "700002"))
    for case in (first, second):
        advance(case, team, session, "parcours_planned")
    login(client, team["coordination"])
    uids = [str(events(client.get(reverse("sas:case_ics", args=[case.public_id])))[1][0]["uid"]) for case in (first, first, second)]
    assert uids[0] == uids[1] != uids[2]

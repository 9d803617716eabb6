"""Timetables: the campaign's by week, workshop and student, a student's with the classes they are excused from,
the weekly teacher lists and their e-mail (once per teacher and week, only the pupil and the hour), and the
calendars per workshop and facilitator parsed back with icalendar, in Europe/Paris and overseas."""
import datetime as dt
import re
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from plugins.builtin.sas import teacher_notices, workflow
from plugins.builtin.sas.models import AuditLog, ClassSlot, ClassTeacher, TeacherNotice, WorkshopSession
from plugins.builtin.sas.states import State

from .conftest import PARIS, advance, login, make_student, open_case

WEEK_1, WEEK_2 = "2023-11-27", "2023-12-04"


@pytest.fixture
def planned(campaign, team, session):
    """Léa (2 MRC) in « Soutien math » on Monday 27/11 and 04/12, 8:00-10:00; her class has English 8-9
    (Mme DUPONT, with an address), maths 9-10 (M. MOREAU, without) and French on Tuesday (not missed).
    Another pupil (1 AGORA, another teacher) is planned on Monday 27/11 too."""
    dupont = ClassTeacher.objects.create(establishment=campaign.establishment, local_id="sts:1", last_name="DUPONT",
                                         first_name="Anne", email="anne.dupont@example.org")
    moreau = ClassTeacher.objects.create(establishment=campaign.establishment, local_id="sts:2", last_name="MOREAU")
    other = ClassTeacher.objects.create(establishment=campaign.establishment, local_id="sts:3", last_name="AUTRE",
                                        email="autre@example.org")
    for division, weekday, starts, ends, subject, teacher in [
        ("2 MRC", 1, "08:00", "09:00", "Anglais", dupont), ("2 MRC", 1, "09:00", "10:00", "Mathématiques", moreau),
        ("2 MRC", 2, "08:00", "09:00", "Histoire", dupont), ("1 AGORA", 1, "08:00", "10:00", "Gestion", other),
    ]:
        ClassSlot.objects.create(campaign=campaign, division=division, weekday=weekday, starts=starts, ends=ends,
                                 subject=subject, teacher=teacher)
    lea = open_case(team["pp"], campaign, make_student(campaign.establishment, "700001", first_name="Léa", last_name="Arnaud"))
    advance(lea, team, session, "in_programme")
    later = WorkshopSession.objects.create(workshop=session.workshop, starts_at=session.starts_at + dt.timedelta(days=7),
                                           ends_at=session.ends_at + dt.timedelta(days=7), room="B12")
    lea.parcours.sessions.add(later)
    tom = open_case(team["coordination"], campaign, make_student(campaign.establishment, "700002", division="1 AGORA",
                                                                 first_name="Tom", last_name="Bories"), "gpds")
    advance(tom, team, session, "in_programme")
    return {"lea": lea, "tom": tom, "dupont": dupont, "moreau": moreau, "other": other, "later": later}


def test_campaign_timetable_by_week_workshop_and_student(client, campaign, team, planned):
    client = login(client, team["coordination"])
    url = reverse("sas:timetables", args=[campaign.pk])
    week = client.get(url, {"vue": "semaine", "semaine": WEEK_1}).content.decode()
    assert "Lundi 27 novembre 2023" in week and "08:00-10:00" in week and "ARNAUD Léa (2 MRC)" in week
    assert "B12" not in week  # the second week's session is not in the first week
    assert "B12" in client.get(url, {"vue": "semaine", "semaine": WEEK_2}).content.decode()
    workshop = client.get(url, {"vue": "atelier", "semaine": "tout"}).content.decode()
    assert workshop.count("08:00-10:00") == 2 and reverse("sas:workshop_ics", args=[planned["later"].workshop_id]) in workshop
    students = client.get(url, {"vue": "eleve", "semaine": WEEK_1}).content.decode()
    assert "08:00-09:00 Anglais (DUPONT Anne)" in students and "09:00-10:00 Mathématiques (MOREAU)" in students
    assert "Histoire" not in students and "08:00-10:00 Gestion (AUTRE)" in students  # Tuesday: not missed
    assert client.get(url, {"vue": "n'importe", "semaine": "pas-une-date"}).status_code == 200
    assert AuditLog.objects.filter(detail="emploi du temps de la campagne", student=planned["lea"].student).exists()
    assert login(client, team["pp"]).get(url).status_code == 403


def test_student_timetable_lists_the_classes_excused_and_is_audited(client, campaign, team, planned):
    url = reverse("sas:case_timetable", args=[planned["lea"].public_id])
    body = login(client, team["pp"]).get(url).content.decode()
    assert body.count("Anglais") == 2 and body.count("Mathématiques") == 2  # both Mondays
    assert "4 cours dont l&#x27;élève est dispensé" in body or "4 cours dont l'élève est dispensé" in body
    assert AuditLog.objects.filter(detail="emploi du temps", student=planned["lea"].student, action="read").exists()
    # The PP does not see the other class's pupil.
    assert login(client, team["pp"]).get(reverse("sas:case_timetable", args=[planned["tom"].public_id])).status_code == 403


def test_teachers_are_listed_and_emailed_once_per_week_with_only_the_pupil_and_hour(
        client, campaign, team, planned, django_capture_on_commit_callbacks):
    client = login(client, team["coordination"])
    url = reverse("sas:teacher_notices", args=[campaign.pk])
    page = client.get(url, {"semaine": WEEK_1}).content.decode()
    assert "DUPONT Anne" in page and "MOREAU" in page and "ARNAUD Léa" in page and "AUTRE" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"semaine": WEEK_1, "envoyer": "1", f"email-{planned['dupont'].pk}": "anne.dupont@example.org",
                          f"email-{planned['other'].pk}": "autre@example.org"})
    assert sorted(m.to[0] for m in mail.outbox) == ["anne.dupont@example.org", "autre@example.org"]
    to_dupont = next(m for m in mail.outbox if m.to == ["anne.dupont@example.org"])
    assert "lundi 27 novembre, 08:00-09:00, 2 MRC (Anglais) : ARNAUD Léa" in to_dupont.body
    assert "Bories" not in to_dupont.body.title() and "Soutien math" not in to_dupont.body  # least privilege
    assert "Mathématiques" not in to_dupont.body  # another teacher's class
    with django_capture_on_commit_callbacks(execute=True):  # again, same week: nobody is told twice
        client.post(url, {"semaine": WEEK_1, "envoyer": "1"})
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):  # an address typed for M. Moreau: only he is told now
        client.post(url, {"semaine": WEEK_1, "envoyer": "1", f"email-{planned['moreau'].pk}": "moreau@example.org"})
    assert [m.to for m in mail.outbox[2:]] == [["moreau@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):  # the next week is a new notice
        client.post(url, {"semaine": WEEK_2, "envoyer": "1"})
    assert sorted(m.to[0] for m in mail.outbox[3:]) == ["anne.dupont@example.org", "moreau@example.org"]
    assert TeacherNotice.objects.filter(sent_at__isnull=False).count() == 5
    response = client.post(url, {"semaine": WEEK_1, "adresses": "1", f"email-{planned['moreau'].pk}": "pas une adresse"})
    assert response.status_code == 302 and ClassTeacher.objects.get(pk=planned["moreau"].pk).email == "moreau@example.org"


def events(body: bytes):
    return [event for event in Calendar.from_ical(body).walk("VEVENT")]


def test_workshop_and_facilitator_calendars(client, campaign, team, planned, workshop):
    coordination = login(client, team["coordination"])
    response = coordination.get(reverse("sas:workshop_ics", args=[workshop.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    starts = sorted(event.decoded("dtstart") for event in events(response.content))
    assert starts == [dt.datetime(2023, 11, 27, 8, tzinfo=PARIS), dt.datetime(2023, 12, 4, 8, tzinfo=PARIS)]
    assert all(str(event["dtstart"].dt.tzinfo) == "Europe/Paris" for event in events(response.content))
    facilitator = team["workshop_teacher"]
    own = reverse("sas:facilitator_ics", args=[campaign.pk, facilitator.pk])
    assert len(events(coordination.get(own).content)) == 2
    assert len(events(login(client, facilitator).get(own).content)) == 2
    assert login(client, facilitator).get(reverse("sas:workshop_ics", args=[workshop.pk])).status_code == 200
    # Someone else's calendar: refused; someone who facilitates nothing: not found.
    assert login(client, team["pp"]).get(own).status_code == 403
    assert coordination.get(reverse("sas:facilitator_ics", args=[campaign.pk, team["pp"].pk])).status_code == 404


def test_overseas_times_in_calendars_and_pages(client, campaign, team, workshop):
    campaign.time_zone = "America/Cayenne"
    campaign.save(update_fields=["time_zone"])
    cayenne = zoneinfo.ZoneInfo("America/Cayenne")
    WorkshopSession.objects.create(workshop=workshop, starts_at=dt.datetime(2023, 11, 28, 8, tzinfo=cayenne),
                                   ends_at=dt.datetime(2023, 11, 28, 9, 30, tzinfo=cayenne))
    client = login(client, team["coordination"])
    (event,) = events(client.get(reverse("sas:workshop_ics", args=[workshop.pk])).content)
    assert str(event["dtstart"].dt.tzinfo) == "America/Cayenne" and event.decoded("dtstart").hour == 8
    assert event.decoded("dtstart").astimezone(dt.UTC).hour == 11
    page = client.get(reverse("sas:timetables", args=[campaign.pk]), {"semaine": WEEK_1}).content.decode()
    assert "08:00-09:30" in page and "America/Cayenne" in page


def _notices_page(client, campaign, week):
    return client.get(reverse("sas:teacher_notices", args=[campaign.pk]), {"semaine": week})


def _send(client, campaign, week, capture):
    with capture(execute=True):
        client.post(reverse("sas:teacher_notices", args=[campaign.pk]), {"semaine": week, "envoyer": "1"})


def test_a_plan_applied_after_teachers_were_told_makes_their_notice_to_resend_once(
        client, campaign, team, planned, django_capture_on_commit_callbacks):
    client = login(client, team["coordination"])
    for week in (WEEK_1, WEEK_2):
        _send(client, campaign, week, django_capture_on_commit_callbacks)
    told = len(mail.outbox)
    assert told == 3 and "À renvoyer" not in _notices_page(client, campaign, WEEK_1).content.decode()
    # A plan applied from the Planification screen adds a pupil of 2 MRC to the workshop.
    zoe = open_case(team["coordination"], campaign, make_student(campaign.establishment, "700003", first_name="Zoé",
                                                                 last_name="Noël"), "gpds")
    workflow.analyse_needs(team["coordination"], zoe, "Absences.")
    workflow.record_interview(team["coordination"], zoe, held_on=dt.date(2023, 11, 14), profile="p", needs="n",
                              objectives="o", workshops_needed=[planned["later"].workshop])
    proposal = client.get(reverse("sas:planning", args=[campaign.pk]), {"calculer": "1"})
    token = re.search(r'name="proposal" value="([^"]+)"', proposal.content.decode()).group(1)
    client.post(reverse("sas:planning_apply", args=[campaign.pk]), {"proposal": token})
    zoe.refresh_from_db()
    assert zoe.state == State.PARCOURS_PLANNED
    for week in (WEEK_1, WEEK_2):
        lists = {entry.teacher: entry for entry in teacher_notices.week_lists(campaign, dt.date.fromisoformat(week))}
        zoe_away = any(a.pupil == "NOËL Zoé" for a in lists[planned["dupont"]].absences)
        assert lists[planned["dupont"]].outdated == zoe_away  # only the weeks whose absences changed
        assert not lists.get(planned["other"]) or not lists[planned["other"]].outdated
        page = _notices_page(client, campaign, week).content.decode()
        assert ("À renvoyer" in page) == zoe_away
        _send(client, campaign, week, django_capture_on_commit_callbacks)
    corrected = mail.outbox[told:]
    assert [m.to for m in corrected] == [["anne.dupont@example.org"]]
    assert corrected[0].subject.startswith("Rectificatif") and "NOËL Zoé" in corrected[0].body
    assert "ARNAUD Léa" in corrected[0].body
    for week in (WEEK_1, WEEK_2):  # the corrected list is not sent twice
        _send(client, campaign, week, django_capture_on_commit_callbacks)
        assert "À renvoyer" not in _notices_page(client, campaign, week).content.decode()
    assert len(mail.outbox) == told + 1


def test_a_teacher_whose_pupils_are_no_longer_away_is_told_so_once(
        client, campaign, team, planned, django_capture_on_commit_callbacks):
    client = login(client, team["coordination"])
    _send(client, campaign, WEEK_1, django_capture_on_commit_callbacks)
    told = len(mail.outbox)
    planned["tom"].parcours.sessions.clear()  # Tom's session is taken out of his parcours
    page = _notices_page(client, campaign, WEEK_1).content.decode()
    assert "À renvoyer" in page and "Plus aucun élève n'est absent" in page and "Bories" not in page.title()
    _send(client, campaign, WEEK_1, django_capture_on_commit_callbacks)
    _send(client, campaign, WEEK_1, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox[told:]] == [["autre@example.org"]]
    assert "plus aucun élève" in mail.outbox[-1].body and "Bories" not in mail.outbox[-1].body.title()
    notice = TeacherNotice.objects.get(teacher=planned["other"])
    assert notice.digest == teacher_notices.NOTHING and notice.sent_at


def test_the_teachers_list_and_each_mail_to_a_teacher_are_in_the_pupils_audit_log(
        client, campaign, team, planned, django_capture_on_commit_callbacks):
    """The page names the pupils away and when (like the campaign's timetables, a read); each mail tells a teacher
    outside the SAS team that a pupil is away for the SAS: the log says who sent it, for which pupil and week."""
    coordination = team["coordination"]
    lea, tom = planned["lea"].student, planned["tom"].student
    client = login(client, coordination)
    url = reverse("sas:teacher_notices", args=[campaign.pk])
    client.get(url, {"semaine": WEEK_1})
    reads = AuditLog.objects.filter(action="read", detail="enseignants à prévenir", user=coordination)
    assert sorted(reads.values_list("student_id", flat=True)) == sorted([lea.pk, tom.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"semaine": WEEK_1, "envoyer": "1"})
    assert len(mail.outbox) == 2  # Mme Dupont (Léa) and M. Autre (Tom); M. Moreau has no address
    told = AuditLog.objects.filter(action="notify")
    assert sorted((e.student_id, e.user, e.actor, e.detail) for e in told) == sorted(
        (pupil.pk, coordination, "sas-coordination", "absence signalée par courriel à un enseignant de ses cours "
                                                      "(semaine du 27/11/2023)") for pupil in (lea, tom))
    assert "DUPONT" not in "".join(told.values_list("detail", flat=True))  # the teacher is not kept in the log

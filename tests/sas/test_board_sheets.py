"""The board tells which attendance sheets have students, and a sheet says when it was saved for only part
of them (issue 12, point 7)."""
import datetime as dt

from django.urls import reverse

from plugins.builtin.sas import workflow
from plugins.builtin.sas.attendance_sheets import with_counts
from plugins.builtin.sas.models import WorkshopSession

from .conftest import PARIS, advance, login, make_student, open_case


def _programme(campaign, team, session, local_id):
    case = open_case(team["coordination"], campaign, make_student(campaign.establishment, local_id))
    return advance(case, team, session, "in_programme")


def test_sessions_with_students_come_first_with_their_counts(campaign, team, workshop, session):
    start = dt.datetime(2023, 11, 20, 8, tzinfo=PARIS)  # earlier, but empty
    empty = WorkshopSession.objects.create(workshop=workshop, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    first = _programme(campaign, team, session, "600001")
    _programme(campaign, team, session, "600002")
    workflow.take_attendance(team["coordination"], session, {first: "present"})
    sheets = with_counts(WorkshopSession.objects.filter(workshop__campaign=campaign))
    assert [(s.pk, s.enrolled, s.marked) for s in sheets] == [(session.pk, 2, 1), (empty.pk, 0, 0)]


def test_board_and_sheet_say_a_sheet_is_partly_filled(client, campaign, team, workshop, session):
    first = _programme(campaign, team, session, "600001")
    workflow.take_attendance(team["coordination"], session, {first: "present"})
    _programme(campaign, team, session, "600002")  # joins the session after the sheet was saved
    start = dt.datetime(2023, 12, 4, 8, tzinfo=PARIS)
    WorkshopSession.objects.create(workshop=workshop, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    login(client, team["coordination"])
    board = client.get(reverse("sas:board", args=[campaign.pk])).content.decode()
    with_students = board.split('id="feuilles-avec-eleves"')[1].split("</ul>")[0]
    assert "2 élèves inscrits" in with_students and "saisie partielle : 1 sur 2" in with_students
    assert "1 séance sans élève inscrit" in board.split('id="feuilles-sans-eleve"')[1]
    sheet = client.get(reverse("sas:attendance", args=[session.pk])).content.decode()
    assert "Feuille enregistrée pour 1 des 2 élèves inscrits" in sheet

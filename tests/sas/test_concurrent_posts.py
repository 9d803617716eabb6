"""Two POSTs at the same moment (a double click, or two people on one case), from two threads with their own
PostgreSQL connections: one is recorded, the other is refused with a message or finds it done; never an
IntegrityError (500), never a record that must be unique written twice, never a lost mark.

The requests' threads must see the data, so it is written and removed through a connection of its own
(committed), instead of flushing the whole database after a transactional test.
"""
import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from plugins.builtin.sas import PLUGIN_NAME
from plugins.builtin.sas.models import (
    AppliedPlan, Attendance, AuditLog, Evaluation, FacilitatorSlot, NeedsAnalysis, Parcours, PlanningRoom,
    QuestionnaireInvitation, QuestionnaireResponse, Referral, SasMembership, Student, StudentCase, Workshop,
    WorkshopSession,
)
from plugins.models import PluginActivation
from tests import factories
from tests import concurrency
from tests.concurrency import in_own_connection

from .conftest import PARIS, PASSWORD, advance, login, make_student, open_case, sas_campaign

ROUNDS = 3
#: The declarations of the placement mode race in a narrower window (a form check, then one insert): more rounds.
DECLARATION_ROUNDS = 8
NEW_ACCOUNT_PREFIX = "nouvelle-recrue"  # accounts the team screen creates, removed after each test


def together(*posts) -> list:
    """:func:`tests.concurrency.together`, each client signed in through the real authentication backend."""
    return concurrency.together(*posts, sign_in=login)


def at_once(user, url, data) -> list:
    """POST ``data`` to ``url`` from two threads released together; their responses (or exceptions)."""
    return together((user, url, data), (user, url, data))


def statuses(results) -> list:
    return [getattr(result, "status_code", result) for result in results]


def _setup():
    est = factories.establishment("LP Requêtes Simultanées", "bordeaux", commune="Agen")
    PluginActivation.objects.create(establishment=est, plugin_name=PLUGIN_NAME, enabled=True)
    campaign = sas_campaign(est, "SAS concurrence")
    users = {}
    for role in SasMembership.Role:
        users[role] = get_user_model().objects.create_user(username=f"simultane-{role}", password=PASSWORD)
        SasMembership.objects.create(user=users[role], establishment=est, role=role,
                                     division="2 MRC" if role == SasMembership.Role.PP else "")
    return campaign, users


def _teardown(campaign, users):
    AuditLog.objects.filter(establishment=campaign.establishment).delete()  # the log alone protects its establishment
    campaign.establishment.delete()
    get_user_model().objects.filter(pk__in=[user.pk for user in users.values()]).delete()
    get_user_model().objects.filter(username__startswith=NEW_ACCOUNT_PREFIX).delete()


@pytest.fixture
def committed(db):
    """A campaign, a coordinator and a PP of « 2 MRC », committed so that other connections see them."""
    campaign, users = in_own_connection(_setup)
    yield campaign, users
    in_own_connection(lambda: _teardown(campaign, users))


def test_two_identical_step_posts_record_the_step_once(committed):
    assert connection.vendor == "postgresql"
    campaign, users = committed
    coordination = users[SasMembership.Role.COORDINATION]
    for n in range(ROUNDS):
        case = in_own_connection(
            lambda n=n: open_case(coordination, campaign, make_student(campaign.establishment, f"70000{n}")))
        url = reverse("sas:case_step", args=[case.public_id, "analyse"])
        results = at_once(coordination, url, {"analyse-summary": "Vu en GPDS."})
        assert [getattr(r, "status_code", r) for r in results] == [302, 302], results
        assert NeedsAnalysis.objects.filter(case=case).count() == 1
        assert StudentCase.objects.get(pk=case.pk).state == "needs_analysed"


def test_two_identical_referrals_open_one_case(committed):
    campaign, users = committed
    for n in range(ROUNDS):
        student = in_own_connection(lambda n=n: make_student(campaign.establishment, f"71000{n}"))
        url = reverse("sas:board", args=[campaign.pk])
        results = at_once(users[SasMembership.Role.PP], url,
                          {"student": student.pk, "referred_on": "06/11/2023", "origin": "pp", "absences": "on"})
        assert all(getattr(r, "status_code", None) in (200, 302) for r in results), results
        assert StudentCase.objects.filter(student=student).count() == 1
        assert Referral.objects.filter(case__student=student).count() == 1


def _in_programme(campaign, users, local_ids):
    """A workshop led by the workshop teacher, one session, and a case in programme per ELEVE_ID of ``local_ids``."""
    workshop = Workshop.objects.create(campaign=campaign, name="Confiance en soi", discipline="CPS")
    workshop.facilitators.add(users[SasMembership.Role.WORKSHOP_TEACHER])
    start = dt.datetime(2023, 11, 27, 10, tzinfo=PARIS)
    session = WorkshopSession.objects.create(workshop=workshop, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    cases = []
    for local_id in local_ids:
        case = open_case(users[SasMembership.Role.COORDINATION], campaign, make_student(campaign.establishment, local_id))
        cases.append(advance(case, users, session, "in_programme"))
    return session, cases


def test_two_referrals_of_one_pupil_by_two_roles_open_one_case(committed):
    """The PP picks the pupil from the class list while the CPE types the same ELEVE_ID (and a coordinator a new
    one twice): one case and one referral each time, the other post refused on the board."""
    campaign, users = committed
    url = reverse("sas:board", args=[campaign.pk])
    signals = {"referred_on": "06/11/2023", "origin": "cpe", "absences": "on"}
    typed = {"last_name": "Tapée", "first_name": "Inès", "division": "2 MRC", "level": "2pro", "sex": "F", **signals}
    for n in range(ROUNDS):
        student = in_own_connection(lambda n=n: make_student(campaign.establishment, f"72000{n}"))
        results = together((users[SasMembership.Role.PP], url, {"student": student.pk, **signals}),
                           (users[SasMembership.Role.CPE], url, {"local_id": student.local_id, **typed}))
        assert all(status in (200, 302) for status in statuses(results)), results
        assert StudentCase.objects.filter(student=student).count() == 1
        assert Referral.objects.filter(case__student=student).count() == 1
        new_id = f"73000{n}"
        results = together((users[SasMembership.Role.COORDINATION], url, {"local_id": new_id, **typed}),
                           (users[SasMembership.Role.CPE], url, {"local_id": new_id, **typed}))
        assert all(status in (200, 302) for status in statuses(results)), results
        assert Student.objects.filter(establishment=campaign.establishment, local_id=new_id).count() == 1
        assert StudentCase.objects.filter(student__local_id=new_id, campaign=campaign).count() == 1


def test_one_attendance_sheet_sent_twice_at_once_keeps_one_mark_per_pupil(committed):
    """The teacher and the coordination send the sheet of one session at once, with different marks: one mark per
    pupil (the later sheet's), never two rows nor a 500."""
    campaign, users = committed
    session, cases = in_own_connection(lambda: _in_programme(campaign, users, ["740001", "740002"]))
    url = reverse("sas:attendance", args=[session.pk])
    for _n in range(ROUNDS):
        teacher = {f"case_{case.pk}": "present" for case in cases}
        coordination = {f"case_{case.pk}": "absent" for case in cases}
        results = together((users[SasMembership.Role.WORKSHOP_TEACHER], url, teacher),
                           (users[SasMembership.Role.COORDINATION], url, coordination))
        assert statuses(results) == [302, 302], results
        marks = list(Attendance.objects.filter(session=session).values_list("case_id", "status"))
        assert sorted(case_id for case_id, _status in marks) == sorted(case.pk for case in cases)
        assert len({status for _case_id, status in marks}) == 1  # one sheet's marks, not a mix of both


def test_evaluate_and_close_at_once_never_close_without_a_bilan(committed):
    """« Faire le bilan » and « clore » sent together: the close is refused (the bilan is not done yet) or comes
    after it; one bilan at most, and a closed case always has its bilan."""
    campaign, users = committed
    coordination = users[SasMembership.Role.COORDINATION]
    evaluation = {"evaluate-held_on": "15/01/2024", "evaluate-summary": "Assidu.", "evaluate-outcome": "back_to_class"}
    _session, cases = in_own_connection(lambda: _in_programme(campaign, users, [f"75000{n}" for n in range(ROUNDS)]))
    for case in cases:
        results = together((users[SasMembership.Role.PP], reverse("sas:case_step", args=[case.public_id, "evaluate"]),
                            evaluation),
                           (coordination, reverse("sas:case_step", args=[case.public_id, "close"]), {}))
        assert statuses(results) == [302, 302], results
        state = StudentCase.objects.get(pk=case.pk).state
        assert state in ("evaluated", "closed")
        assert Evaluation.objects.filter(case=case).count() == 1


def test_withdraw_while_evaluating_keeps_the_state_and_the_bilan_consistent(committed):
    """« Sortir du dispositif » while someone records the bilan: the case ends withdrawn with its reason, with the
    bilan only if it was recorded first; never a bilan written on a case already withdrawn."""
    campaign, users = committed
    coordination = users[SasMembership.Role.COORDINATION]
    evaluation = {"evaluate-held_on": "15/01/2024", "evaluate-summary": "Assidu.", "evaluate-outcome": "back_to_class"}
    _session, cases = in_own_connection(lambda: _in_programme(campaign, users, [f"76000{n}" for n in range(ROUNDS)]))
    for case in cases:
        results = together((users[SasMembership.Role.CPE], reverse("sas:case_step", args=[case.public_id, "evaluate"]),
                            evaluation),
                           (coordination, reverse("sas:case_step", args=[case.public_id, "withdraw"]),
                            {"withdraw-reason": "Déménagement."}))
        assert statuses(results) == [302, 302], results
        case = StudentCase.objects.get(pk=case.pk)
        assert (case.state, case.withdrawal_reason) == ("withdrawn", "Déménagement.")
        assert Evaluation.objects.filter(case=case).count() <= 1


def test_one_questionnaire_link_answered_twice_at_once_counts_once(committed):
    campaign, users = committed
    answers = {"confidence": "3", "motivation": "4", "methods": "2", "listened": "4"}
    for n in range(ROUNDS):
        invitation = in_own_connection(lambda: QuestionnaireInvitation.objects.create(campaign=campaign,
                                                                                      audience="students"))
        results = at_once(users[SasMembership.Role.RDS], reverse("sas:questionnaire", args=[invitation.token]), answers)
        assert sorted(statuses(results)) == [200, 410], results
        assert QuestionnaireResponse.objects.filter(campaign=campaign).count() == n + 1


def test_declaring_one_availability_twice_at_once_records_it_once(committed):
    """A double click on « Ajouter la disponibilité »: one slot (unique in its campaign), and the second click gets
    the form's « déjà déclaré » instead of a 500 (the database's constraint refused it)."""
    campaign, users = committed
    coordination, teacher = users[SasMembership.Role.COORDINATION], users[SasMembership.Role.WORKSHOP_TEACHER]
    in_own_connection(lambda: _in_programme(campaign, users, []))
    for n in range(DECLARATION_ROUNDS):
        slot = {"slot-facilitator": teacher.pk, "slot-weekday": 1 + n % 5, "slot-starts": f"{8 + n}:00",
                "slot-ends": f"{9 + n}:00"}
        results = at_once(coordination, reverse("sas:placement_slot", args=[campaign.pk]), slot)
        assert all(status in (200, 302) for status in statuses(results)), results
        assert FacilitatorSlot.objects.filter(campaign=campaign, starts=dt.time(8 + n)).count() == 1
        refused = [result for result in results if result.status_code == 200]
        assert all("déjà déclaré" in result.content.decode() for result in refused)


def test_declaring_one_room_twice_at_once_records_it_once(committed):
    campaign, users = committed
    for n in range(DECLARATION_ROUNDS):
        results = at_once(users[SasMembership.Role.COORDINATION], reverse("sas:placement_room", args=[campaign.pk]),
                          {"room-name": f"Salle {n}", "room-concurrent_workshops": "2"})
        assert all(status in (200, 302) for status in statuses(results)), results
        assert PlanningRoom.objects.filter(campaign=campaign, name=f"Salle {n}").count() == 1
        refused = [result for result in results if result.status_code == 200]
        assert all("déjà déclarée" in result.content.decode() for result in refused)


def test_adding_one_member_twice_at_once_gives_one_role_and_one_account(committed):
    """A double click on « Ajouter » in the team screen, for an existing account and for a new address: one
    membership, one account, and the second click is told the person already has the role instead of a 500."""
    campaign, users = committed
    coordination = users[SasMembership.Role.COORDINATION]
    url = reverse("sas:team", args=[campaign.establishment_id])
    existing = users[SasMembership.Role.WORKSHOP_TEACHER]
    for n, role in enumerate(["cpe", "rds", "direction"]):
        results = at_once(coordination, url, {"identifier": existing.username, "role": role})
        assert all(status in (200, 302) for status in statuses(results)), results
        assert SasMembership.objects.filter(user=existing, role=role).count() == 1
        address = f"{NEW_ACCOUNT_PREFIX}-{n}@example.org"
        results = at_once(coordination, url, {"identifier": address, "role": "workshop_teacher",
                                              "first_name": "Nina", "last_name": "Nouvelle"})
        assert all(status in (200, 302) for status in statuses(results)), results
        assert get_user_model().objects.filter(email=address).count() == 1
        assert SasMembership.objects.filter(user__email=address).count() == 1
        refused = [result for result in results if result.status_code == 200]
        assert all("déjà ce rôle" in result.content.decode() for result in refused)


def _proposal(campaign, users, local_ids) -> str:
    """Interviewed cases needing the one workshop, and the signed proposal the Planification screen computes."""
    session, _cases = _in_programme(campaign, users, [])
    coordination = users[SasMembership.Role.COORDINATION]
    for local_id in local_ids:
        case = open_case(coordination, campaign, make_student(campaign.establishment, local_id))
        case = advance(case, users, session, "interviewed")
        case.interview.workshops_needed.set([session.workshop])
    page = login(Client(), coordination).get(reverse("sas:planning", args=[campaign.pk]), {"calculer": "1"})
    return re.search(r'name="proposal" value="([^"]+)"', page.content.decode()).group(1)


def test_applying_one_proposal_twice_at_once_plans_each_pupil_once(committed):
    """A double click on « Appliquer »: one parcours per pupil and one applied plan; the second click is told the
    cases moved on, never a 500."""
    campaign, users = committed
    signed = in_own_connection(lambda: _proposal(campaign, users, ["770001", "770002", "770003"]))
    results = at_once(users[SasMembership.Role.COORDINATION], reverse("sas:planning_apply", args=[campaign.pk]),
                      {"proposal": signed})
    assert statuses(results) == [302, 302], results
    assert Parcours.objects.filter(case__campaign=campaign).count() == 3
    assert AppliedPlan.objects.filter(campaign=campaign).count() == 1
    assert set(StudentCase.objects.filter(campaign=campaign).values_list("state", flat=True)) == {"parcours_planned"}


def test_creating_questionnaire_links_twice_at_once_creates_them_once(committed):
    """« Créer les liens » double-clicked: the second request waits on the campaign's row, then finds the links
    of its form's token (without the lock both created theirs: 6 links for 3)."""
    campaign, users = committed
    coordination = users[SasMembership.Role.COORDINATION]
    url = reverse("sas:questionnaire_links", args=[campaign.pk])
    data = {"audience": "students", "count": "3", "creation_token": concurrency.creation_token(coordination, url)}
    assert statuses(at_once(coordination, url, data)) == [302, 302]
    assert QuestionnaireInvitation.objects.filter(campaign=campaign).count() == 3

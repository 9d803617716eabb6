"""Planning a parcours by hand on the case page checks the imported class timetable like the solver does."""
import datetime as dt

from django.urls import reverse

from plugins.builtin.sas.models import AuditLog, ClassSlot, Parcours

from .conftest import PASSWORD, advance


def _plan(client, team, case, session, excused=""):
    client.login(username=team["coordination"].username, password=PASSWORD)
    return client.post(reverse("sas:case_step", args=[case.public_id, "plan"]),
                       {"plan-sessions": [session.pk], "plan-excused_classes": excused}, follow=True)


def _slot(campaign, protected, subject):
    # The session fixture is Monday 8:00-10:00 in Paris.
    return ClassSlot.objects.create(campaign=campaign, division="2 MRC", weekday=1, starts=dt.time(9),
                                    ends=dt.time(11), subject=subject, protected=protected)


def test_a_session_over_a_protected_class_is_refused(client, team, pp_case, session):
    advance(pp_case, team, session, "interviewed")
    _slot(pp_case.campaign, True, "Atelier professionnel")
    response = _plan(client, team, pp_case, session)
    assert "tombent sur un cours protégé de la classe 2 MRC : Atelier professionnel (lundi 09:00-11:00)" in (
        response.content.decode())
    pp_case.refresh_from_db()
    assert pp_case.state == "interviewed" and not Parcours.objects.exists()


def test_the_excused_classes_are_filled_from_the_timetable_when_left_empty(client, team, pp_case, session):
    advance(pp_case, team, session, "interviewed")
    _slot(pp_case.campaign, False, "Anglais")
    _plan(client, team, pp_case, session)
    assert Parcours.objects.get(case=pp_case).excused_classes == "Anglais (lundi 09:00-11:00)"


def test_what_the_coordinator_writes_is_kept(client, team, pp_case, session):
    advance(pp_case, team, session, "interviewed")
    _slot(pp_case.campaign, False, "Anglais")
    _plan(client, team, pp_case, session, excused="Anglais, une semaine sur deux")
    assert Parcours.objects.get(case=pp_case).excused_classes == "Anglais, une semaine sur deux"


def test_the_proposed_workshops_can_be_corrected_until_the_parcours_is_planned(client, team, pp_case, session, workshop):
    advance(pp_case, team, session, "interviewed")
    client.login(username=team["coordination"].username, password=PASSWORD)
    page = client.get(reverse("sas:case", args=[pp_case.public_id])).content.decode()
    assert 'id="etape-needs"' in page
    client.post(reverse("sas:case_step", args=[pp_case.public_id, "needs"]), {"needs-workshops_needed": [workshop.pk]})
    assert list(pp_case.interview.workshops_needed.all()) == [workshop]
    assert AuditLog.objects.filter(student=pp_case.student, detail="ateliers proposés").exists()

    _plan(client, team, pp_case, session)
    page = client.get(reverse("sas:case", args=[pp_case.public_id])).content.decode()
    assert 'id="etape-needs"' not in page
    response = client.post(reverse("sas:case_step", args=[pp_case.public_id, "needs"]), {"needs-workshops_needed": []}, follow=True)
    assert "se modifient entre l&#x27;entretien et l&#x27;aménagement du parcours" in response.content.decode()
    assert list(pp_case.interview.workshops_needed.all()) == [workshop]


def test_a_pp_cannot_change_the_proposed_workshops(client, team, pp_case, session, workshop):
    advance(pp_case, team, session, "interviewed")
    client.login(username=team["pp"].username, password=PASSWORD)
    response = client.post(reverse("sas:case_step", args=[pp_case.public_id, "needs"]), {"needs-workshops_needed": [workshop.pk]})
    assert response.status_code == 403 and not pp_case.interview.workshops_needed.exists()

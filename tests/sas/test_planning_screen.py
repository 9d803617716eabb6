"""Planification: groups and students read from the campaign, the proposal screen, applying it, who may use it;
the interview records the workshops needed."""
import datetime as dt
import re

import pytest
from django.template import Context
from django.template.loader import get_template
from django.templatetags.i18n import BlockTranslateNode
from django.urls import reverse
from django.utils import translation

from plugins.builtin.sas import workflow
from plugins.builtin.sas.models import AuditLog, Campaign, ClassSlot, Parcours, StudentCase, Workshop, WorkshopSession
from plugins.builtin.sas.scheduling.problem import build_planning
from plugins.builtin.sas.states import State

from .conftest import PARIS, PASSWORD, advance, login, make_student, open_case

MONDAY = dt.date(2023, 11, 27)


def weekly(workshop, weekday, hour, room="Micro-lycée", weeks=4):
    for week in range(weeks):
        start = dt.datetime.combine(MONDAY + dt.timedelta(weeks=week, days=weekday - 1), dt.time(hour), tzinfo=PARIS)
        WorkshopSession.objects.create(workshop=workshop, starts_at=start, ends_at=start + dt.timedelta(hours=2), room=room)


@pytest.fixture
def workshops(campaign):
    math = Workshop.objects.create(campaign=campaign, name="Soutien math", group_size_min=2, group_size_max=3)
    cps = Workshop.objects.create(campaign=campaign, name="CPS", group_size_min=2, group_size_max=6)
    weekly(math, 1, 8)     # Monday 8-10
    weekly(math, 2, 10)    # Tuesday 10-12
    weekly(cps, 4, 14)     # Thursday 14-16
    return {"math": math, "cps": cps}


@pytest.fixture
def timetables(campaign):
    for division in ("2 MRC", "1 AGORA"):
        ClassSlot.objects.create(campaign=campaign, division=division, weekday=4, starts=dt.time(14), ends=dt.time(16),
                                 subject="Anglais")
    ClassSlot.objects.create(campaign=campaign, division="2 MRC", weekday=1, starts=dt.time(8), ends=dt.time(10),
                             subject="Atelier professionnel", protected=True)
    ClassSlot.objects.create(campaign=campaign, division="1 AGORA", weekday=2, starts=dt.time(10), ends=dt.time(12),
                             subject="Gestion administrative")


def interviewed(campaign, team, local_id, division, needs, level="2pro"):
    case = open_case(team["coordination"], campaign, make_student(campaign.establishment, local_id, division, level=level))
    workflow.analyse_needs(team["coordination"], case, "Absences.")
    workflow.record_interview(team["coordination"], case, held_on=dt.date(2023, 11, 14), profile="p", needs="n",
                              objectives="o", workshops_needed=needs)
    return case


@pytest.fixture
def ready(campaign, team, workshops, timetables):
    both = [workshops["math"], workshops["cps"]]
    return [
        interviewed(campaign, team, "600001", "2 MRC", both),
        interviewed(campaign, team, "600002", "2 MRC", both),
        interviewed(campaign, team, "600003", "1 AGORA", both, level="1pro"),
        interviewed(campaign, team, "600004", "1 AGORA", [workshops["cps"]], level="1pro"),
    ]


def compute(client, campaign):
    return client.get(reverse("sas:planning", args=[campaign.pk]), {"calculer": "1"})


def flashed(response):
    return " ".join(str(message) for message in response.context["messages"])


def proposal_token(response):
    return re.search(r'name="proposal" value="([^"]+)"', response.content.decode()).group(1)


def test_sessions_at_one_weekly_slot_form_one_group(campaign, workshops, ready):
    weekly(workshops["math"], 1, 8, room="Salle 12")
    planning = build_planning(campaign)
    math = [info for info in planning.groups.values() if info.workshop == workshops["math"]]
    assert sorted((info.label, len(info.sessions)) for info in math) == [
        ("lundi 08:00-10:00, Micro-lycée", 4), ("lundi 08:00-10:00, Salle 12", 4), ("mardi 10:00-12:00, Micro-lycée", 4),
    ]
    assert sorted(planning.cases) == sorted(case.pk for case in ready)


def test_excused_classes_are_the_unprotected_classes_under_the_groups(campaign, ready):
    planning = build_planning(campaign)
    thursday = next(key for key, info in planning.groups.items() if info.workshop.name == "CPS")
    tuesday = next(key for key, info in planning.groups.items() if info.label.startswith("mardi"))
    agora = ready[2]
    assert [slot.subject for slot in planning.excused_slots(agora, [thursday, tuesday])] == [
        "Gestion administrative", "Anglais"]


def test_the_screen_shows_the_proposal_and_applying_plans_every_placed_student(client, campaign, team, ready):
    client = login(client, team["coordination"])
    page = client.get(reverse("sas:planning", args=[campaign.pk]))
    assert page.status_code == 200 and "Élèves prêts à planifier" in page.content.decode()
    response = compute(client, campaign)
    html = response.content.decode()
    assert "solution optimale" in html and "Appliquer" in html
    proposal = response.context["proposal"]
    assert proposal.unplaced == [] and len(proposal.students) == 4
    # 2 MRC has a protected class on Monday 8-10: its students are in the Tuesday group of Soutien math.
    for plan in proposal.students:
        if plan.case.student.division == "2 MRC":
            assert [info.label.split(",")[0] for info in plan.groups] == ["mardi 10:00-12:00", "jeudi 14:00-16:00"]

    response = client.post(reverse("sas:planning_apply", args=[campaign.pk]), {"proposal": proposal_token(response)})
    assert response.status_code == 302
    for case in ready:
        case.refresh_from_db()
        assert case.state == State.PARCOURS_PLANNED
    mrc = Parcours.objects.get(case=ready[0])
    assert mrc.sessions.count() == 8 and "Anglais (jeudi 14:00-16:00)" in mrc.excused_classes
    assert "Atelier professionnel" not in mrc.excused_classes
    assert Parcours.objects.get(case=ready[3]).sessions.count() == 4
    assert AuditLog.objects.filter(detail="parcours aménagé", user=team["coordination"]).count() == 4


def test_applying_is_refused_when_a_case_moved_on_meanwhile(client, campaign, team, ready):
    client = login(client, team["coordination"])
    signed = proposal_token(compute(client, campaign))
    workflow.withdraw(team["coordination"], ready[1], "Déménagement.")
    response = client.post(reverse("sas:planning_apply", args=[campaign.pk]), {"proposal": signed}, follow=True)
    assert "ont changé d'étape depuis le calcul : ÉLÈVE600002" in flashed(response)
    assert not Parcours.objects.exists()
    assert set(StudentCase.objects.exclude(pk=ready[1].pk).values_list("state", flat=True)) == {State.INTERVIEWED}


def test_applying_is_refused_when_the_needs_changed_or_the_token_is_forged(client, campaign, team, workshops, ready):
    client = login(client, team["coordination"])
    signed = proposal_token(compute(client, campaign))
    ready[3].interview.workshops_needed.add(workshops["math"])
    response = client.post(reverse("sas:planning_apply", args=[campaign.pk]), {"proposal": signed}, follow=True)
    assert "Les besoins, les séances" in flashed(response) and not Parcours.objects.exists()
    response = client.post(reverse("sas:planning_apply", args=[campaign.pk]), {"proposal": signed + "x"}, follow=True)
    assert "n'est pas valide" in flashed(response) and not Parcours.objects.exists()


def test_students_already_planned_take_seats(campaign, team, workshops, ready):
    planned = ready[2]
    tuesdays = [s for s in workshops["math"].sessions.all() if s.starts_at.astimezone(PARIS).isoweekday() == 2]
    workflow.plan_parcours(team["coordination"], planned, tuesdays, "")
    planning = build_planning(campaign)
    tuesday = next(info for info in planning.groups.values() if info.label.startswith("mardi"))
    assert tuesday.group.members == (("1 AGORA", "1pro"),) and planned.pk not in planning.cases


def test_unplaceable_students_are_listed_with_the_reason(client, campaign, team, workshops, ready):
    lonely = Workshop.objects.create(campaign=campaign, name="FLE")
    interviewed(campaign, team, "600005", "2 MRC", [lonely])
    html = compute(login(client, team["coordination"]), campaign).content.decode()
    assert "L&#x27;atelier « FLE » n&#x27;a aucune séance." in html
    # The stage line counts them too: it agrees with the headline instead of claiming nobody is left out.
    stages = html[html.index('id="solver-stages"'):]
    assert "1. élèves non placés — minimum atteint et prouvé (1)" in stages[:stages.index("</ul>")]


@pytest.mark.parametrize("role", ["direction", "pp", "cpe", "rds", "workshop_teacher"])
def test_only_the_coordination_plans_the_campaign(client, campaign, team, ready, role):
    client = login(client, team[role])
    assert client.get(reverse("sas:planning", args=[campaign.pk])).status_code == 403
    assert client.post(reverse("sas:planning_apply", args=[campaign.pk]), {"proposal": "x"}).status_code == 403
    assert "Planification" not in client.get(reverse("sas:board", args=[campaign.pk])).content.decode()


def test_strangers_get_404_and_anonymous_users_log_in(client, campaign, ready, django_user_model):
    assert "login" in client.get(reverse("sas:planning", args=[campaign.pk]))["Location"]
    stranger = django_user_model.objects.create_user("stranger", password=PASSWORD)
    assert login(client, stranger).get(reverse("sas:planning", args=[campaign.pk])).status_code == 404


def test_the_coordination_has_the_link_and_reads_are_audited(client, campaign, team, ready):
    client = login(client, team["coordination"])
    assert reverse("sas:planning", args=[campaign.pk]) in client.get(reverse("sas:board", args=[campaign.pk])).content.decode()
    client.get(reverse("sas:planning", args=[campaign.pk]))
    assert AuditLog.objects.filter(action=AuditLog.Action.READ, detail="planification").count() == len(ready)


def test_the_interview_form_records_the_workshops_needed(client, campaign, team, workshops, pp_case, session):
    advance(pp_case, team, session, "needs_analysed")
    other = Workshop.objects.create(campaign=campaign, name="EPS")
    response = login(client, team["coordination"]).post(reverse("sas:case_step", args=[pp_case.public_id, "interview"]), {
        "interview-held_on": "2023-11-14", "interview-profile": "p", "interview-needs": "n", "interview-objectives": "o",
        "interview-workshops_needed": [workshops["math"].pk, other.pk],
    })
    assert response.status_code == 302
    pp_case.refresh_from_db()
    assert pp_case.state == State.INTERVIEWED
    assert set(pp_case.interview.workshops_needed.all()) == {workshops["math"], other}


def test_the_interview_form_offers_only_the_campaigns_workshops(client, campaign, team, workshops, pp_case, session):
    advance(pp_case, team, session, "needs_analysed")
    foreign = Workshop.objects.create(campaign=type(campaign).objects.create(
        establishment=campaign.establishment, name="Autre", school_year="2024-2025",
        referral_deadline=dt.date(2024, 11, 10), interviews_start=dt.date(2024, 11, 13),
        interviews_end=dt.date(2024, 11, 23), information_meeting_date=dt.date(2024, 11, 23),
        programme_start=dt.date(2024, 11, 27), programme_end=dt.date(2024, 12, 22), evaluation_date=dt.date(2025, 1, 19),
    ), name="Autre atelier")
    client = login(client, team["coordination"])
    assert "Soutien math" in client.get(reverse("sas:case", args=[pp_case.public_id])).content.decode()
    response = client.post(reverse("sas:case_step", args=[pp_case.public_id, "interview"]), {
        "interview-held_on": "2023-11-14", "interview-profile": "p", "interview-needs": "n", "interview-objectives": "o",
        "interview-workshops_needed": [foreign.pk],
    })
    assert response.status_code == 200
    pp_case.refresh_from_db()
    assert pp_case.state == State.NEEDS_ANALYSED


def test_the_demo_campaign_has_a_proposal(client, db):
    from django.core.management import call_command

    call_command("sas_load_demo")
    campaign = Campaign.objects.get(establishment__name="LP Antoine Lomet")
    assert ClassSlot.objects.filter(campaign=campaign, protected=True).exists()
    assert client.login(username="sas.coordination", password="Sas-Coordination-2024")
    proposal = compute(client, campaign).context["proposal"]
    assert proposal.solution.status == "optimal" and len(proposal.students) >= 7
    assert [(case.student.local_id, "cours protégé" in reason) for case, reason in proposal.unplaced] == [("100220", True)]
    assert any(plan.excused for plan in proposal.students)
    # Placing the groups: the workshop teacher's declared slots let the FLE workshop open a group she can join.
    placed = client.get(reverse("sas:planning", args=[campaign.pk]), {"calculer": "1", "mode": "placer"}).context["proposal"]
    assert placed.solution.status == "optimal" and not placed.unplaced
    fle = next(plan for plan in placed.students if plan.case.student.local_id == "100220").groups
    assert [(info.workshop.name, info.slot.get_weekday_display()) for info in fle] == [("FLE", "mardi")]


def group_of(proposal, case, workshop):
    plan = next(plan for plan in proposal.students if plan.case == case)
    return next(info for info in plan.groups if info.workshop == workshop)


def test_a_pinned_student_stays_in_the_group_and_the_change_is_listed(client, campaign, team, workshops, ready):
    client = login(client, team["coordination"])
    first = compute(client, campaign)
    agora = ready[2]
    chosen = group_of(first.context["proposal"], agora, workshops["math"])
    other = next(info for info in build_planning(campaign).groups.values()
                 if info.workshop == workshops["math"] and info.group.key != chosen.group.key)
    response = client.post(reverse("sas:planning_pin", args=[campaign.pk]),
                           {"case": agora.public_id, "group": other.group.key}, follow=True)
    assert "épinglé dans ce groupe" in flashed(response)
    assert AuditLog.objects.filter(action=AuditLog.Action.UPDATE, detail__startswith="planification : épinglé").count() == 1
    # Recomputing from the proposal shown: the pin holds and the move is listed as a change.
    again = client.get(reverse("sas:planning", args=[campaign.pk]), {"calculer": "1", "precedente": proposal_token(first)})
    proposal = again.context["proposal"]
    assert group_of(proposal, agora, workshops["math"]).group.key == other.group.key
    assert agora in [change.case for change in proposal.changes]
    assert 'id="pins"' in again.content.decode() and proposal.refused_pins == []
    pin = agora.planning_pins.get()
    client.post(reverse("sas:planning_unpin", args=[campaign.pk, pin.pk]))
    assert not agora.planning_pins.exists()


def test_an_impossible_pin_is_explained_not_raised(client, campaign, team, workshops, ready):
    client = login(client, team["coordination"])
    monday = next(info for info in build_planning(campaign).groups.values() if info.label.startswith("lundi"))
    client.post(reverse("sas:planning_pin", args=[campaign.pk]), {"case": ready[0].public_id, "group": monday.group.key})
    response = compute(client, campaign)
    assert response.status_code == 200
    assert "Épinglages non respectés" in response.content.decode()
    assert [reason for _case, _label, reason in response.context["proposal"].refused_pins] == [
        "le groupe tombe sur un cours protégé de sa classe"]
    forged = client.post(reverse("sas:planning_pin", args=[campaign.pk]), {"case": ready[0].public_id, "group": "1:9"},
                         follow=True)
    assert "Épinglage impossible" in flashed(forged)


def test_the_proposal_says_in_what_order_it_minimised(client, campaign, team, ready):
    html = compute(login(client, team["coordination"]), campaign).content.decode()
    assert html.index("1. élèves non placés") < html.index("2. ensemble") and "minimum atteint et prouvé" in html


def test_a_group_under_its_minimum_is_explained_with_the_class_hour(client, campaign, team, workshops, ready):
    monday = next(info for info in build_planning(campaign).groups.values() if info.label.startswith("lundi"))
    client = login(client, team["coordination"])
    client.post(reverse("sas:planning_pin", args=[campaign.pk]), {"case": ready[2].public_id, "group": monday.group.key})
    proposal = compute(client, campaign).context["proposal"]
    [(group, reasons)] = proposal.under_minimum
    assert group.info.group.key == monday.group.key and group.size == 1
    assert sorted(reasons) == [
        f"{case.student} (2 MRC) : cours protégé à cette heure : Atelier professionnel (lundi 08:00-10:00)"
        for case in sorted(ready[:2], key=lambda c: str(c.student))]


def _counted_string(template_name, singular_start, context):
    """The template's counted string whose singular starts so, rendered in French with ``context``: what the page
    shows there, without computing a proposal."""
    template = get_template(template_name).template
    nodes = template.nodelist.get_nodes_by_type(BlockTranslateNode)
    node = next(n for n in nodes if n.plural and n.render_token_list(n.singular)[0].startswith(singular_start))
    context = Context(context)
    with translation.override("fr"), context.bind_template(template):
        return node.render(context)


@pytest.mark.parametrize("count, status, under_minimum", [
    (0, "— 0 élève placé sur 3.", "Soutien, lundi 8:00 : 0 élève pour un minimum de 4."),
    (1, "— 1 élève placé sur 3.", "Soutien, lundi 8:00 : 1 élève pour un minimum de 4."),
    (2, "— 2 élèves placés sur 3.", "Soutien, lundi 8:00 : 2 élèves pour un minimum de 4."),
])
def test_the_proposal_counts_the_students_in_french(count, status, under_minimum):
    proposal = {"students": ["x"] * count, "status_label": "optimale", "solution": {"wall_time": 0.5}}
    assert _counted_string("sas/planning.html", "Résultat", {"proposal": proposal, "planning": {"cases": [1, 2, 3]}}
                           ).endswith(status)
    group = {"size": count, "info": {"workshop": {"name": "Soutien"}, "label": "lundi 8:00", "group": {"size_min": 4}}}
    assert _counted_string("sas/planning.html", "%(workshop)s", {"g": group}) == under_minimum

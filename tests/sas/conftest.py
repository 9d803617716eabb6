"""A small SAS campaign at an establishment where the plugin is enabled, with one user per role."""
import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth import get_user_model

from plugins.builtin.sas import PLUGIN_NAME, workflow
from plugins.builtin.sas.models import Campaign, SasMembership, Student, Workshop, WorkshopSession
from plugins.models import PluginActivation
from tests import factories

Role = SasMembership.Role
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PASSWORD = "motdepasse-de-test"


@pytest.fixture
def establishment(db):
    est = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen", uai="0470018L")
    PluginActivation.objects.create(establishment=est, plugin_name=PLUGIN_NAME, enabled=True)
    return est


def sas_campaign(establishment, name: str = "SAS MILY") -> Campaign:
    """A 2023-2024 campaign at ``establishment`` on the calendar of the SAS MILY (seed 000)."""
    return Campaign.objects.create(
        establishment=establishment, name=name, school_year="2023-2024",
        referral_deadline=dt.date(2023, 11, 10), interviews_start=dt.date(2023, 11, 13),
        interviews_end=dt.date(2023, 11, 23), information_meeting_date=dt.date(2023, 11, 23),
        programme_start=dt.date(2023, 11, 27), programme_end=dt.date(2023, 12, 22), evaluation_date=dt.date(2024, 1, 19),
    )


@pytest.fixture
def campaign(establishment):
    return sas_campaign(establishment)


@pytest.fixture
def team(establishment):
    """username → user, one per role; the PP has class « 2 MRC »."""
    users = {}
    for role in Role:
        user = get_user_model().objects.create_user(username=f"sas-{role.value}", password=PASSWORD, first_name=role.label)
        SasMembership.objects.create(user=user, establishment=establishment, role=role,
                                     division="2 MRC" if role == Role.PP else "")
        users[role.value] = user
    return users


@pytest.fixture
def workshop(campaign, team):
    workshop = Workshop.objects.create(campaign=campaign, name="Soutien math", discipline="Mathématiques")
    workshop.facilitators.add(team["workshop_teacher"])
    return workshop


@pytest.fixture
def session(workshop):
    start = dt.datetime(2023, 11, 27, 8, tzinfo=PARIS)
    return WorkshopSession.objects.create(workshop=workshop, starts_at=start, ends_at=start + dt.timedelta(hours=2))


def login(client, user):
    """``client`` logged in as ``user`` through the real authentication backend (test users have PASSWORD)."""
    assert client.login(username=user.username, password=PASSWORD)
    return client


def make_student(establishment, local_id, division="2 MRC", **fields):
    fields = {"first_name": "Léa", "last_name": f"Élève{local_id}", "level": "2pro", "sex": "F", **fields}
    return Student.objects.create(establishment=establishment, local_id=local_id, division=division, **fields)


def open_case(user, campaign, student, origin="pp"):
    return workflow.refer(user, campaign, student, origin=origin, absences=True)


def advance(case, team, session, until):
    """Drive ``case`` through the workflow up to the state ``until``."""
    coordination = team["coordination"]
    steps = [
        ("needs_analysed", lambda: workflow.analyse_needs(coordination, case, "Absences le lundi.")),
        ("interviewed", lambda: workflow.record_interview(coordination, case, held_on=dt.date(2023, 11, 14),
                                                          profile="p", needs="n", objectives="o")),
        ("parcours_planned", lambda: (workflow.inform_parents(team["direction"], case, dt.date(2023, 11, 20)),
                                      workflow.plan_parcours(coordination, case, [session], "Anglais"))),
        ("in_programme", lambda: workflow.start_programme(coordination, case)),
        ("evaluated", lambda: workflow.evaluate(coordination, case, held_on=dt.date(2024, 1, 15), summary="ok",
                                                outcome="back_to_class")),
        ("closed", lambda: workflow.close(coordination, case)),
    ]
    for state, run in steps:
        if case.state == until:
            return case
        run()
        assert case.state == state
    return case


@pytest.fixture
def pp_case(campaign, team):
    """A case in the PP's class."""
    return open_case(team["pp"], campaign, make_student(campaign.establishment, "500001"))


@pytest.fixture
def other_case(campaign, team):
    """A case in another class, outside the PP's scope."""
    return open_case(team["coordination"], campaign, make_student(campaign.establishment, "500002", division="1 AGORA"), "gpds")

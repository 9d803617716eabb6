"""Two identical POSTs at the same moment, from two threads with their own PostgreSQL connections:
one is recorded, the other is refused with a message; never an IntegrityError (500).

The requests' threads must see the data, so it is written and removed through a connection of its own
(committed), instead of flushing the whole database after a transactional test.
"""
import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from plugins.builtin.sas import PLUGIN_NAME
from plugins.builtin.sas.models import Campaign, NeedsAnalysis, Referral, SasMembership, StudentCase
from plugins.models import PluginActivation
from tests import factories

from .conftest import PASSWORD, login, make_student, open_case

ROUNDS = 3


def in_own_connection(function):
    """``function()`` run in a thread with its own (autocommit) database connection; its result."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except Exception as error:  # noqa: BLE001 - raised again in the caller
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def at_once(user, url, data) -> list:
    """POST ``data`` to ``url`` from two threads released together; their responses (or exceptions)."""
    barrier, results = threading.Barrier(2), []

    def post():
        try:
            client = login(Client(), user)
            barrier.wait(timeout=30)
            results.append(client.post(url, data))
        except Exception as error:  # noqa: BLE001 - the test reports it
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _setup():
    est = factories.establishment("LP Requêtes Simultanées", "bordeaux", commune="Agen")
    PluginActivation.objects.create(establishment=est, plugin_name=PLUGIN_NAME, enabled=True)
    campaign = Campaign.objects.create(
        establishment=est, name="SAS concurrence", school_year="2023-2024",
        referral_deadline=dt.date(2023, 11, 10), interviews_start=dt.date(2023, 11, 13),
        interviews_end=dt.date(2023, 11, 23), information_meeting_date=dt.date(2023, 11, 23),
        programme_start=dt.date(2023, 11, 27), programme_end=dt.date(2023, 12, 22), evaluation_date=dt.date(2024, 1, 19),
    )
    users = {}
    for role in (SasMembership.Role.COORDINATION, SasMembership.Role.PP):
        users[role] = get_user_model().objects.create_user(username=f"simultane-{role}", password=PASSWORD)
        SasMembership.objects.create(user=users[role], establishment=est, role=role,
                                     division="2 MRC" if role == SasMembership.Role.PP else "")
    return campaign, users


def _teardown(campaign, users):
    campaign.establishment.delete()
    get_user_model().objects.filter(pk__in=[user.pk for user in users.values()]).delete()


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

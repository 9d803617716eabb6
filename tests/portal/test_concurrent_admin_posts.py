"""Two POSTs of the admin's publishing forms at the same moment (a double click), from two threads with their
own PostgreSQL connections: an invitation, a Semaine action declared with its draft fiche, a synthesis version
published. Never a 5xx nor an IntegrityError, never a second account for one address.

What the requests' threads read is written and removed through a connection of its own (committed,
:func:`tests.concurrency.in_own_connection`).
"""
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from fiches.models import FichePage, PerseveranceWeek, SchoolYear
from fiches.models.semaine import PerseveranceWeekAction
from portal.accounts.models import Membership
from portal.synthesis.models import Synthesis, SynthesisVersion
from tests import factories
from tests.concurrency import in_own_connection, together

ROUNDS = 3
PREFIX = "simultane-admin"
YEAR = "2032-2033"  # a school year no other test uses


def statuses(results) -> list:
    return [getattr(result, "status_code", result) for result in results]


def _setting():
    year = SchoolYear.objects.get_or_create(code=YEAR)[0]
    week = PerseveranceWeek.objects.create(academie=factories.academie("creteil"), school_year=year,
                                           end_date=dt.date.today() + dt.timedelta(days=30))
    lycee = factories.establishment("Lycée des Clics Simultanés", "creteil", commune="Noisy-le-Grand")
    users = {
        "editor": factories.user(f"{PREFIX}-redacteur", role=Membership.Role.EDITOR, establishment=lycee),
        "admin": factories.user(f"{PREFIX}-admin", role=Membership.Role.ACADEMIE_ADMIN, academie_code="creteil"),
        "superuser": get_user_model().objects.create_superuser(f"{PREFIX}-super", f"{PREFIX}@example.org", "x"),
    }
    return year, week, lycee, users


def _teardown(year, week, lycee, users):
    for action in PerseveranceWeekAction.objects.filter(week=week):
        if action.fiche_id:
            action.fiche.delete()
        action.delete()
    for fiche in FichePage.objects.filter(lead_structure=lycee):
        fiche.delete()
    Synthesis.objects.filter(school_year=year).delete()
    week.delete()
    lycee.delete()
    get_user_model().objects.filter(username__startswith=PREFIX).delete()
    get_user_model().objects.filter(email__startswith=f"{PREFIX}-invite").delete()
    year.delete()


@pytest.fixture
def committed(db):
    """A Semaine of Créteil in a school year of its own, a lycée with its editor, Créteil's administrator and a
    superuser, committed so that other connections see them."""
    year, week, lycee, users = in_own_connection(_setting)
    yield week, lycee, users
    in_own_connection(lambda: _teardown(year, week, lycee, users))


def test_inviting_one_person_twice_at_once_makes_one_account(committed):
    """A double click on « Inviter »: one account and one membership; the other post is told the account
    exists, not a 500."""
    assert connection.vendor == "postgresql"
    _week, lycee, users = committed
    for n in range(ROUNDS):
        email = f"{PREFIX}-invite{n}@example.org"
        data = {"email": email, "first_name": "Inès", "last_name": "Double", "role": Membership.Role.EDITOR,
                "establishment": lycee.pk}
        results = together((users["admin"], "/admin/invitations/", data), (users["admin"], "/admin/invitations/", data))
        assert sorted(statuses(results), key=str) == [200, 302], results
        refused = next(result for result in results if result.status_code == 200)
        assert "Un compte existe déjà pour cette adresse" in refused.content.decode()
        assert get_user_model().objects.filter(email=email).count() == 1
        assert Membership.objects.filter(user__email=email).count() == 1


def test_declaring_an_action_with_its_draft_fiche_twice_at_once_gives_no_error(committed):
    """A double click on « Déclarer » with « Créer une fiche brouillon »: two declarations, each with its own
    draft fiche, as two posts one after the other make (nothing tells two actions of one week apart); no 500."""
    week, lycee, users = committed
    data = {"week": week.pk, "establishment": lycee.pk, "title": "Tutorat entre pairs", "public": "Élèves de seconde",
            "objectives": "Renouer avec l'école", "description": "Une journée d'échanges.",
            "action_date": (dt.date.today() + dt.timedelta(days=20)).strftime("%d/%m/%Y"), "create_draft_fiche": "on"}
    for n in range(ROUNDS):
        results = together((users["editor"], "/admin/semaine/declarer/", data),
                           (users["editor"], "/admin/semaine/declarer/", data))
        assert statuses(results) == [302, 302], results
        actions = PerseveranceWeekAction.objects.filter(week=week)
        assert actions.count() == 2 * (n + 1)
        assert len({action.fiche_id for action in actions}) == 2 * (n + 1)
        assert None not in {action.fiche_id for action in actions}


def test_publishing_a_synthesis_twice_at_once_numbers_the_versions_apart(committed):
    """Two publications at once (double click on « Publier une nouvelle version ») freeze two versions, 1 and 2,
    a recomputation being a new version by design; no 500."""
    _week, _lycee, users = committed
    url = f"/admin/syntheses/{YEAR}/publier/"
    for n in range(ROUNDS):
        results = together((users["superuser"], url, {}), (users["superuser"], url, {}))
        assert statuses(results) == [302, 302], results
        numbers = SynthesisVersion.objects.filter(synthesis__school_year__code=YEAR).values_list("number", flat=True)
        assert sorted(numbers) == list(range(1, 2 * (n + 1) + 1))
        assert Synthesis.objects.filter(school_year__code=YEAR).count() == 1

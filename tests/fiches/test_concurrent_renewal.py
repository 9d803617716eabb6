"""« Reconduire pour l'année suivante » clicked twice at once (two threads with their own PostgreSQL connections):
one renewal draft for the next year, the other click told it is done; never a 500, never two drafts."""
import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from fiches.models import FichePage
from portal.accounts.models import Membership
from tests import factories
from tests.concurrency import in_own_connection, together

ROUNDS = 3
PREFIX = "simultane-reconduction"


def statuses(results) -> list:
    return [getattr(result, "status_code", result) for result in results]


def _setting():
    lycee = factories.establishment("LP Reconductions Simultanées", "bordeaux", commune="Agen")
    editor = factories.user(f"{PREFIX}-redacteur", role=Membership.Role.EDITOR, establishment=lycee)
    return lycee, editor


def _teardown(lycee, editor):
    for fiche in FichePage.objects.filter(lead_structure=lycee).order_by("-pk"):
        fiche.delete()
    lycee.delete()
    get_user_model().objects.filter(username__startswith=PREFIX).delete()


@pytest.fixture
def committed(db):
    lycee, editor = in_own_connection(_setting)
    yield lycee, editor
    in_own_connection(lambda: _teardown(lycee, editor))


def test_renewing_a_fiche_twice_at_once_makes_one_renewal(committed):
    assert connection.vendor == "postgresql"
    lycee, editor = committed
    for n in range(ROUNDS):
        original = in_own_connection(lambda n=n: factories.fiche(f"Atelier reconduit {n}", lycee))
        url = f"/admin/fiches/{original.pk}/reconduire/"
        results = together((editor, url, {}), (editor, url, {}))
        assert statuses(results) == [302, 302], results
        renewals = FichePage.objects.filter(renewed_from=original)
        assert renewals.count() == 1
        assert renewals.get().school_year_codes == ["2024-2025"]

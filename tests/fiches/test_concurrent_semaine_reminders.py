"""The Semaine reminders sent twice at once (« Envoyer les relances par courriel » double-clicked, or clicked by
two moderators), from two threads with their own PostgreSQL connections: one e-mail per missing bilan, the
second request told that the actions were reminded a moment ago.

What the requests' threads read is written and removed through a connection of its own (committed,
:func:`tests.concurrency.in_own_connection`). Not in tests/synthesis: that package's ``demo`` fixture keeps its
load in a transaction open until the package ends, and this setup's own connection waited on its rows (120 s, then
an error) whenever a test of the package had loaded it first in the same worker.
"""
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.utils import timezone

from fiches.models import PerseveranceWeek, SchoolYear
from fiches.models.semaine import PerseveranceWeekAction
from portal.accounts.models import Membership
from tests import factories
from tests.concurrency import in_own_connection, together

PREFIX = "simultane-semaine"
YEAR = "2039-2040"  # a year no other test uses: the rows are committed


def _setup():
    year = SchoolYear.objects.get_or_create(code=YEAR)[0]
    week = PerseveranceWeek.objects.create(academie=factories.academie("creteil"), school_year=year,
                                           end_date=dt.date.today() - dt.timedelta(days=1))
    lycee = factories.establishment("Lycée des Relances Simultanées", "creteil", commune="Créteil")
    editor = factories.user(f"{PREFIX}-redacteur", role=Membership.Role.EDITOR, establishment=lycee)
    PerseveranceWeekAction.objects.create(week=week, establishment=lycee, title="Sans bilan", declared_by=editor)
    moderators = [factories.user(f"{PREFIX}-modo-{n}", role=Membership.Role.MODERATOR, academie_code="creteil")
                  for n in (1, 2)]
    return week, lycee, moderators


def _teardown(week, lycee):
    PerseveranceWeekAction.objects.filter(week=week).delete()
    week.delete()
    SchoolYear.objects.filter(code=YEAR).delete()
    lycee.delete()
    get_user_model().objects.filter(username__startswith=PREFIX).delete()


@pytest.fixture
def missing(db):
    """A Semaine of Créteil that ended yesterday, one action of a lycée without its bilan, two moderators."""
    week, lycee, moderators = in_own_connection(_setup)
    yield week, moderators
    in_own_connection(lambda: _teardown(week, lycee))


def test_reminding_the_missing_bilans_twice_at_once_sends_one_email(missing):
    """Both requests used to read the bilan as missing and each sent its e-mail."""
    assert connection.vendor == "postgresql"
    week, moderators = missing
    for clicks in [(moderators[0], moderators[0]), (moderators[0], moderators[1])]:
        results = together(*[(moderator, "/admin/semaine/relances/", {}) for moderator in clicks],
                           send=lambda client, url, data: client.post(url, data, follow=True))
        assert [getattr(result, "status_code", result) for result in results] == [200, 200], results
        assert [message.to for message in mail.outbox] == [[f"{PREFIX}-redacteur@example.org"]]
        pages = [result.content.decode() for result in results]
        assert sum("1 relance envoyée." in page for page in pages) == 1
        assert sum("1 action déjà relancée il y a moins de 10 minutes" in page for page in pages) == 1
        mail.outbox.clear()
        in_own_connection(lambda: PerseveranceWeekAction.objects.filter(week=week).update(
            last_reminder_at=timezone.now() - dt.timedelta(minutes=11)))  # long enough ago: reminded again

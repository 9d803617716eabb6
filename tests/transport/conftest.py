import datetime as dt

import pytest

from plugins.reports import PeriodKind
from portal import httpsig
from portal.indicators.keys import register_key
from portal.indicators.models import ReportingPeriod
from tests import factories


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    """Each test gets its own portal key; the portal's public key is what the node trusts."""
    portal_key = httpsig.generate_private_key()
    settings.ACCROCHE_KEY_DIR = str(tmp_path / "keys")
    settings.ACCROCHE_PORTAL_KEY = httpsig.private_key_text(portal_key)
    settings.ACCROCHE_PORTAL_PUBLIC_KEY = httpsig.public_key_text(portal_key)
    settings.ACCROCHE_NODE_UAI = ""
    return portal_key


@pytest.fixture
def lomet(db):
    return factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen", uai="0470018L")


@pytest.fixture
def year(db):
    return ReportingPeriod.objects.create(code="2023-2024", kind=PeriodKind.SCHOOL_YEAR.value,
                                          label="Année scolaire 2023-2024", start=dt.date(2023, 9, 1),
                                          end=dt.date(2024, 8, 31), due_date=dt.date(2024, 7, 15))


@pytest.fixture
def node_key(lomet, settings):
    """Lomet's node key, registered on the portal and configured as this node's key."""
    key = httpsig.generate_private_key()
    register_key(lomet, httpsig.public_key_text(key))
    settings.ACCROCHE_NODE_KEY = httpsig.private_key_text(key)
    return key

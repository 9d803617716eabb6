"""`report_indicators`: the node builds its report with the enabled plugins, protected, and queues
it once per period (again only when asked: a corrected report)."""
import json

import pytest
from django.core.management import call_command

from plugins.models import PluginActivation
from plugins.reports import IndicatorTable, TableCell
from portal.outbox.models import OutboxReport

from .signed import IDENTIFIED, YEAR

pytestmark = pytest.mark.django_db


def cases(first: int, count: int) -> frozenset[str]:
    return frozenset(f"case:{n}" for n in range(first, first + count))


@pytest.fixture
def reporting_plugin(plugin, lomet):
    def compute_indicators(establishment, period):
        return IndicatorTable(period, (IDENTIFIED,), (
            TableCell("sas.identified", {}, cases(0, 30)),
            TableCell("sas.identified", {"sex": "F"}, cases(0, 27)),
            TableCell("sas.identified", {"sex": "M"}, cases(27, 3)),
        ))

    plugin("test_reporter", reporting_periods=lambda establishment: [YEAR], compute_indicators=compute_indicators)
    PluginActivation.objects.create(establishment=lomet, plugin_name="test_reporter")


def test_report_is_built_protected_and_queued_once_per_period(reporting_plugin):
    call_command("report_indicators", "--uai", "0470018L")
    entry = OutboxReport.objects.get()
    payload = json.loads(bytes(entry.payload))
    assert (entry.period_code, entry.sequence, payload["period"]["code"]) == ("2023-2024", 1, "2023-2024")
    cells = {tuple(c["breakdown"].values()): (c["value"], c["status"]) for c in payload["cells"]}
    assert cells[()] == (30, "published")
    assert cells[("M",)] == (None, "primary_secret")  # 3 boys: too few to publish
    assert cells[("F",)][0] is None  # and the girls' count would give them away by subtraction

    call_command("report_indicators", "--uai", "0470018L")
    assert OutboxReport.objects.count() == 1
    call_command("report_indicators", "--uai", "0470018L", "--again")
    assert list(OutboxReport.objects.values_list("sequence", flat=True).order_by("sequence")) == [1, 2]

"""The embedded demo declares its reporting periods and expects the demo SAS establishment's report."""
import io

from django.core.management import call_command

from portal.indicators.completeness import completeness
from portal.indicators.models import ExpectedReport, ReportingPeriod


def test_demo_declares_the_year_and_expects_the_lomet(db):
    call_command("sas_load_demo", stdout=io.StringIO())
    for _run in range(2):
        call_command("indicators_load_demo", stdout=io.StringIO())
    year = ReportingPeriod.objects.get(code="2023-2024")
    assert year.due_date is not None and {p.code for p in ReportingPeriod.objects.all()} >= {"2023-2024-t1", "2023-2024-t3"}
    expected = ExpectedReport.objects.filter(period=year)
    assert expected.filter(establishment__name="LP Antoine Lomet").count() == 1
    rows, rates = completeness(year)
    assert len(rows) == expected.count() and sum(r.expected for r in rates) == expected.count()

"""SAS indicators: definitions, the raw table, the protected report (threshold 11, never below 5)."""
import datetime as dt

from plugins import periods
from plugins.builtin.sas import indicators
from plugins.builtin.sas.indicator_table import compute_table
from plugins.builtin.sas.models import Evaluation, StudentCase, ThreadMessage
from plugins.disclosure.policy import threshold
from plugins.reports import CellStatus

from .conftest import make_student, open_case
from .reports import YEAR, cells, report_for


def test_threshold_defaults_to_11_and_never_goes_below_5(settings):
    assert threshold() == 11
    settings.ACCROCHE_SUPPRESSION_THRESHOLD = 3
    assert threshold() == 5
    settings.ACCROCHE_SUPPRESSION_THRESHOLDS = {"bordeaux": 15}
    assert threshold("bordeaux") == 15 and threshold("lyon") == 5


def test_report_suppresses_small_counts_and_their_complements(campaign, team):
    for n in range(14):
        open_case(team["coordination"], campaign, make_student(campaign.establishment, f"60{n:04}", sex="F" if n < 12 else "M"))
    report = report_for(campaign.establishment)
    assert report.establishment_uai == "0470018L" and report.period.code == "2023-2024"
    identified = cells(report, indicators.IDENTIFIED)
    assert identified[()].value == 14.0 and identified[()].status is CellStatus.PUBLISHED
    assert identified[("M",)].status is CellStatus.PRIMARY_SECRET
    assert identified[("F",)].status is CellStatus.SECONDARY_SECRET, "12 girls of 14 would give 2 boys"
    assert cells(report, indicators.ATTENDANCE_RATE)[()].suppressed
    assert all(v.value is None for v in report.values if v.suppressed)
    assert indicators.OTHER_ORIGINS not in {v.code for v in report.values}


def test_every_category_has_a_cell_zero_included(campaign, team, pp_case):
    table = compute_table(campaign.establishment, YEAR)
    levels = {c.breakdown["level"] for c in table.cells if c.code == indicators.IDENTIFIED and set(c.breakdown) == {"level"}}
    assert levels == {"cap1", "cap2", "2pro", "1pro", "tpro", "other"}
    assert len([c for c in table.cells if c.code == indicators.OUTCOMES]) == len(Evaluation.Outcome.choices)


def test_seed_counts_origins_outcomes_and_solicitations(campaign, team):
    cases = [open_case(team["coordination"], campaign, make_student(campaign.establishment, f"61{n:04}"),
                       origin="spontaneous" if n < 3 else "gpds" if n < 5 else "pp") for n in range(8)]
    StudentCase.objects.filter(pk__in=[c.pk for c in cases[:2]]).update(state="evaluated")
    Evaluation.objects.create(case=cases[0], held_on=dt.date(2024, 1, 15), summary="s", outcome="pafi")
    Evaluation.objects.create(case=cases[1], held_on=dt.date(2024, 1, 15), summary="s", outcome="rupture")
    ThreadMessage.objects.create(case=cases[0], author=team["pp"], body="Pouvez-vous le recevoir ?")
    ThreadMessage.objects.create(case=cases[0], author=team["coordination"], body="Oui, jeudi.")
    table = {cell.key: cell for cell in compute_table(campaign.establishment, YEAR).cells}
    assert table[(indicators.SPONTANEOUS, "")].count == 3 and table[(indicators.GPDS_SITUATIONS, "")].count == 2
    assert table[(indicators.OTHER_ORIGINS, "")].count == 3 and not table[(indicators.OTHER_ORIGINS, "")].publish
    assert table[(indicators.PAFI, "")].count == 1 and table[(indicators.RUPTURES, "")].count == 1
    assert table[(indicators.OUTCOMES, "outcome=pafi")].units == table[(indicators.PAFI, "")].units
    assert table[(indicators.TAKEN_IN_CHARGE, "")].count == 2
    assert table[(indicators.SOLICITATIONS, "")].count == 1, "the coordination's own answers are not solicitations"


def test_no_report_without_a_campaign_in_the_period(campaign, team, pp_case):
    assert report_for(campaign.establishment, periods.school_year("2019-2020")) is None


def test_periods_are_the_school_year_and_the_terms_of_the_programme(campaign):
    from plugins.node_reports import reporting_periods

    assert [p.code for p in reporting_periods(campaign.establishment)] == ["2023-2024", "2023-2024-t1"]


def test_every_code_is_defined_and_prefixed():
    codes = {d.code for d in indicators.DEFINITIONS}
    assert all(code.startswith("sas.") for code in codes)
    assert {indicators.IDENTIFIED, indicators.TAKEN_IN_CHARGE, indicators.OUTCOMES, indicators.ATTENDANCE_RATE,
            indicators.GPDS_SITUATIONS, indicators.PAFI, indicators.RUPTURES, indicators.SOLICITATIONS} <= codes

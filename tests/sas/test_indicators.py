"""Indicators: definitions, report, small-cell suppression (threshold 11, never below 5)."""
import datetime as dt

from plugins.builtin.sas import indicators
from plugins.builtin.sas.suppression import suppressed_keys, threshold

from .conftest import make_student, open_case

PERIOD = (dt.date(2023, 9, 1), dt.date(2024, 8, 31))


def values(report, code):
    return {tuple(sorted(v.breakdown.items())): v for v in report.values if v.code == code}


def test_threshold_defaults_to_11_and_never_goes_below_5(settings):
    assert threshold() == 11
    settings.ACCROCHE_SUPPRESSION_THRESHOLD = 3
    assert threshold() == 5


def test_complementary_suppression_hides_a_second_cell():
    assert suppressed_keys({"a": 30, "b": 3, "c": 20}, 11) == {"b", "c"}
    assert suppressed_keys({"a": 30, "b": 3, "c": 4}, 11) == {"b", "c"}
    assert suppressed_keys({"a": 30, "b": 12}, 11) == set()


def test_report_suppresses_small_counts(campaign, team):
    for n in range(12):
        open_case(team["coordination"], campaign, make_student(campaign.establishment, f"60{n:04}", sex="F" if n < 10 else "M"))
    report = indicators.compute_report(campaign.establishment, *PERIOD)
    assert report.establishment_uai == "0470018L"
    total = values(report, indicators.IDENTIFIED)[()]
    assert total.value == 12.0 and not total.suppressed
    by_sex = values(report, indicators.IDENTIFIED)
    assert by_sex[(("sex", "M"),)].suppressed and by_sex[(("sex", "F"),)].suppressed
    assert values(report, indicators.ATTENDANCE_RATE)[()].suppressed
    assert all(v.value is None for v in report.values if v.suppressed)


def test_no_report_without_a_campaign_in_the_period(campaign, team, pp_case):
    assert indicators.compute_report(campaign.establishment, dt.date(2020, 1, 1), dt.date(2020, 6, 30)) is None


def test_every_code_is_defined_and_prefixed():
    codes = {d.code for d in indicators.DEFINITIONS}
    assert all(code.startswith("sas.") for code in codes)
    assert {indicators.IDENTIFIED, indicators.TAKEN_IN_CHARGE, indicators.OUTCOMES, indicators.ATTENDANCE_RATE} <= codes

"""Reports already sent are what the portal (and an attacker) knows: a correction must not give away its records."""
from plugins.builtin.sas import indicators as ind
from plugins.reports import CellStatus

from .conftest import make_student, open_case
from .reports import cells, report_for


def students(campaign, team, first, n, sex="F"):
    for i in range(first, first + n):
        open_case(team["coordination"], campaign, make_student(campaign.establishment, f"70{i:04}", sex=sex))


def test_a_correction_by_a_few_records_is_withheld(campaign, team):
    students(campaign, team, 0, 12)
    students(campaign, team, 12, 12, sex="M")
    sent = report_for(campaign.establishment)
    assert cells(sent, ind.IDENTIFIED)[()].value == 24.0
    students(campaign, team, 24, 2)                       # two girls added after the report left
    corrected = report_for(campaign.establishment, history=[sent])
    identified = cells(corrected, ind.IDENTIFIED)
    assert identified[()].status is CellStatus.PRIMARY_SECRET, "26 - 24 would single the two new girls out"
    assert identified[("F",)].status is CellStatus.PRIMARY_SECRET
    assert identified[("M",)].value == 12.0, "an unchanged cell is still published"


def test_without_history_the_same_records_publish_their_total(campaign, team):
    students(campaign, team, 0, 14)
    students(campaign, team, 14, 12, sex="M")
    assert cells(report_for(campaign.establishment), ind.IDENTIFIED)[()].value == 26.0

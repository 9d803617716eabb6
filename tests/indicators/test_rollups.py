"""Roll-ups: sums of published cells, withheld groups, thresholds per académie, complementary secrets."""
from plugins.reports import CellStatus
from portal.indicators.rollup_suppression import lines
from portal.indicators.rollups import rollup
from tests import factories

from .stored import by_key, cell, send, year

IDENTIFIED = "sas.students_identified"


def establishments(academie, bassin, *names):
    return [factories.establishment(name, academie, bassin=bassin, departement="47" if academie == "bordeaux" else "69")
            for name in names]


def test_a_group_with_a_secret_contribution_is_withheld_not_summed(db):
    period = year()
    e1, e2, e3 = establishments("bordeaux", "Agen", "LP Lomet", "LP Palissy", "LP Jean Monnet")
    send(e1, period, [cell(IDENTIFIED, 40), cell(IDENTIFIED, None, "primary_secret", sex="M"),
                      cell(IDENTIFIED, None, "secondary_secret", sex="F")])
    send(e2, period, [cell(IDENTIFIED, 45), cell(IDENTIFIED, 20, sex="M"), cell(IDENTIFIED, 25, sex="F")])
    send(e3, period, [cell(IDENTIFIED, 30), cell(IDENTIFIED, 12, sex="M"), cell(IDENTIFIED, 18, sex="F")])
    cells = by_key(rollup(IDENTIFIED, period, "bassin"))
    assert cells[("Agen", "")].value == 115 and cells[("Agen", "")].contributors == 3
    assert cells[("Agen", "sex=M")].status is CellStatus.SECONDARY_SECRET and cells[("Agen", "sex=M")].value is None
    assert cells[("Agen", "sex=F")].value is None, "32 boys would be 115 - 45 - 38 girls, the Lomet's hidden split"
    network = by_key(rollup(IDENTIFIED, period, "network", scope={e2.pk, e3.pk}))
    assert network[("network", "sex=M")].value == 32 and network[("network", "")].value == 75


def test_a_group_small_under_the_national_threshold_takes_a_complement(db, settings):
    settings.ACCROCHE_SUPPRESSION_THRESHOLDS = {"bordeaux": 5}
    period = year()
    (small,) = establishments("bordeaux", "Agen", "LP Lomet")
    (large,) = establishments("lyon", "Lyon", "LP Lumière")
    send(small, period, [cell(IDENTIFIED, 27), cell(IDENTIFIED, 7, sex="M"), cell(IDENTIFIED, 20, sex="F")])
    send(large, period, [cell(IDENTIFIED, 30), cell(IDENTIFIED, 0, sex="M"), cell(IDENTIFIED, 30, sex="F")])
    academie = by_key(rollup(IDENTIFIED, period, "academie"))
    assert academie[("bordeaux", "sex=M")].value == 7, "Bordeaux's policy (5) publishes its 7 boys"
    nation = by_key(rollup(IDENTIFIED, period, "nation"))
    assert nation[("nation", "sex=M")].status is CellStatus.PRIMARY_SECRET, "7 is under the general threshold, 11"
    assert nation[("nation", "sex=F")].status is CellStatus.SECONDARY_SECRET, "57 - 50 girls would give the 7 boys"
    assert nation[("nation", "")].value == 57


def test_every_line_of_a_two_dimensional_roll_up_has_zero_or_two_secrets(db):
    period = year()
    e1, e2 = establishments("bordeaux", "Agen", "LP Lomet", "LP Palissy")
    rows = {("2pro", "F"): 30, ("2pro", "M"): 3, ("1pro", "F"): 14, ("1pro", "M"): 22}
    for establishment in (e1, e2):
        send(establishment, period, [
            cell(IDENTIFIED, sum(rows.values())),
            *[cell(IDENTIFIED, sum(v for (l, _s), v in rows.items() if l == level), level=level) for level in ("2pro", "1pro")],
            *[cell(IDENTIFIED, sum(v for (_l, s), v in rows.items() if s == sex), sex=sex) for sex in ("F", "M")],
            *[cell(IDENTIFIED, v, level=level, sex=sex) for (level, sex), v in rows.items()],
        ])
    cells = rollup(IDENTIFIED, period, "bassin", limit=11)
    table = {c.breakdown_key: c for c in cells}
    assert table["level=2pro;sex=M"].status is CellStatus.PRIMARY_SECRET, "6 boys in 2pro across the bassin"
    for line in lines(table):
        assert sum(table[k].status.secret for k in line) != 1, line


def test_a_new_report_refreshes_the_cached_roll_up(db):
    period = year()
    e1, e2 = establishments("bordeaux", "Agen", "LP Lomet", "LP Palissy")
    send(e1, period, [cell(IDENTIFIED, 40)])
    assert by_key(rollup(IDENTIFIED, period, "bassin"))[("Agen", "")].value == 40
    send(e2, period, [cell(IDENTIFIED, 45)])
    assert by_key(rollup(IDENTIFIED, period.code, "bassin"))[("Agen", "")].value == 85
    send(e2, period, [cell(IDENTIFIED, None, "primary_secret")], sequence=2)
    assert by_key(rollup(IDENTIFIED, period, "bassin"))[("Agen", "")].status is CellStatus.SECONDARY_SECRET

"""No formula reaches a spreadsheet: the synthesis CSV and XLSX, read back, hold formula-like text
as inert text (the helper and the fiches CSV: tests/fiches/test_formula_cells.py)."""
import csv
import io

import pytest

from tests.fiches.test_formula_cells import HYPERLINK

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_content(demo):
    """The 2015-2016 synthesis with formula-like text where an académie writes free text."""
    from portal.synthesis.compute import compute_synthesis

    content = compute_synthesis("2015-2016")
    amiens = next(a for a in content["academies"] if a["code"] == "amiens")
    amiens["name"] = HYPERLINK
    amiens["period"]["raw"] = "@SUM(A1:A9)"
    amiens["figures"]["actions"]["raw"] = "+1+1"
    amiens["edition"] = {"number": None, "raw": "-1+cmd|' /C calc'!A0"}
    return content


def test_synthesis_csv_export(hostile_content):
    from portal.synthesis.exporting import EXPORTS

    body = EXPORTS["csv"].render(hostile_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    amiens = next(r for r in rows if r["code"] == "amiens")
    assert amiens["academie"] == "'" + HYPERLINK and amiens["periode"] == "'@SUM(A1:A9)"
    assert amiens["actions_brut"] == "'+1+1" and amiens["edition"] == "'-1+cmd|' /C calc'!A0"
    assert not [cell for r in rows for cell in r.values() if cell and cell[0] in "=+-@\t\r"]


def test_synthesis_xlsx_export_holds_no_formula(hostile_content):
    from openpyxl import load_workbook

    from portal.synthesis.exporting import EXPORTS

    sheet = load_workbook(io.BytesIO(EXPORTS["xlsx"].render(hostile_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert {"'" + HYPERLINK, "'@SUM(A1:A9)", "'+1+1", "'-1+cmd|' /C calc'!A0"} <= values
    assert 62 in values  # numbers stay numbers (Amiens' establishments)

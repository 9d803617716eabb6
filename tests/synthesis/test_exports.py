"""Each export of the 2015-2016 synthesis opens and says what the page says."""
import csv
import io
import time

import pytest
from django.test import Client

from portal.synthesis.compute import compute_synthesis
from portal.synthesis.exporting import EXPORTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(demo):
    return compute_synthesis("2015-2016")


def test_pdf_is_a_report_with_a_table_of_contents(content):
    from pypdf import PdfReader

    started = time.monotonic()
    pdf = EXPORTS["pdf"].render(content, site_root="https://accroche.example")
    assert time.monotonic() - started < 60
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 30
    toc = reader.pages[1].extract_text()
    assert "Sommaire" in toc and "Académie d'Amiens" in toc and "Académie de Versailles" in toc
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Une trentaine d'établissements" in text and "N.C." in text
    assert "603 déclarés précisément par 19 académies" in " ".join(text.split())
    assert "La classe d'accueil et de mobilisation fait son théâtre" in text


def test_docx_has_headings_and_tables(content):
    from docx import Document

    document = Document(io.BytesIO(EXPORTS["docx"].render(content, site_root="https://accroche.example")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Synthèse nationale" in headings and "Académie de Bordeaux" in headings
    national = document.tables[0]
    assert len(national.rows) == 31
    bordeaux = next(row for row in national.rows if row.cells[0].text == "Bordeaux")
    assert bordeaux.cells[4].text.startswith("Une trentaine d'établissements")


def _by_code(rows):
    return {row["code"]: row for row in rows}


def test_csv_has_one_row_per_academie_with_the_figures_as_declared(content):
    text = EXPORTS["csv"].render(content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = _by_code(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 30
    assert rows["bordeaux"]["etablissements_qualificatif"] == "une trentaine"
    assert rows["bordeaux"]["etablissements_valeur"] == ""
    assert rows["creteil"]["etablissements_nc"] == "oui" and rows["creteil"]["actions_valeur"] == "26"
    assert rows["lyon"]["etablissements_valeur"] == "14 | 70" and rows["lyon"]["etablissements_portee"] == "week | year"
    assert rows["rennes"]["etablissements_min"] == "30"
    assert rows["amiens"]["actions_brut"] == "Nombre d'actions identifiées : 112"
    assert rows["amiens"]["actions_registre"] == "3" and rows["amiens"]["actions_signale"] == "non"
    assert rows["guyane"]["niveau_college"] == ""


def test_xlsx_reads_back(content):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(EXPORTS["xlsx"].render(content))).active
    values = list(sheet.values)
    header, rows = values[0], values[1:]
    assert len(rows) == 30
    amiens = dict(zip(header, next(r for r in rows if r[1] == "amiens")))
    assert amiens["actions_valeur"] == 112 and amiens["etablissements_valeur"] == 62
    assert amiens["niveau_premier_degre"] is True


def test_pages_and_export_urls(demo):
    client = Client()
    index = client.get("/synthese/")
    assert index.status_code == 200 and "/synthese/2015-2016/" in index.content.decode()
    page = client.get("/synthese/2015-2016/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Aperçu calculé" in html and html.count('role="img"') == 4
    assert "dont 3 fiches dans le registre" in html
    for fmt in ("csv", "xlsx", "docx"):
        response = client.get(f"/synthese/2015-2016/synthese.{fmt}")
        assert response.status_code == 200 and response["Content-Type"] == EXPORTS[fmt].content_type
    assert client.get("/synthese/1999-2000/").status_code == 404
    assert client.get("/synthese/2015-2016/?version=7").status_code == 404

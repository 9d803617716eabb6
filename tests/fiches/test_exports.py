"""Exports: a fiche as PDF and JSON, the published fiches as CSV; drafts stay private."""
import csv
import io
import json
import time
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from fiches.exporting.csv_list import COLUMNS
from fiches.serialization import apply_fiche_data
from tests import factories

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((HERE.parents[1] / "fiches" / "schemas" / "fiche-1.json").read_text(encoding="utf-8"))


@pytest.fixture
def sas_mily():
    data = json.loads((HERE / "expected" / "sas_mily_import.json").read_text(encoding="utf-8"))
    data["licence"] = "etalab-2.0"
    return apply_fiche_data(data, publish=True)


@pytest.fixture
def registry(sas_mily):
    lomet = sas_mily.lead_structure
    toulouse = factories.establishment("Collège Pierre de Fermat", "toulouse", commune="Toulouse", kind="college")
    return {
        "sas": sas_mily,
        "tutorat": factories.fiche("Tutorat entre pairs", toulouse, school_year="2022-2023"),
        "draft": factories.fiche("Atelier relais en préparation", lomet, live=False),
    }


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_urls():
    assert reverse("fiches:pdf", args=[7]) == "/fiches/7/pdf/"
    assert reverse("fiches:json", args=[7]) == "/fiches/7/json/"
    assert reverse("fiches:csv") == "/fiches/export.csv"


def test_pdf_has_every_section_header_footer_and_key_content(client, sas_mily):
    started = time.perf_counter()
    response = client.get(reverse("fiches:pdf", args=[sas_mily.pk]))
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for heading in (
        "Lieu", "Public concerné", "Thématique et dispositif", "Objectifs", "Contenu et programme",
        "Supports et moyens", "Communication", "Ateliers", "Étapes et calendrier", "Résultats observés",
        "Indicateurs de réussite", "Organisation", "Personnes associées, internes à l'établissement",
    ):
        assert heading in text, heading
    for content in (
        "MICRO LYCEE – SAS Mily – Persévérance scolaire", "Académie de Bordeaux", "LP Antoine LOMET",
        "Soutien math", "8 à 9 élèves", "ORIENTATION DES ELEVES", "GPDS, PP, CPE, RDS", "Absentéisme",
        "Questionnaire de satisfaction élèves", "La coordinatrice MLDS", "HSE dédiées", "2023-2024",
    ):
        assert content in text, content
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    assert f"Page 1 / {pages}" in text and f"Page {pages} / {pages}" in text
    assert "Licence : Licence Ouverte / Open Licence 2.0 (Etalab)" in text
    print(f"PDF export of one fiche: {elapsed:.2f} s, {pages} pages")


def test_json_follows_the_schema(client, sas_mily):
    response = client.get(reverse("fiches:json", args=[sas_mily.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    assert data["id"] == sas_mily.pk and data["status"] == "published" and data["academie"] == "bordeaux"
    assert len(data["steps"]) == 8 and data["workshops"][3]["group_size_max"] == 9


def test_drafts_are_not_exported_to_anonymous_users(client, registry):
    draft = registry["draft"]
    for name in ("fiches:pdf", "fiches:json"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert client.get(reverse("fiches:json", args=[999999])).status_code == 404


def test_editors_export_their_draft_with_its_latest_content(client, registry, django_user_model):
    draft = registry["draft"]
    revision = draft.get_latest_revision_as_object()
    revision.summary = "Résumé encore en brouillon"
    revision.save_revision()
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "motdepasse-de-test"))
    data = client.get(reverse("fiches:json", args=[draft.pk])).json()
    assert data["status"] == "draft" and data["summary"] == "Résumé encore en brouillon"
    assert client.get(reverse("fiches:pdf", args=[draft.pk])).status_code == 200


def read_csv(response) -> list[dict]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(COLUMNS, row)) for row in rows[1:]]


def test_csv_lists_published_fiches_with_their_columns(client, registry):
    response = client.get(reverse("fiches:csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = {row["titre"]: row for row in read_csv(response)}
    assert set(rows) == {"MICRO LYCEE – SAS Mily – Persévérance scolaire", "Tutorat entre pairs"}
    sas = rows["MICRO LYCEE – SAS Mily – Persévérance scolaire"]
    assert sas["id"] == str(registry["sas"].pk)
    assert sas["académie"] == "Bordeaux" and sas["commune"] == "Agen" and sas["code INSEE"] == "47001"
    assert sas["établissement"] == "LP Antoine LOMET – Micro lycée" and sas["années"] == "2023-2024"
    assert sas["niveaux"] == "Lycée professionnel" and sas["thématiques"] == "Prévention"
    assert sas["dispositifs"] == "SAS, Micro-lycée"
    assert sas["url"].startswith("http") and sas["url"].rstrip("/").endswith(registry["sas"].slug)


@pytest.mark.parametrize(
    "query, titles",
    [
        ({"academie": "bordeaux"}, {"MICRO LYCEE – SAS Mily – Persévérance scolaire"}),
        ({"academie": "toulouse"}, {"Tutorat entre pairs"}),
        ({"annee": "2022-2023"}, {"Tutorat entre pairs"}),
        ({"academie": "bordeaux", "annee": "2022-2023"}, set()),
        ({"academie": "lyon"}, set()),
    ],
)
def test_csv_filters(client, registry, query, titles):
    response = client.get(reverse("fiches:csv"), query)
    assert {row["titre"] for row in read_csv(response)} == titles


@pytest.mark.parametrize(
    "query, message",
    [
        ({"academie": "atlantide"}, "Académie inconnue : « atlantide »"),
        ({"annee": "2023"}, "Année scolaire inconnue : « 2023 »"),
        ({"annee": "1890-1891"}, "Année scolaire inconnue"),
        # A NUL character (« %00 ») reached PostgreSQL, which refuses it in text (DataError: 500).
        ({"academie": "bor\x00deaux"}, "Académie inconnue"),
        ({"annee": "2022\x00-2023"}, "Année scolaire inconnue"),
    ],
)
def test_csv_unknown_filter_value_is_a_400_in_french(client, registry, query, message):
    response = client.get(reverse("fiches:csv"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_export_links_for_the_fiche_page(sas_mily):
    from django.template.loader import render_to_string

    html = render_to_string("fiches/fiche_exports.html", {"page": sas_mily})
    assert f'href="/fiches/{sas_mily.pk}/pdf/"' in html and f'href="/fiches/{sas_mily.pk}/json/"' in html
    assert "Télécharger en PDF" in html

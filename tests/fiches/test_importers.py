"""Importing fiche documents (text, Markdown, DOCX) into drafts: seed 000, malformed inputs, admin, command."""
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Page, Revision

from fiches.importing.base import FicheImportError
from fiches.importing.dates import parse_range
from fiches.importing.docx import DocxImporter
from fiches.importing.headings import match_heading
from fiches.importing.service import import_document
from fiches.importing.text import TextImporter
from fiches.models import Establishment, FichePage
from fiches.serialization import fiche_to_data

HERE = Path(__file__).resolve().parent
SEED = HERE / "fixtures" / "sas_mily.txt"
EXPECTED = HERE / "expected" / "sas_mily_import.json"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def without_position(data: dict) -> dict:
    data = json.loads(json.dumps(data))
    for name in ("latitude", "longitude"):
        data["lead_structure"].pop(name, None)
    return data


def counts():
    return (
        Page.objects.count(), FichePage.objects.count(), Establishment.objects.count(), Revision.objects.count()
    )


def markdown_to_docx(text: str, *, bold_headings: bool = False) -> bytes:
    """A Word document with the same headings: « Heading N » styles (or bold paragraphs), lists, line breaks."""
    from docx import Document

    document = Document()
    paragraph_lines: list[str] = []

    def flush():
        if not paragraph_lines:
            return
        if all(re.match(r"^[-•▪]\s", line) for line in paragraph_lines):
            for line in paragraph_lines:
                document.add_paragraph(line[2:].strip(), style="List Bullet")
        else:
            paragraph = document.add_paragraph()
            for i, line in enumerate(paragraph_lines):
                run = paragraph.add_run(line)
                if i < len(paragraph_lines) - 1:
                    run.add_break()
        paragraph_lines.clear()

    for raw in text.splitlines():
        line = raw.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        bold = re.match(r"^(▪\s*)?\*\*(.+)\*\*$", line)
        if heading:
            flush()
            if bold_headings and len(heading.group(1)) > 2:
                document.add_paragraph().add_run(heading.group(2)).bold = True
            else:
                document.add_heading(heading.group(2), len(heading.group(1)))
        elif bold:
            flush()
            paragraph = document.add_paragraph()
            if bold.group(1):
                paragraph.add_run(bold.group(1))
            paragraph.add_run(bold.group(2)).bold = True
        elif line:
            paragraph_lines.append(line)
        else:
            flush()
    flush()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- parsing ------------------------------------------------------------------


def test_seed_000_parses_into_the_expected_structure():
    result = TextImporter().parse("sas_mily.txt", SEED.read_bytes())
    assert result.not_understood == []
    assert without_position(result.data) == expected()
    assert result.data["lead_structure"]["latitude"] == pytest.approx(44.20, abs=0.05)
    assert result.data["lead_structure"]["longitude"] == pytest.approx(0.62, abs=0.05)


def test_expected_structure_has_what_seed_000_says():
    data = expected()
    assert len(data["objectives"]) == 8
    assert [w["name"] for w in data["workshops"]][:2] == ["Soutien math", "Soutien français"]
    sizes = {w["name"]: (w["group_size_min"], w["group_size_max"]) for w in data["workshops"]}
    assert len(sizes) == 8 and sizes["CPS"] == (8, 9) and set(sizes.values()) == {(4, 5), (8, 9)}
    assert len(data["steps"]) == 8 and all(step["actors"] for step in data["steps"])
    assert data["steps"][0]["actors"] == ["GPDS", "PP", "CPE", "RDS"]
    assert {i["category"] for i in data["indicators"]} == {
        "3 Questionnaires de satisfaction élaborés", "Compétences psycho sociales", "Scolarité", "Communauté éducative",
    }
    assert data["lead_structure"]["academie"] == "bordeaux" and data["lead_structure"]["commune_insee"] == "47001"


def test_docx_with_heading_styles_parses_like_the_text():
    content = markdown_to_docx(seed_text())
    assert DocxImporter().accepts("sas_mily.docx", content)
    result = DocxImporter().parse("sas_mily.docx", content)
    assert result.not_understood == []
    assert without_position(result.data) == expected()


def test_docx_with_bold_headings_fills_the_fiche_sections():
    fiche_part = seed_text().split("# SAS MILY")[0]
    result = DocxImporter().parse("fiche.docx", markdown_to_docx(fiche_part, bold_headings=True))
    data, wanted = result.data, expected()
    assert result.not_understood == []
    fields = ("title", "objectives", "workshops", "means", "effects", "indicators", "internal_roles", "communication")
    for name in fields:
        assert data[name] == wanted[name], name


@pytest.mark.parametrize(
    "written, key",
    [
        ("### Intitulé de l'action", "title"),
        ("INTITULE DE L'ACTION :", "title"),
        ("#### • Objectifs :", "objectives"),
        ("➤ Contenu / programme", "programme"),
        ("▪ **Indicateurs de réussite :**", "indicators"),
        ("Analyse des premiers effets (attendus et inattendus)", "effects"),
        ("- Personnes/Organismes associés, externes à l'établissement :", "external_partners"),
    ],
)
def test_usual_headings_are_matched_whatever_the_accents_case_punctuation_and_bullets(written, key):
    assert match_heading(written) == key


def test_a_plain_line_is_a_heading_only_when_it_is_exactly_a_usual_heading():
    assert match_heading("Public concerné :", exact=True) == "public"
    assert match_heading("Public : élèves du lycée professionnel", exact=True) is None


@pytest.mark.parametrize(
    "written, dates",
    [
        ("DU 27 NOVEMBRE AU 22 DÉCEMBRE 2023", ("2023-11-27", "2023-12-22")),
        ("du 1er décembre 2023 au 15 janv. 2024", ("2023-12-01", "2024-01-15")),
        ("du 15 au 19 janvier 2024", ("2024-01-15", "2024-01-19")),
        ("du 27 novembre au 22 décembre", None),
        ("du 30 février au 2 mars 2024", None),
    ],
)
def test_written_date_ranges(written, dates):
    parsed = parse_range(written)
    assert (tuple(day.isoformat() for day in parsed) if parsed else None) == dates


# --- importing into drafts -----------------------------------------------------


def assert_provided_equal(wanted, actual, path="$"):
    if isinstance(wanted, dict):
        for key, value in wanted.items():
            assert key in actual, f"{path}.{key} absent"
            assert_provided_equal(value, actual[key], f"{path}.{key}")
    elif isinstance(wanted, list):
        assert len(actual) == len(wanted), f"{path}: {actual!r}"
        for i, (w, a) in enumerate(zip(wanted, actual)):
            assert_provided_equal(w, a, f"{path}[{i}]")
    else:
        assert actual == wanted, f"{path}: {actual!r} != {wanted!r}"


@pytest.mark.django_db
def test_seed_000_imports_into_a_draft_with_every_section_in_its_field():
    before = counts()
    page = import_document("sas_mily.txt", SEED.read_bytes())
    assert counts()[1] == before[1] + 1
    page = FichePage.objects.get(pk=page.pk)
    assert not page.live and page.status == "draft"
    assert page.academie.code == "bordeaux"
    assert page.lead_structure.name == "LP Antoine LOMET – Micro lycée"
    assert page.lead_structure.commune_insee == "47001" and page.lead_structure.academie.code == "bordeaux"
    assert page.school_year_codes == ["2023-2024"]
    assert [block.value["name"] for block in page.steps][:2] == ["ORIENTATION DES ELEVES", "ANALYSE DU BESOIN"]
    assert_provided_equal(expected(), fiche_to_data(page.get_latest_revision_as_object()))


@pytest.mark.django_db
def test_docx_imports_to_the_same_fiche():
    page = import_document("sas_mily.docx", markdown_to_docx(seed_text()))
    assert_provided_equal(expected(), fiche_to_data(FichePage.objects.get(pk=page.pk)))


@pytest.mark.django_db
def test_reimport_reuses_the_lead_structure():
    first = import_document("sas_mily.txt", SEED.read_bytes())
    establishments = Establishment.objects.count()
    second = import_document("sas_mily.txt", SEED.read_bytes())
    assert Establishment.objects.count() == establishments
    assert second.lead_structure_id == first.lead_structure_id and second.slug != first.slug


def _seed_without(section_heading: str) -> bytes:
    """The seed with one « ### … » section (heading and body) removed."""
    text = seed_text()
    pattern = rf"### {re.escape(section_heading)}\n.*?(?=\n###? )"
    return re.sub(pattern, "", text, count=1, flags=re.S).encode()


def _docx_of_something_else() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


MALFORMED = [
    ("binaire.txt", bytes(range(256)) * 8, "aucun des formats"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "aucun des formats"),
    ("fiche.docx", _docx_of_something_else(), "pas un document Word"),
    ("fiche.docx", b"ceci n'est pas un zip", "pas un document Word"),
    ("archive.zip", _docx_of_something_else(), "aucun des formats"),
    ("vide.txt", b"", "est vide"),
    ("blancs.md", b"  \n\n \n", "est vide"),
    ("courses.txt", "Liste de courses\n\n- pain\n- lait\n".encode(), "aucune des rubriques habituelles"),
    ("sans-titre.md", _seed_without("Intitulé de l'action"), "Intitulé de l'action"),
    ("sans-lieu.md", _seed_without("Lieu"), "structure porteuse"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, content, message", MALFORMED, ids=[f"{m[0]}-{m[2][:12]}" for m in MALFORMED])
def test_malformed_documents_are_refused_in_french_and_create_nothing(name, content, message):
    before = counts()
    with pytest.raises(FicheImportError) as caught:
        import_document(name, content)
    assert message in str(caught.value)
    assert counts() == before


@pytest.mark.django_db
def test_what_was_not_understood_is_quoted():
    with pytest.raises(FicheImportError) as caught:
        import_document("courses.txt", "Liste de courses\n\n- pain\n- lait\n".encode())
    assert caught.value.not_understood == ["« Liste de courses »", "« - pain »", "« - lait »"]


@pytest.mark.django_db
def test_unknown_commune_asks_for_the_academie_then_imports_with_it():
    text = seed_text().replace("AGEN- Lot et Garonne", "Atlantis-sur-Mer")
    before = counts()
    with pytest.raises(FicheImportError, match="--academie"):
        import_document("fiche.md", text.encode())
    assert counts() == before
    page = import_document("fiche.md", text.encode(), academie="toulouse")
    assert page.academie.code == "toulouse" and page.lead_structure.academie.code == "toulouse"


@pytest.mark.django_db
def test_an_error_while_applying_leaves_nothing_partial():
    before = counts()
    with pytest.raises(FicheImportError, match="atlantide"):
        import_document("sas_mily.txt", SEED.read_bytes(), academie="atlantide")
    assert counts() == before


# --- admin upload and management command -----------------------------------------


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse-de-test")


@pytest.mark.django_db
def test_admin_menu_offers_the_import(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Importer une fiche" in html and reverse("fiches_import") in html


@pytest.mark.django_db
def test_admin_upload_creates_a_draft_and_opens_its_editor(client, superuser):
    client.force_login(superuser)
    assert "Document de la fiche" in client.get(reverse("fiches_import")).content.decode()
    with SEED.open("rb") as document:
        response = client.post(reverse("fiches_import"), {"document": document})
    page = FichePage.objects.get(title="MICRO LYCEE – SAS Mily – Persévérance scolaire")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.owner == superuser
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_admin_upload_of_a_foreign_document_shows_why_and_creates_nothing(client, superuser):
    client.force_login(superuser)
    before = counts()
    upload = io.BytesIO("Liste de courses\n\n- pain\n".encode())
    upload.name = "courses.txt"
    response = client.post(reverse("fiches_import"), {"document": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ne ressemble pas à une fiche action" in html and "Liste de courses" in html
    assert counts() == before


@pytest.mark.django_db
def test_anonymous_and_users_without_rights_cannot_import(client, django_user_model):
    assert client.get(reverse("fiches_import")).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("lecteur", password="motdepasse-de-test"))
    assert client.get(reverse("fiches_import")).status_code in (302, 403)


@pytest.mark.django_db
def test_an_editor_imports_for_their_own_structure_only(client):
    from portal.accounts.models import Membership
    from tests import factories

    lomet = factories.establishment("LP Antoine LOMET – Micro lycée", "bordeaux", commune="Agen")
    other = factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    outsider = factories.user("redac.monnet", role=Membership.Role.EDITOR, establishment=other)
    before = counts()
    with pytest.raises(FicheImportError, match="n.est aucune de vos structures"):
        import_document("sas_mily.txt", SEED.read_bytes(), user=outsider)
    assert counts() == before

    client.force_login(factories.user("redac.lomet", role=Membership.Role.EDITOR, establishment=lomet))
    with SEED.open("rb") as document:
        response = client.post(reverse("fiches_import"), {"document": document})
    page = FichePage.objects.get(lead_structure=lomet)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.mark.django_db
def test_import_fiche_command(tmp_path, superuser):
    out = io.StringIO()
    call_command("import_fiche", str(SEED), "--user", "admin", stdout=out)
    page = FichePage.objects.get(title="MICRO LYCEE – SAS Mily – Persévérance scolaire")
    assert f"id {page.pk}" in out.getvalue() and page.owner == superuser and not page.live


@pytest.mark.django_db
def test_import_fiche_command_reports_failures(tmp_path):
    junk = tmp_path / "vide.txt"
    junk.write_bytes(b"")
    before = counts()
    with pytest.raises(CommandError, match="rien n'a été créé"):
        call_command("import_fiche", str(junk))
    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_fiche", str(tmp_path / "absent.txt"))
    assert counts() == before

"""Control characters (« \\x01 »…« \\x1f », DEL, U+FFFF; « \\x0b » is the manual line break Word pastes) in what
people type or import: a single-line field refuses them with a French sentence, a text loses them, and a fiche
stored with them before (by an import, by code) still exports, in every format, and imports again.

Every form took them and stored them; the XML-based exports (the synthesis in Word and as a spreadsheet) then
answered 500 for whoever downloaded them. The rules are :mod:`fiches.control_characters`.
"""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django import forms
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm

from fiches.control_characters import ControlCharactersGuard, reject_control_characters, without_control_characters
from fiches.models import FichePage, PerseveranceWeek, SchoolYear
from fiches.models.semaine import PerseveranceWeekAction, PerseveranceWeekExample
from fiches.serialization import apply_fiche_data, fiche_to_data
from plugins.builtin.sas.models import Workshop
from portal.networks.models import Event
from portal.synthesis.models import Synthesis
from tests import factories
from tests.fuzz.test_admin import fiche_post, latest_title, signed_in, world  # noqa: F401 - fixture
from tests.networks.conftest import event_form, ripps  # noqa: F401 - fixture
from tests.portal.test_french_labels import project_form_classes
from tests.sas.conftest import campaign, establishment, login, team  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

#: Every character the rules take out, one per kind: C0 controls, Word's breaks, DEL, a non-character.
CONTROLS = "\x01\x08\x0b\x0c\x0e\x1f\x7f\uffff"
REFUSED = "caractère invisible"


def test_the_rules():
    assert without_control_characters("Réunion\x0bd'échange\x01\x7f\uffff, salle B") == "Réunion\nd'échange, salle B"
    assert without_control_characters("Tab\tLF\nCR\r") == "Tab\tLF\nCR\r"
    assert without_control_characters("Réunion\x0bd'échange\x01", single_line=True) == "Réunion d'échange"
    assert without_control_characters(f"Tutorat{CONTROLS} entre pairs\n", single_line=True) == "Tutorat entre pairs "
    for character in CONTROLS:
        with pytest.raises(forms.ValidationError) as refused:
            reject_control_characters(f"Tutorat{character} entre pairs")
        assert refused.value.messages == [
            f"Ce texte contient un caractère invisible (U+{ord(character):04X}) après « Tutorat », qu'aucun document "
            "exporté ne peut contenir : effacez-le, ou retapez le texte à cet endroit."]
    with pytest.raises(forms.ValidationError, match="au début du texte"):
        reject_control_characters("\x02Tutorat")
    reject_control_characters("Tutorat\tentre pairs — « 2 MRC »")


# --- Every form the project shows has the rules ------------------------------------------------------------

def _shown_forms():
    """The project's forms but a base only shared by others (a mixin such as portal.create_once's): those are
    checked through the forms they make."""
    project = project_form_classes()
    return [cls for cls in project if not any(other is not cls and issubclass(other, cls) for other in project)]


def test_every_form_of_the_project_refuses_or_cleans_control_characters():
    """A project form has :class:`ControlCharactersGuard`; a form Wagtail builds for a page or a snippet (a
    WagtailAdminModelForm) gets the rules from its fields (fiches.control_characters.register_admin_form_fields)."""
    found = _shown_forms()
    assert len(found) > 25
    unguarded = sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in found
                       if not issubclass(cls, (ControlCharactersGuard, WagtailAdminModelForm)))
    assert not unguarded, "Forms without ControlCharactersGuard:\n" + "\n".join(unguarded)


# --- Through the real forms: a sentence for a title, a cleaned text for a body -------------------------------

def test_the_fiche_editor_refuses_a_title_and_cleans_the_texts(world):  # noqa: F811
    client = signed_in(world["editor"])
    draft = world["draft"]
    url = f"/admin/pages/{draft.pk}/edit/"
    for character in CONTROLS:
        response = client.post(url, fiche_post(client, draft, title=f"SAS{character} Mily 2"))
        assert response.status_code == 200, repr(character)
        assert f"{REFUSED} (U+{ord(character):04X}) après « SAS »" in response.content.decode()
        assert latest_title(draft) == "SAS Mily"
    data = fiche_post(client, draft, title="SAS Mily 2", summary="Raccrocher\x0bles élèves\x01.",
                      **{"objectives-0-value": "Remobiliser\x1f les élèves"})
    response = client.post(url, data)
    assert response.status_code == 302
    saved = FichePage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert saved.title == "SAS Mily 2" and saved.summary == "Raccrocher\nles élèves."
    assert [block.value for block in saved.objectives] == ["Remobiliser les élèves"]


def test_a_snippet_refuses_a_name(world):  # noqa: F811
    lomet = world["lomet"]
    from tests.fuzz.test_admin import establishment_post

    response = signed_in(world["moderator"]).post(f"/admin/snippets/fiches/establishment/edit/{lomet.pk}/",
                                                  establishment_post(lomet, name="LP Antoine\x01 Lomet"))
    assert response.status_code == 200 and f"{REFUSED} (U+0001) après « LP Antoine »" in response.content.decode()
    lomet.refresh_from_db()
    assert lomet.name == "LP Antoine Lomet"


@pytest.fixture
def semaine():
    year = SchoolYear.objects.get_or_create(code="2030-2031")[0]
    week = PerseveranceWeek.objects.create(academie=factories.academie("creteil"), school_year=year,
                                           end_date=dt.date.today() + dt.timedelta(days=30))
    lycee = factories.establishment("Lycée Flora Tristan", "creteil", commune="Noisy-le-Grand")
    editor = factories.user("redacteur.tristan", role="editor", establishment=lycee)
    return {"week": week, "lycee": lycee, "editor": editor}


def test_the_semaine_declaration_refuses_a_title_and_cleans_the_texts(semaine):
    client = signed_in(semaine["editor"])
    data = {"week": semaine["week"].pk, "establishment": semaine["lycee"].pk, "title": "Élèves\x01 tuteurs",
            "public": "Élèves de lycée\x0bprofessionnel", "objectives": "Changer\x1f la relation",
            "description": "Une journée\x0c de cours.", "action_date": "2031-03-12", "create_draft_fiche": "on"}
    response = client.post("/admin/semaine/declarer/", data)
    assert response.status_code == 200 and f"{REFUSED} (U+0001) après « Élèves »" in response.content.decode()
    assert not PerseveranceWeekAction.objects.exists() and not FichePage.objects.filter(title__contains="tuteurs")
    response = client.post("/admin/semaine/declarer/", {**data, "title": "Élèves tuteurs"})
    assert response.status_code == 302
    action = PerseveranceWeekAction.objects.get()
    assert (action.public, action.objectives, action.description) == (
        "Élèves de lycée\nprofessionnel", "Changer la relation", "Une journée\n de cours.")
    response = client.post(f"/admin/semaine/{action.pk}/bilan/", {"participants": "48",
                                                                  "success_factors": "Anticipation\x01"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.success_factors == "Anticipation"


def test_a_sas_workshop_refuses_a_name(client, campaign, team):  # noqa: F811
    coordination = login(client, team["coordination"])
    data = {"name": "CPS\x0b émotions", "discipline": "Compétences psychosociales", "group_size_min": 8,
            "group_size_max": 9}
    response = coordination.post(reverse("sas:workshop_create", args=[campaign.pk]), data)
    assert response.status_code == 200 and f"{REFUSED} (U+000B) après « CPS »" in response.content.decode()
    assert not Workshop.objects.filter(campaign=campaign).exists()


def test_a_network_event_refuses_a_title_and_cleans_its_description(ripps, client):  # noqa: F811
    client.force_login(ripps.coordinator)
    url = f"/reseaux/{ripps.slug}/evenements/nouveau/"
    response = client.post(url, event_form(title="Réunion\x01 d'échange"))
    assert response.status_code == 400 and f"{REFUSED} (U+0001) après « Réunion »" in response.content.decode()
    assert not Event.objects.filter(network=ripps).exists()
    response = client.post(url, event_form(description="Ordre du jour\x0bpartage\x1f des pratiques"))
    assert response.status_code == 302
    assert Event.objects.get(network=ripps).description == "Ordre du jour\npartage des pratiques"


# --- What is already stored still exports, and imports again -----------------------------------------------

@pytest.fixture
def stored():
    """A fiche and a Semaine written with control characters, as an import or a form did before the rules."""
    lead = factories.establishment("Lycée\x02 Jean Monnet", "bordeaux", commune="Libourne\x0b", kind="lycee")
    fiche = factories.fiche(f"Tutorat{CONTROLS} entre pairs", lead, summary="Des élèves\x0b tuteurs\x01.",
                            location_text="Salle\x03 B", school_year="2031-2032")
    year = SchoolYear.objects.get(code="2031-2032")
    week = PerseveranceWeek.objects.create(academie=factories.academie("bordeaux"), school_year=year,
                                           period_raw="du 1\x01 au\x0b 5 mars", theme="Raccrocher\x0b",
                                           commentary="Un bilan\x0bsur deux lignes\x1f.", partners="CIO\x7f")
    PerseveranceWeekExample.objects.create(week=week, fiche=fiche, award="Prix\x01 du jury")
    Synthesis.objects.create(school_year=year, title="La synthèse\x0b 2031-2032", introduction="Un an\x0bplus tard.")
    return fiche


def test_a_stored_fiche_exports_in_every_format(client, stored):
    from pypdf import PdfReader

    pdf = client.get(reverse("fiches:pdf", args=[stored.pk]))
    assert pdf.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Tutorat" in text and "\x01" not in text
    assert client.get(reverse("fiches:json", args=[stored.pk])).status_code == 200
    assert client.get(reverse("fiches:csv")).status_code == 200


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf", "csv"])
def test_a_synthesis_showing_stored_control_characters_exports(client, stored, fmt):
    response = client.get(f"/synthese/2031-2032/synthese.{fmt}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if fmt == "docx":
        from docx import Document

        paragraphs = Document(io.BytesIO(body)).paragraphs
        texts = [p.text for p in paragraphs]
        # Titles, names and places stay on one line; a commentary keeps Word's line break.
        assert any(text.startswith("Tutorat entre pairs — Lycée Jean Monnet, Libourne (Prix du jury)") for text in texts)
        assert any(text.endswith("Thème : Raccrocher") for text in texts)
        assert "La synthèse 2031-2032" in texts and "Un bilan\nsur deux lignes." in texts
        assert not [p.text for p in paragraphs if "\n" in p.text and p.style.name.startswith(("Heading", "Title"))]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        values = {cell.value for row in load_workbook(io.BytesIO(body)).active.iter_rows() for cell in row}
        assert "du 1 au 5 mars" in values
    if fmt == "csv":
        assert "du 1 au 5 mars" in body.decode("utf-8")


def test_a_stored_fiche_imports_again_without_them(client, stored):
    document = json.loads(client.get(reverse("fiches:json", args=[stored.pk])).content)
    document["title"] += " (copie)"
    copy = apply_fiche_data(document, publish=True)
    assert copy.title == "Tutorat entre pairs (copie)" and copy.summary == "Des élèves\n tuteurs."
    assert copy.lead_structure.name == "Lycée Jean Monnet"
    assert fiche_to_data(copy)["location_text"] == "Salle B"


# --- The fiche import ---------------------------------------------------------------------------------------

FICHE_TEXT = ("# Intitulé de l'action\nTutorat entre pairs\n\n# Lieu\nEtablissement : Lycée Jean Monnet\x0b"
              "Libourne\n\n# Descriptif\nDes élèves\x0btuteurs.\n")


def test_the_fiche_import_takes_words_line_break_and_refuses_other_controls(world):  # noqa: F811
    client = signed_in(world["superuser"])
    upload = io.BytesIO(FICHE_TEXT.encode("utf-8"))
    upload.name = "fiche.txt"
    response = client.post("/admin/fiches/importer/", {"document": upload, "academie": "bordeaux"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = FichePage.objects.get(title="Tutorat entre pairs", live=False)
    assert "\x0b" not in json.dumps(fiche_to_data(page.get_latest_revision_as_object()))
    upload = io.BytesIO(FICHE_TEXT.replace("\x0b", "\x01").encode("utf-8"))
    upload.name = "fiche.txt"
    response = client.post("/admin/fiches/importer/", {"document": upload, "academie": "bordeaux"})
    assert response.status_code == 200
    assert "n&#x27;est dans aucun des formats importables" in response.content.decode()

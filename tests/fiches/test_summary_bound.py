"""A fiche's summary is two or three sentences: every path that writes one (the editor, a fiche document, an
imported file, a Semaine declaration creating a draft) refuses one over 1,000 characters in French and keeps
what was typed; before, a pasted page of any length was stored and shown on the fiche, in lists and in feeds."""
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from fiches.importing.base import FicheImportError
from fiches.importing.service import parse_document
from fiches.models import AcademiePage, FichePage, PerseveranceWeek, SchoolYear
from fiches.models.pages import SUMMARY_MAX_LENGTH
from fiches.models.semaine import PerseveranceWeekAction
from fiches.serialization import load_schema, validate_fiche_data
from portal.accounts.models import Membership
from tests import factories
from tests.fiches.test_serialization import minimal

pytestmark = pytest.mark.django_db

LONG_SUMMARY = ("Des élèves de seconde professionnelle repérés en octobre suivent huit semaines de remobilisation. " * 11
                ).strip()  # 1,077 characters
SEED = Path(__file__).parent / "fixtures" / "sas_mily.txt"


def test_the_bound_is_the_same_in_the_model_and_the_document_schema():
    assert len(LONG_SUMMARY) > SUMMARY_MAX_LENGTH == 1000
    assert load_schema()["properties"]["summary"]["maxLength"] == SUMMARY_MAX_LENGTH


def test_the_fiche_editor_refuses_a_long_summary_in_french():
    """The editor's field says the bound (its textarea's maxlength) and refuses a longer text in French; the form
    then comes back with what was typed, as any refused field of the page editor."""
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen")
    editor = factories.user("redac.lomet", role=Membership.Role.EDITOR, establishment=lomet)
    form_class = FichePage.get_edit_handler().get_form_class()
    form = form_class(instance=FichePage(), for_user=editor, parent_page=AcademiePage.objects.get(academie__code="bordeaux"))
    field = form.fields["summary"]
    assert field.widget.attrs["maxlength"] == "1000"
    with pytest.raises(ValidationError) as refused:
        field.clean(LONG_SUMMARY)
    assert refused.value.messages == ["Assurez-vous que cette valeur comporte au plus 1000 caractères (actuellement 1077)."]
    assert field.clean(LONG_SUMMARY[:1000]) == LONG_SUMMARY[:1000]


def test_a_fiche_document_with_a_long_summary_is_refused_in_french():
    assert validate_fiche_data(minimal(summary=LONG_SUMMARY)) == ["$.summary : au plus 1000 caractères (1077 reçus)"]


def test_an_imported_file_with_a_long_resume_is_refused_before_anything_is_written():
    text = SEED.read_text(encoding="utf-8").replace("### Lieu", f"### Résumé\n\n{LONG_SUMMARY}\n\n### Lieu", 1)
    with pytest.raises(FicheImportError) as refused:
        parse_document("fiche.md", text.encode())
    assert refused.value.messages == [
        "La rubrique « Résumé » compte 1\u202f077 caractères ; un résumé dit l'essentiel en 1\u202f000 caractères "
        "au plus. Raccourcissez-la dans le document."]


def test_a_declaration_creating_a_draft_fiche_bounds_the_objectives_that_become_its_summary():
    """The declared action's objectives become the draft fiche's summary: over the bound, the declaration came
    back as a 500 (the document was refused after the action was saved); it now says why and keeps the form."""
    year = SchoolYear.objects.get_or_create(code="2030-2031")[0]
    week = PerseveranceWeek.objects.create(academie=factories.academie("creteil"), school_year=year)
    lycee = factories.establishment("Lycée Flora Tristan", "creteil", commune="Noisy-le-Grand")
    client = Client()
    client.force_login(factories.user("redacteur.tristan", role="editor", establishment=lycee))
    data = {"week": week.pk, "establishment": lycee.pk, "title": "Les élèves tuteurs de leurs professeurs",
            "objectives": LONG_SUMMARY, "action_date": "2031-03-12", "create_draft_fiche": "on"}
    response = client.post("/admin/semaine/declarer/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "résumé de la fiche brouillon, qui tient en 1000 caractères au plus (actuellement 1077)" in page
    assert LONG_SUMMARY.replace("'", "&#x27;") in page
    assert not PerseveranceWeekAction.objects.exists() and not FichePage.objects.filter(live=False).exists()

    assert client.post("/admin/semaine/declarer/", {**data, "create_draft_fiche": ""}).status_code == 302
    assert PerseveranceWeekAction.objects.get().objectives == LONG_SUMMARY

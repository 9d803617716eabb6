"""The import recognises the school: structure names compared without case, accents, punctuation or an
added suffix, by UAI when given; otherwise the editor is told what was read and which structures are
theirs (issue 12, point 4)."""
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse

from fiches.importing.base import FicheImportError
from fiches.importing.service import import_document
from fiches.importing.structures import match_structure
from fiches.models import Establishment, FichePage
from portal.accounts.models import Membership
from tests import factories

SEED_000 = (Path(__file__).resolve().parent / "fixtures" / "sas_mily.txt").read_bytes()


def _structure(name, uai=None):
    return SimpleNamespace(name=name, uai=uai)


@pytest.mark.parametrize("written", [
    "LP Antoine LOMET – Micro lycée", "lp antoine lomet", "L.P. Antoine-Lomet", "LP ANTOINE LOMET - micro-lycée",
])
def test_names_match_whatever_the_case_accents_punctuation_and_suffix(written):
    lomet = _structure("LP Antoine Lomet")
    assert match_structure({"name": written.replace("L.P.", "LP")}, [_structure("Lycée Jean Monnet"), lomet]) is lomet


def test_accents_do_not_matter_and_the_most_specific_name_wins():
    plain, annex = _structure("Lycée Lomet"), _structure("Lycée Lomet annexe")
    assert match_structure({"name": "LYCEE LOMET ANNEXE"}, [plain, annex]) is annex
    assert match_structure({"name": "Lycée Lométrie"}, [plain, annex]) is None


def test_a_uai_decides_alone():
    lomet, other = _structure("LP Antoine Lomet", "0470018L"), _structure("LP Antoine Lomet", "0470099Z")
    assert match_structure({"name": "LP Antoine Lomet", "uai": "0470099z"}, [lomet, other]) is other
    assert match_structure({"name": "LP Antoine Lomet", "uai": "0330001A"}, [lomet, other]) is None


@pytest.fixture
def lomet_editor(db):
    lomet = factories.establishment("LP Antoine Lomet", "bordeaux", commune="Agen", departement="47")
    return lomet, factories.user("redac.lomet", role=Membership.Role.EDITOR, establishment=lomet)


def test_seed_000_imported_by_the_lomet_editor_is_their_draft_with_summary_and_levels(lomet_editor):
    lomet, editor = lomet_editor
    structures = Establishment.objects.count()
    page = FichePage.objects.get(pk=import_document("sas_mily.txt", SEED_000, user=editor).pk)
    assert page.lead_structure == lomet and Establishment.objects.count() == structures
    assert page.summary.startswith("Programme de soutien organisé sur les 4 semaines")
    assert "lycee-professionnel" in page.levels.values_list("slug", flat=True)
    assert page.permissions_for_user(editor).can_edit()


@pytest.mark.django_db
def test_an_editor_of_another_school_is_told_what_was_read_and_their_structures():
    monnet = factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    editor = factories.user("redac.monnet", role=Membership.Role.EDITOR, establishment=monnet)
    fiches = FichePage.objects.count()
    with pytest.raises(FicheImportError) as refused:
        import_document("sas_mily.txt", SEED_000, user=editor)
    message = " ".join(refused.value.messages)
    assert "« LP Antoine LOMET – Micro lycée »" in message and "Lycée Jean Monnet (Libourne)" in message
    assert FichePage.objects.count() == fiches and not Establishment.objects.filter(name__icontains="lomet").exists()
    page = import_document("sas_mily.txt", SEED_000, user=editor, structure=monnet)
    assert page.lead_structure == monnet


def test_the_import_form_offers_the_editors_structures(lomet_editor, client):
    lomet, editor = lomet_editor
    factories.establishment("Lycée Jean Monnet", "bordeaux", commune="Libourne")
    client.force_login(editor)
    form = client.get(reverse("fiches_import")).context["form"]
    assert list(form.fields["structure"].queryset) == [lomet]

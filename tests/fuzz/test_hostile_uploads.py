"""Files an attacker (or a wrong click) uploads to the SAS import screen or the fiche import that no sweep of
tests/fuzz sends: each gets a French sentence on the page, never a 500, and nothing is written."""
import html

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plugins.builtin.sas.models import ClassSlot, Student
from tests.sas.conftest import campaign, establishment, login, team  # noqa: F401

pytestmark = pytest.mark.django_db

SIECLE_ROOT = b"<BEE_ELEVES><DONNEES><ELEVES/></DONNEES></BEE_ELEVES>"


@pytest.mark.parametrize("encoding", ["inconnu", "utf-7", "utf-32", "rot13", "base64", "idna", "punycode"])
def test_an_xml_export_declaring_an_encoding_python_cannot_read_is_refused_in_french(client, campaign, team,  # noqa: F811
                                                                                     encoding):
    """The XML declaration names the encoding expat decodes with: an unknown name, a multi-byte one or a codec that
    is no text encoding raised LookupError or ValueError from the parser (500)."""
    login(client, team["coordination"])
    data = f"<?xml version='1.0' encoding='{encoding}'?>".encode() + SIECLE_ROOT
    for kind in ("students", "timetable"):
        upload = SimpleUploadedFile("ElevesSansAdresses.xml", data, content_type="text/xml")
        response = client.post(reverse("sas:imports", args=[campaign.pk]), {"kind": kind, "file": upload})
        assert response.status_code == 200
        assert "encodage que déclare le fichier XML est inconnu" in response.content.decode()
        assert response.context["confirm"] is None
    assert not Student.objects.exists() and not ClassSlot.objects.exists()


#: Lines of the seed fiche whose value is stored in a field of 255 characters, and the rubric each is under.
LONG_LINES = {
    "Prévention du décrochage scolaire et persévérance.": "$.theme_text",  # « Thématique »
    "Dont la part Fille/garçon (si vous disposez de l'information) : une majorité de filles": "$.girls_boys_share",
    "- Ville et Département : AGEN- Lot et Garonne": "$.location_text",  # « Lieu »
}


@pytest.mark.parametrize("line", sorted(LONG_LINES))
@pytest.mark.parametrize("extension", ["md", "docx"])
def test_a_fiche_document_with_an_overlong_one_line_field_is_refused_in_french(client, line, extension):
    """A « Thématique », a girls/boys share or a « Lieu » of 300 characters passed the fiche schema and broke the
    insert of the draft (a value too long for the column: 500); now the schema bounds them as the columns do."""
    from fiches.models import FichePage
    from tests.fiches.test_importers import markdown_to_docx, seed_text

    text = seed_text()
    assert line in text
    text = text.replace(line, line + " " + "très long " * 30, 1)
    content = text.encode() if extension == "md" else markdown_to_docx(text)
    client.force_login(get_user_model().objects.create_superuser("racine", "racine@example.org", "x"))
    before = FichePage.objects.count()
    upload = SimpleUploadedFile(f"fiche.{extension}", content)
    response = client.post(reverse("fiches_import"), {"document": upload, "academie": "bordeaux"})
    assert response.status_code == 200
    assert f"{LONG_LINES[line]} : au plus 255 caractères" in html.unescape(response.content.decode())
    assert FichePage.objects.count() == before

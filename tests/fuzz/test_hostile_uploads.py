"""Files an attacker (or a wrong click) uploads to the SAS import screen that no sweep of tests/fuzz sends: each
gets a French sentence on the page, never a 500, and nothing is written."""
import pytest
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

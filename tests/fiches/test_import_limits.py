"""Hostile fiche documents are refused within seconds, in French, creating nothing.

The files are built on the fly, shaped like the ones that held a worker for minutes before the
import had bounds: a small DOCX holding millions of paragraphs, one paragraph of 150 MB, a
malformed or DTD-carrying document.xml, a 9 MB text file. Each goes through the admin upload
and the ``import_fiche`` command, as a user would send it.
"""
import html
import io
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from fiches.importing import limits
from fiches.importing.base import FicheImportError
from fiches.importing.service import import_document

from .test_importers import SEED, counts, markdown_to_docx, seed_text

FEW_SECONDS = 5.0
BODY_START = b"<w:body>"


def docx_with_body(write_body) -> bytes:
    """The seed as a real Word document, its body replaced by what ``write_body(stream)`` writes
    (streamed, so that a 150 MB part never sits in memory at once)."""
    template = zipfile.ZipFile(io.BytesIO(markdown_to_docx(seed_text())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in template.infolist():
            data = template.read(member.filename)
            if member.filename != "word/document.xml":
                archive.writestr(member.filename, data)
                continue
            head, _, rest = data.partition(BODY_START)
            with archive.open("word/document.xml", "w", force_zip64=True) as stream:
                stream.write(head + BODY_START + rest.partition(b"</w:body>")[0])
                write_body(stream)
                stream.write(b"</w:body></w:document>")
    return out.getvalue()


def millions_of_paragraphs(stream):
    for _ in range(45):
        stream.write(b"<w:p/>" * 100_000)


def one_huge_paragraph(stream):
    stream.write(b"<w:p><w:r><w:t>")
    for _ in range(150):
        stream.write(b"a" * 1024 * 1024)
    stream.write(b"</w:t></w:r></w:p>")


def unclosed_run(stream):
    stream.write(b"<w:p><w:r><w:t>pas ferme</w:p>")


def with_dtd() -> bytes:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    template = zipfile.ZipFile(io.BytesIO(markdown_to_docx(seed_text())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in template.infolist():
            data = laughs if member.filename == "word/document.xml" else template.read(member.filename)
            archive.writestr(member.filename, data)
    return out.getvalue()


def many_members() -> bytes:
    template = zipfile.ZipFile(io.BytesIO(markdown_to_docx(seed_text())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member in template.infolist():
            archive.writestr(member.filename, template.read(member.filename))
        for number in range(limits.MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"word/media/image{number}.png", b"")
    return out.getvalue()


def nine_megabytes_of_text() -> bytes:
    return (seed_text() + "Une ligne de plus dans le descriptif de l'action.\n" * 180_000).encode()


HOSTILE = {
    "millions-of-paragraphs.docx": (lambda: docx_with_body(millions_of_paragraphs), "compressé plus de 100 fois"),
    "huge-paragraph.docx": (lambda: docx_with_body(one_huge_paragraph), "Mo une fois décompressé"),
    "malformed.docx": (lambda: docx_with_body(unclosed_run), "est mal formé"),
    "dtd.docx": (with_dtd, "déclare une DTD"),
    "many-members.docx": (many_members, "éléments dans l'archive"),
    "nine-megabytes.txt": (nine_megabytes_of_text, "caractères de texte"),
    "too-many-lines.md": (
        lambda: (seed_text() + "x\n" * limits.MAX_LINES).encode(), "lignes ou paragraphes"
    ),
    "too-many-paragraphs.docx": (
        lambda: docx_with_body(lambda stream: stream.write(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * limits.MAX_LINES)),
        "lignes ou paragraphes",
    ),
    "eleven-megabytes.txt": (lambda: b"a" * (11 * 1024 * 1024), "il dépasse 10 Mo"),
}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse-de-test")


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_upload_is_refused_within_seconds_and_creates_nothing(client, superuser, name):
    build, message = HOSTILE[name]
    upload = io.BytesIO(build())
    upload.name = name
    client.force_login(superuser)
    assert client.get(reverse("fiches_import")).status_code == 200  # warm up: the clock times the import alone
    before = counts()
    started = time.monotonic()
    response = client.post(reverse("fiches_import"), {"document": upload})
    elapsed = time.monotonic() - started
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert message in page and ("Rien n'a été créé" in page or "lisible" in page)
    assert elapsed < FEW_SECONDS, f"{name} took {elapsed:.1f} s"
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["millions-of-paragraphs.docx", "nine-megabytes.txt", "eleven-megabytes.txt"])
def test_import_fiche_command_refuses_hostile_files(tmp_path, name):
    build, message = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(build())
    before = counts()
    started = time.monotonic()
    with pytest.raises(CommandError, match=message):
        call_command("import_fiche", str(path))
    assert time.monotonic() - started < FEW_SECONDS
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name, content", [
    ("sas_mily.txt", SEED.read_bytes()),
    ("sas_mily.docx", markdown_to_docx(seed_text())),
], ids=["txt", "docx"])  # a .docx holds the time it was made: named ids keep pytest-xdist's collections equal
def test_parsing_stops_when_the_time_budget_is_spent(monkeypatch, name, content):
    monkeypatch.setattr(limits, "TIME_BUDGET_SECONDS", 0.0)
    before = counts()
    with pytest.raises(FicheImportError, match="dépassait 0 secondes"):
        import_document(name, content)
    assert counts() == before


def test_the_time_budget_is_only_checked_inside_an_import():
    limits.check_time()
    with limits.time_budget(60):
        limits.check_time()
    with limits.time_budget(0), pytest.raises(FicheImportError):
        time.sleep(0.01)
        limits.check_time()
    limits.check_time()


@pytest.mark.django_db
def test_a_fiche_within_the_bounds_still_imports():
    """The seed, padded with a long description just under the bounds, is a draft."""
    padding = "Une ligne de plus dans le descriptif de l'action.\n" * 1500
    text = seed_text().replace("### Descriptif", "### Descriptif\n\n" + padding, 1)
    assert len(text) < limits.MAX_TEXT_CHARS
    page = import_document("longue.md", text.encode(), academie="bordeaux")
    assert page.pk and not page.live


@pytest.mark.django_db
def test_a_request_body_over_the_cap_is_refused_before_it_is_read(client, superuser, settings):
    settings.ACCROCHE_MAX_REQUEST_BYTES = 1024 * 1024
    client.force_login(superuser)
    upload = io.BytesIO(b"a" * (2 * 1024 * 1024))
    upload.name = "gros.txt"
    response = client.post(reverse("fiches_import"), {"document": upload})
    assert response.status_code == 413
    assert "trop volumineuse" in response.content.decode()
    small = io.BytesIO(b"Liste de courses\n")
    small.name = "courses.txt"
    assert client.post(reverse("fiches_import"), {"document": small}).status_code == 200

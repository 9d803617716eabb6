"""Fiche documents in Word format (DOCX), read with python-docx into the same sections as text.

Headings are paragraphs styled « Heading N » / « Titre N » (level N) or « Title », paragraphs
bold as a whole, and plain paragraphs that are exactly a usual heading. List paragraphs
become bulleted lines; line breaks inside a paragraph separate its lines.
"""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from django.utils.translation import gettext_lazy

from . import limits
from .base import Importer, ImportResult
from .docx_package import check_docx_package, unreadable
from .headings import match_heading, strip_bullet
from .mapping import map_sections
from .sections import Section, SectionBuilder

ZIP_MAGIC = b"PK\x03\x04"
HEADING_STYLE_RE = re.compile(r"^(?:heading|titre)\s*(\d)$", re.IGNORECASE)


def docx_to_sections(document) -> list[Section]:
    builder = SectionBuilder()
    for paragraph in document.paragraphs:
        limits.check_time()
        text = paragraph.text.strip()
        if not text:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        if match := HEADING_STYLE_RE.match(style):
            builder.heading(text, int(match.group(1)))
        elif style.lower() in ("title", "titre"):
            builder.heading(text, 1)
        elif _is_bold(paragraph) or ("\n" not in text and match_heading(text, exact=True)):
            builder.heading(text, None)
        elif "list" in style.lower() or "liste" in style.lower():
            builder.paragraph([f"- {line}" for line in text.splitlines()])
        else:
            builder.paragraph(text.splitlines())
    return builder.result()


def _is_bold(paragraph) -> bool:
    """Bold as a whole, ignoring runs that are only a bullet or spaces (« ▪ » then « Supports : »)."""
    runs = [run for run in paragraph.runs if strip_bullet(run.text)]
    return bool(runs) and "\n" not in paragraph.text and all(run.bold for run in runs)


class DocxImporter(Importer):
    label = gettext_lazy("Word (.docx)")
    extensions = (".docx",)

    def accepts(self, filename: str, content: bytes) -> bool:
        return self.suffix(filename) in self.extensions or (
            content.startswith(ZIP_MAGIC) and b"word/document.xml" in content[:4096]
        )

    def parse(self, filename: str, content: bytes) -> ImportResult:
        from docx import Document
        from docx.opc.exceptions import PackageNotFoundError

        check_docx_package(filename, content)
        try:
            document = Document(io.BytesIO(content))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
            raise unreadable(filename, error) from error
        sections = docx_to_sections(document)
        limits.check_sections(filename, sections)
        return map_sections(sections)

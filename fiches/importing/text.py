"""Fiche documents in plain text or Markdown, with the usual headings (seed 000)."""
from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import limits
from .base import FicheImportError, Importer, ImportResult
from .headings import bold_text, match_heading
from .mapping import map_sections
from .sections import Section, SectionBuilder

MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
#: Control characters a text may hold: Word's manual line break (« \\x0b ») and the page break end a line
#: (str.splitlines), so no line keeps them; any other one makes the file binary.
ALLOWED_CONTROLS = frozenset("\t\n\r\x0b\f")


def decode(content: bytes) -> str | None:
    """The text of a file in UTF-8 (with or without BOM) or Windows-1252, or None if it is binary."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS for c in text):
            return None
        return text
    return None


def text_to_sections(text: str) -> list[Section]:
    """Split text into sections: Markdown headings, lines bold as a whole and plain
    lines that are exactly a usual heading start a section; blank lines end paragraphs."""
    builder = SectionBuilder()
    paragraph: list[str] = []
    for raw in text.splitlines():
        limits.check_time()
        line = raw.strip()
        heading = _heading(line)
        if heading is None and line:
            paragraph.append(line)
            continue
        builder.paragraph(paragraph)
        paragraph = []
        if heading is not None:
            builder.heading(*heading)
    builder.paragraph(paragraph)
    return builder.result()


def _heading(line: str) -> tuple[str, int | None] | None:
    if match := MARKDOWN_HEADING_RE.match(line):
        return match.group(2).replace("**", ""), len(match.group(1))
    if (bold := bold_text(line)) is not None:
        return bold, None
    if line and len(line) < 120 and match_heading(line, exact=True):
        return line, None
    return None


class TextImporter(Importer):
    label = gettext_lazy("texte ou Markdown")
    extensions = (".txt", ".md", ".markdown", ".text", "")

    def accepts(self, filename: str, content: bytes) -> bool:
        """Too long a file is accepted on its name alone, so that ``parse`` refuses it for its size."""
        return self.suffix(filename) in self.extensions and (
            len(content) > limits.MAX_TEXT_BYTES or decode(content) is not None
        )

    def parse(self, filename: str, content: bytes) -> ImportResult:
        if len(content) > limits.MAX_TEXT_BYTES:
            limits.check_text(filename, len(content), 0)
        text = decode(content)
        if text is None:
            raise FicheImportError([_("Le fichier « %(name)s » n'est pas un texte lisible.") % {"name": filename}])
        limits.check_text(filename, len(text), text.count("\n") + 1)
        sections = text_to_sections(text)
        limits.check_sections(filename, sections)
        return map_sections(sections)

"""The section model every importer produces: headings with their paragraphs of lines."""
from __future__ import annotations

from dataclasses import dataclass, field

from .headings import match_heading


@dataclass
class Section:
    """A heading as written, its depth (1 = top; None when unknown, e.g. a bold line),
    the usual heading it is (``key``, see ``headings.HEADINGS``) and its paragraphs,
    each a list of non-empty lines."""

    heading: str
    level: int | None = None
    key: str | None = None
    paragraphs: list[list[str]] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return [line for paragraph in self.paragraphs for line in paragraph]


class SectionBuilder:
    """Collects headings and paragraphs in document order into sections."""

    def __init__(self):
        self.sections: list[Section] = [Section(heading="")]  # the preamble, before any heading

    def heading(self, text: str, level: int | None, *, exact: bool = False) -> None:
        text = text.strip()
        self.sections.append(Section(heading=text, level=level, key=match_heading(text, exact=exact)))

    def paragraph(self, lines: list[str]) -> None:
        lines = [line.strip() for line in lines if line.strip()]
        if lines:
            self.sections[-1].paragraphs.append(lines)

    def result(self) -> list[Section]:
        preamble, *rest = self.sections
        return ([preamble] if preamble.paragraphs else []) + rest

"""The texts of a synthesis content as the Word and spreadsheet exports write them.

python-docx and openpyxl refuse a control character (a fiche's title or a Semaine's commentary stored with one), so
every text loses them (:mod:`fiches.control_characters`). A text shown on one line (a heading, a name, a place, a
period or a figure as written) is cleaned on one line: Word's line break in a fiche's title would otherwise split
the title in two inside the document, or inside a spreadsheet's cell. The others (an introduction, a commentary)
keep their line breaks.
"""
from __future__ import annotations

from fiches.control_characters import without_control_characters

#: Keys of a synthesis content whose texts are shown on one line.
ONE_LINE_KEYS = frozenset({"title", "name", "event_name", "theme", "establishment", "town", "award", "raw", "label"})


def exported_texts(value, key: str | None = None):
    """``value`` (a synthesis content, or a part of it found under ``key``) with its texts cleaned."""
    if isinstance(value, str):
        if key in ONE_LINE_KEYS:
            return without_control_characters(value, single_line=True).strip()
        return without_control_characters(value)
    if isinstance(value, dict):
        return {name: exported_texts(item, name) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [exported_texts(item, key) for item in value]
    return value

"""Matching the header line of an export to the fields an importer needs.

Headers are compared after :func:`normalize` (case, accents, punctuation and spacing ignored),
so « Prénom », « PRENOM » and « prénom » are one column, and so are « ELEVE_ID » and « Élève id ».
Each field lists its accepted spellings (aliases), in order of preference.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .reader import Table
from .report import ImportReport

# Columns holding the national student identifier (INE), never read, never stored.
INE_ALIASES = ("ine", "id national", "identifiant national", "numero national", "numero ine", "n ine", "no ine", "ine eleve")


def normalize(text: str) -> str:
    """« N° de l'élève » → « n de l eleve »: lower case, no accents, words separated by one space."""
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


@dataclass(frozen=True)
class Column:
    field: str
    label: str                      # French, used in messages: « heure de fin »
    aliases: tuple[str, ...]        # normalized spellings, preferred first
    required: bool = True


def find(headers: list[str], aliases: tuple[str, ...]) -> int | None:
    """Index of the header matching the first alias that any header matches."""
    normalized = [normalize(header) for header in headers]
    for alias in aliases:
        if alias in normalized:
            return normalized.index(alias)
    return None


def match(table: Table, columns: tuple[Column, ...], report: ImportReport) -> dict[str, int] | None:
    """Field → column index; ``None`` after reporting every missing required column on the header line."""
    headers, mapping = table.headers, {}
    for column in columns:
        index = find(headers, column.aliases)
        if index is not None:
            mapping[column.field] = index
        elif column.required:
            report.error(table.header_line, _("colonne « %(label)s » absente (en-têtes acceptés : %(aliases)s)")
                         % {"label": column.label, "aliases": ", ".join(column.aliases)})
    if report.errors:
        return None
    used = set(mapping.values())
    ignored = [header for index, header in enumerate(headers) if index not in used and header]
    if ignored:
        report.notes.append(_("Colonnes ignorées (rien n'en est enregistré) : %(names)s.") % {"names": ", ".join(ignored)})
    return mapping

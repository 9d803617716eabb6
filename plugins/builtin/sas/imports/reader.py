"""Reading a CSV export of the school software (SIECLE, Pronote) whatever its encoding and separator.

Those exports are usually Windows-1252 with « ; » separators, sometimes UTF-8 with or without a
BOM, sometimes re-saved by a spreadsheet with « , » or tabs; this module accepts all of them and
refuses, with a French message, what is not a text table at all.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .report import LineError

SEPARATORS = (";", ",", "\t")
# A few magic numbers of files people pick by mistake instead of the CSV export.
BINARY_SIGNATURES = {
    b"PK\x03\x04": gettext_lazy("classeur ou archive (XLSX, ODS, ZIP)"),
    b"\xd0\xcf\x11\xe0": gettext_lazy("classeur Excel ancien format (XLS)"),
    b"%PDF": gettext_lazy("document PDF"),
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class UnreadableFile(Exception):
    """The file as a whole cannot be read as a CSV table; the message is French."""


@dataclass
class Table:
    """The header line and the data lines, each with its line number in the file."""

    headers: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]
    errors: list[LineError] = field(default_factory=list)


def decode(data: bytes) -> str:
    """The text of ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UnreadableFile(_("Ce fichier est un %(kind)s, pas un fichier CSV : enregistrez-le au format "
                                   "« CSV (séparateur : point-virgule) ».") % {"kind": kind})
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if CONTROL_CHARACTERS.search(text) or "\ufffd" in text:
        raise UnreadableFile(_("Ce fichier n'est pas un fichier texte CSV (contenu binaire ou encodage inconnu) : "
                               "choisissez l'export CSV du logiciel de scolarité."))
    return text


def sniff_separator(header_line: str) -> str:
    """The separator giving the header line the most columns (« ; » when they tie)."""
    return max(SEPARATORS, key=lambda sep: len(next(csv.reader([header_line], delimiter=sep))))


def read_table(data: bytes) -> Table:
    """The table in ``data``; rows longer than the header are reported, shorter ones padded."""
    text = decode(data)
    if not text.strip():
        raise UnreadableFile(_("Le fichier est vide."))
    first_line = next(line for line in text.splitlines() if line.strip())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(first_line))
    try:
        headers = [cell.strip() for cell in next(row for row in reader if any(cell.strip() for cell in row))]
        table = Table(headers, reader.line_num, [])
        for cells in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            extra = cells[len(headers):]
            if any(extra):
                table.errors.append(LineError(line, _("%(n)d champs au lieu de %(expected)d (séparateur dans une "
                                                      "valeur sans guillemets ?)") % {"n": len(cells), "expected": len(headers)}))
                continue
            table.rows.append((line, cells[:len(headers)] + [""] * (len(headers) - len(cells))))
    except csv.Error as error:
        raise UnreadableFile(_("Ligne %(line)d : fichier CSV mal formé (%(error)s).") % {"line": reader.line_num, "error": error}) from None
    if not table.rows and not table.errors:
        raise UnreadableFile(_("Le fichier ne contient aucune ligne de données après la ligne d'en-têtes."))
    return table

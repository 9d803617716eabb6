"""Reading a CSV export of the school software (SIECLE, Pronote) whatever its encoding and separator.

Those exports are usually Windows-1252 with « ; » separators, sometimes UTF-8 with or without a
BOM, sometimes re-saved by a spreadsheet with « , » or tabs; this module accepts all of them and
refuses, with a French message, what is not a text table at all, a file mixing two encodings (two
exports pasted together), a text in another encoding (its letters would be stored garbled) and a
file beyond the bounds below, so that a check takes seconds whatever is sent.
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
# What a school's export may hold: a whole lycée's students is about 200 KB and 2,000 lines.
MAX_BYTES = 1_500_000
MAX_LINES = 10_000
MAX_LINE_CHARACTERS = 2_000
# Characters a Windows-1252 export of French school data holds beyond ASCII: Latin letters and the
# punctuation word processors insert. Anything else (« ƒ », « ‡ », « ¤ »…) means another encoding.
LATIN_TEXT = re.compile(r"[\t\r\x20-\x7e\xa0\xab\xb0\xb7\xbb\xc0-\xd6\xd8-\xf6\xf8-\xff"
                        "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac]*")
LISTED_LINES = 10


class UnreadableFile(Exception):
    """The file as a whole cannot be read as a CSV table; the message is French."""


@dataclass
class Table:
    """The header line and the data lines, each with its line number in the file."""

    headers: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]
    errors: list[LineError] = field(default_factory=list)


def _lines(numbers: list[int]) -> str:
    """« 3, 7, 12 » or « 3, 7, 12… (25 lignes) »."""
    shown = ", ".join(str(n) for n in numbers[:LISTED_LINES])
    if len(numbers) > LISTED_LINES:
        shown += _("… (%(n)d lignes)") % {"n": len(numbers)}
    return shown


def _windows_1252(data: bytes) -> str:
    """``data``, not UTF-8 as a whole, read as Windows-1252; refused when some lines are UTF-8 or not Latin text."""
    utf8, other = [], []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            other.append(number)
        else:
            utf8.append(number)
    if utf8 and other:
        raise UnreadableFile(_("Ce fichier mélange deux encodages : lignes %(utf8)s en UTF-8, lignes %(other)s en "
                               "Windows-1252 (deux exports collés ?). Les noms seraient enregistrés déformés : "
                               "réenregistrez tout le fichier dans un seul encodage.")
                             % {"utf8": _lines(utf8), "other": _lines(other)})
    text = data.decode("cp1252", errors="replace")
    if CONTROL_CHARACTERS.search(text):
        return text  # not text at all: decode() says so
    foreign = [number for number, line in enumerate(text.split("\n"), start=1) if not LATIN_TEXT.fullmatch(line)]
    if foreign:
        raise UnreadableFile(_("Encodage non reconnu (ni UTF-8 ni Windows-1252) : caractères inattendus lignes %(lines)s. "
                               "Choisissez l'export CSV du logiciel de scolarité, en UTF-8 ou Windows-1252.")
                             % {"lines": _lines(foreign)})
    return text


def _refuse_double_encoding(text: str) -> None:
    """A UTF-8 file whose letters were already garbled once (« ZoÃ© » for « Zoé ») is refused with its lines."""
    garbled = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.isascii():
            continue
        try:
            repaired = line.encode("cp1252").decode("utf-8")
        except UnicodeError:
            continue
        if repaired != line:
            garbled.append(number)
    if garbled:
        raise UnreadableFile(_("Lettres déjà déformées par une mauvaise conversion (« Ã© » au lieu de « é ») lignes "
                               "%(lines)s : reprenez l'export d'origine du logiciel de scolarité.") % {"lines": _lines(garbled)})


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
            text = _windows_1252(data)
    if CONTROL_CHARACTERS.search(text) or "\ufffd" in text:
        raise UnreadableFile(_("Ce fichier n'est pas un fichier texte CSV (contenu binaire ou encodage inconnu) : "
                               "choisissez l'export CSV du logiciel de scolarité."))
    _refuse_double_encoding(text)
    return text


def check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("Le fichier dépasse %(mb)s Mo : découpez-le, par exemple par classes.")
                             % {"mb": f"{MAX_BYTES / 1_000_000:.1f}".replace(".", ",")})


def _check_lines(text: str) -> None:
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise UnreadableFile(_("Le fichier compte %(n)d lignes, %(max)d au plus : découpez-le, par exemple par classes.")
                             % {"n": len(lines), "max": MAX_LINES})
    long = [number for number, line in enumerate(lines, start=1) if len(line) > MAX_LINE_CHARACTERS]
    if long:
        raise UnreadableFile(_("Lignes de plus de %(max)d caractères : %(lines)s. Ce n'est pas un export du logiciel "
                               "de scolarité (ou un séparateur manque).") % {"max": MAX_LINE_CHARACTERS, "lines": _lines(long)})


def sniff_separator(header_line: str) -> str:
    """The separator giving the header line the most columns (« ; » when they tie)."""
    return max(SEPARATORS, key=lambda sep: len(next(csv.reader([header_line], delimiter=sep))))


def read_table(data: bytes) -> Table:
    """The table in ``data``; rows longer than the header are reported, shorter ones padded."""
    check_size(data)
    text = decode(data)
    if not text.strip():
        raise UnreadableFile(_("Le fichier est vide."))
    _check_lines(text)
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

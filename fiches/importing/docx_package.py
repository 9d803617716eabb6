"""Checks a Word file's zip package and XML before python-docx builds its objects from them.

python-docx reads every member into memory and turns every paragraph into Python objects: a
small zip can expand to gigabytes, or hold millions of empty paragraphs. This module reads
only the zip directory and then streams each XML part through a safe lxml parser (no entity
resolution, no network, no huge-tree mode, no DOCTYPE), counting elements, paragraphs and
text, and refuses as soon as a bound of :mod:`.limits` is crossed. ``zipfile`` never
decompresses more than the size the directory declares, so checking declared sizes bounds
what python-docx will read afterwards.
"""
from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _
from lxml import etree

from . import limits
from .base import FicheImportError

WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARAGRAPH_TAG = f"{WORD_NS}p"
TEXT_TAG = f"{WORD_NS}t"
CHECK_TIME_EVERY = 10_000


def unreadable(filename: str, reason) -> FicheImportError:
    return FicheImportError(
        [_("Le fichier « %(name)s » n'est pas un document Word (.docx) lisible : %(error)s")
         % {"name": filename, "error": reason}]
    )


def check_docx_package(filename: str, content: bytes) -> None:
    """Raise FicheImportError unless the package and its XML parts stay within the import bounds."""
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError) as error:
        raise unreadable(filename, error) from error
    with package:
        members = package.infolist()
        _check_directory(filename, members)
        counts = {"elements": 0, "paragraphs": 0, "characters": 0}
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _scan_xml(filename, package, member, counts)


def _check_directory(filename: str, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise limits.too_large(filename, _("plus de %(max)s éléments dans l'archive") % {"max": limits.MAX_ZIP_MEMBERS})
    if sum(member.file_size for member in members) > limits.MAX_UNCOMPRESSED_BYTES:
        raise limits.too_large(
            filename, _("plus de %(max)s Mo une fois décompressé") % {"max": limits.megabytes(limits.MAX_UNCOMPRESSED_BYTES)}
        )
    for member in members:
        if (
            member.file_size > limits.RATIO_CHECKED_ABOVE_BYTES
            and member.file_size > limits.MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            raise limits.too_large(
                filename, _("« %(member)s » est compressé plus de %(ratio)s fois")
                % {"member": member.filename, "ratio": limits.MAX_COMPRESSION_RATIO},
            )
        if member.filename.endswith((".xml", ".rels")) and member.file_size > limits.MAX_XML_PART_BYTES:
            raise limits.too_large(
                filename, _("« %(member)s » dépasse %(max)s Mo")
                % {"member": member.filename, "max": limits.megabytes(limits.MAX_XML_PART_BYTES)},
            )


def _scan_xml(filename: str, package: zipfile.ZipFile, member: zipfile.ZipInfo, counts: dict[str, int]) -> None:
    """Stream one XML part, adding its elements, paragraphs and characters to ``counts``."""
    try:
        with package.open(member) as stream:
            parser = etree.iterparse(
                stream, events=("end",), resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
            )
            for _event, element in parser:
                counts["elements"] += 1
                if element.tag == PARAGRAPH_TAG:
                    counts["paragraphs"] += 1
                elif element.tag == TEXT_TAG:
                    counts["characters"] += len(element.text or "")
                element.clear(keep_tail=True)
                if counts["elements"] % CHECK_TIME_EVERY == 0:
                    limits.check_time()
                _check_counts(filename, counts)
            doctype = parser.root.getroottree().docinfo.doctype
    except (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError, ValueError) as error:
        raise unreadable(filename, _("« %(member)s » est mal formé (%(error)s)") % {
            "member": member.filename, "error": error,
        }) from error
    if doctype:
        raise unreadable(filename, _("« %(member)s » déclare une DTD, ce que Word ne fait pas") % {
            "member": member.filename
        })


def _check_counts(filename: str, counts: dict[str, int]) -> None:
    if counts["elements"] > limits.MAX_XML_ELEMENTS:
        raise limits.too_large(
            filename, _("plus de %(max)s éléments XML") % {"max": limits.grouped(limits.MAX_XML_ELEMENTS)}
        )
    limits.check_text(filename, counts["characters"], counts["paragraphs"])

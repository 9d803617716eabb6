"""Reading an XML export of the school software (SIECLE, STS-web, EDT) safely, with the line of each element.

Parsed by defusedxml: entity declarations (« billion laughs » expansion) and external entities or
DTDs (reading the server's files) are refused, with the line and column where they appear, as is a
truncated or malformed file. The size bound is the CSV one (``reader.MAX_BYTES``).
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from .reader import UnreadableFile, check_size


def looks_like_xml(data: bytes) -> bool:
    """Whether ``data`` starts, after a byte-order mark and blanks, with « < »: an XML export, not a CSV one."""
    head = data[:200].lstrip(b"\xef\xbb\xbf").lstrip(b"\xff\xfe\xfe\xff").lstrip().replace(b"\x00", b"")
    return head.startswith(b"<")


class _LocatingParser(DefusedXMLParser):
    """defusedxml's parser, remembering the line of every element it opens."""

    def __init__(self):
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self.lines: dict[Element, int] = {}

    def _start(self, tag, attr_list):
        element = super()._start(tag, attr_list)
        self.lines[element] = self.parser.CurrentLineNumber
        return element


@dataclass
class XmlDocument:
    root: Element
    lines: dict[Element, int]

    def line(self, element: Element) -> int | None:
        return self.lines.get(element)


def _reasons() -> dict[str, str]:
    """expat's messages, in French."""
    truncated = _("le fichier s'arrête avant la fin (tronqué ?)")
    return {
        "no element found": truncated, "unclosed token": truncated, "unclosed CDATA section": truncated,
        "mismatched tag": _("balise fermante qui ne correspond pas à la balise ouverte"),
        "not well-formed (invalid token)": _("caractère inattendu : ce n'est pas un fichier XML bien formé"),
        "junk after document element": _("contenu après la fin du document"),
        "undefined entity": _("entité non définie"),
        "syntax error": _("ce n'est pas un fichier XML"),
    }


def _place(parser: _LocatingParser) -> dict:
    return {"line": parser.parser.CurrentLineNumber, "column": parser.parser.CurrentColumnNumber + 1}


def read_xml(data: bytes) -> XmlDocument:
    """The document in ``data``, or :class:`UnreadableFile` saying what is wrong and where."""
    check_size(data)
    parser = _LocatingParser()
    try:
        parser.feed(data)
        root = parser.close()
    except (EntitiesForbidden, DTDForbidden) as refused:
        raise UnreadableFile(_("Ligne %(line)d, colonne %(column)d : déclaration d'entité « %(name)s » refusée. Un export "
                               "du logiciel de scolarité n'en contient pas ; elles servent à faire exploser la taille "
                               "d'un fichier ou à lire des fichiers du serveur.")
                             % {**_place(parser), "name": getattr(refused, "name", "")}) from None
    except ExternalReferenceForbidden:
        raise UnreadableFile(_("Ligne %(line)d, colonne %(column)d : référence à un fichier extérieur refusée.")
                             % _place(parser)) from None
    except DefusedXmlException:
        raise UnreadableFile(_("Ligne %(line)d, colonne %(column)d : construction XML refusée.") % _place(parser)) from None
    except (LookupError, ValueError):  # the encoding it declares: unknown, multi-byte (UTF-7) or no text encoding
        raise UnreadableFile(_("Ligne 1 : l'encodage que déclare le fichier XML est inconnu ou non pris en charge. "
                               "Reprenez l'export d'origine (UTF-8 ou ISO-8859-1).")) from None
    except ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        explanation = _reasons().get(reason.split(" &")[0], _("XML mal formé"))
        raise UnreadableFile(_("Ligne %(line)d, colonne %(column)d : %(explanation)s. Reprenez l'export d'origine.")
                             % {"line": line, "column": column + 1, "explanation": explanation}) from None
    return XmlDocument(root, parser.lines)


def text(element: Element | None, path: str) -> str:
    """The stripped text at ``path`` under ``element`` (« » when absent)."""
    if element is None:
        return ""
    return (element.findtext(path) or "").strip()

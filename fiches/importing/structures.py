"""Recognise the lead structure a document names among existing structures.

Documents write a school's name their own way: « LP Antoine LOMET – Micro lycée » is the structure
« LP Antoine Lomet ». Names are compared without case, accents or punctuation, and a suffix the
document adds after the structure's own name (« – Micro lycée ») does not prevent the match; a UAI
code, when the document gives one, decides alone.
"""
from __future__ import annotations

from .headings import normalize


def name_key(name: str) -> str:
    """« LP Antoine LOMET – Micro lycée » -> « lp antoine lomet micro lycee »."""
    return normalize(name or "")


def _names_match(written: str, known: str) -> bool:
    written, known = name_key(written), name_key(known)
    return bool(known) and (written == known or written.startswith(known + " "))


def match_structure(lead: dict, candidates):
    """The candidate the document's lead structure designates (by UAI when given, else by name), or None.

    Among several names matching, the longest (most specific) wins: « Lycée Lomet annexe » over « Lycée Lomet ».
    """
    candidates = list(candidates)
    uai = (lead.get("uai") or "").upper()
    if uai:
        return next((structure for structure in candidates if (structure.uai or "").upper() == uai), None)
    matching = [structure for structure in candidates if _names_match(lead.get("name", ""), structure.name)]
    return max(matching, key=lambda structure: len(name_key(structure.name)), default=None)


def designate(structure) -> dict:
    """The lead-structure part of a fiche document that finds ``structure`` again when applied."""
    data = {"name": structure.name, "commune": structure.commune, "academie": structure.academie.code}
    if structure.uai:
        data["uai"] = structure.uai
    if structure.departement:
        data["departement"] = structure.departement
    return data

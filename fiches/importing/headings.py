"""Recognition of the usual headings of a fiche document, shared by every importer.

Matching ignores accents, case, punctuation, bullets ("- ", "• ", "▪", "➤") and a
trailing colon, so « ▪ **Supports :** », « SUPPORTS » and « Supports » are one heading.
"""
from __future__ import annotations

import re
import unicodedata

BULLET_RE = re.compile(r"^\s*(?:[-–—*•▪➤►●◦■□▶]|\d+[.)])\s+|^\s*[•▪➤►●◦■□▶]\s*")
BOLD_RE = re.compile(r"^\*\*(.+?)\*\*\s*:?\s*$")

# Heading key -> the ways fiche documents write it (normalised by ``normalize``).
HEADINGS: dict[str, tuple[str, ...]] = {
    "title": ("intitule de l action", "intitule", "titre de l action", "titre"),
    "summary": ("resume", "resume de l action", "en bref"),
    "place": ("lieu", "localisation"),
    "public": ("public concerne", "public", "publics concernes"),
    "description": ("descriptif", "description de l action"),
    "theme": ("thematique", "thematiques", "theme"),
    "objectives": ("objectifs", "objectif", "objectifs de l action"),
    "programme": ("contenu programme", "contenu", "programme", "contenu et programme"),
    "means": ("supports", "moyens", "supports et moyens", "moyens mobilises"),
    "results": ("resultats observes", "resultats"),
    "effects": (
        "analyse des premiers effets attendus et inattendus", "analyse des premiers effets", "effets observes",
        "premiers effets",
    ),
    "indicators": ("indicateurs de reussite", "indicateurs", "indicateurs d evaluation"),
    "organisation": ("organisation",),
    "internal_roles": (
        "personnes associees internes a l etablissement",
        "personnes associees internes",
        "partenaires internes",
    ),
    "external_partners": (
        "personnes organismes associes externes a l etablissement",
        "personnes organismes associes externes",
        "organismes associes externes",
        "partenaires externes",
    ),
    "contact": ("contact", "contacts", "personne a contacter"),
}

ACTORS_HEADING = "acteurs"
# First words of an actors box in a workflow diagram (« COORDINATION Mily »).
ACTOR_WORDS = frozenset({
    "acteurs", "coordination", "coordinatrice", "coordinateur", "direction", "equipe", "pp", "cpe", "rds",
    "gpds", "eleves", "eleve", "enseignants", "professeurs", "parents", "mlds", "psyen", "cio", "infirmiere",
    "assistante", "vie", "referent", "referente",
})


def fold(text: str) -> str:
    """Lower case without accents (« Élèves » -> « eleves »)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def normalize(text: str) -> str:
    """Folded words only: bullets, markup, punctuation and spacing removed."""
    text = strip_bullet(text.replace("**", "").replace("__", ""))
    text = re.sub(r"[^a-z0-9]+", " ", fold(text))
    return text.strip()


def strip_bullet(line: str) -> str:
    """« - Soutien math » -> « Soutien math »; text without a bullet is returned stripped."""
    return BULLET_RE.sub("", line, count=1).strip()


def clean_item(line: str) -> str:
    """A list item as written, without its bullet and final full stop."""
    return strip_bullet(line).rstrip(" .;").strip()


def match_heading(text: str, *, exact: bool = False) -> str | None:
    """The key of a usual heading, or None.

    Marked-up headings (Markdown, bold, a Word heading style) may carry a
    qualifier after the usual words (« Analyse des premiers effets (attendus et
    inattendus) »); a plain line must be exactly a usual heading.
    """
    words = normalize(text)
    if not words:
        return None
    for key, variants in HEADINGS.items():
        for variant in variants:
            if words == variant or (not exact and words.startswith(variant + " ")):
                return key
    return None


def is_actors_heading(text: str) -> bool:
    """« ACTEURS » or an actors box of a diagram such as « COORDINATION Mily »."""
    words = normalize(text).split()
    return bool(words) and words[0] in ACTOR_WORDS


def bold_text(line: str) -> str | None:
    """The text of a line that is bold as a whole (after an optional bullet), else None."""
    match = BOLD_RE.match(strip_bullet(line))
    return match.group(1).strip() if match else None

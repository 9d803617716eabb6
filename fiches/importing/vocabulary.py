"""Words that let an importer fill controlled fields from free text (fiche-1 slugs)."""
from __future__ import annotations

import re

from .headings import fold

# slug -> patterns searched in folded text (the default vocabularies, fiches/taxonomy_defaults.py).
LEVEL_WORDS = {
    "premier-degre": r"premier degre|\becole\b|primaire",
    "college": r"\bcollege",
    "lycee": r"\blycee (?:general|technologique|polyvalent)|\blycees? gt\b",
    "lycee-professionnel": r"lycee professionnel|\blp\b",
    "post-bac": r"post bac|\bbts\b|universit",
}
PUBLIC_WORDS = {
    "risque-decrochage": r"risque .{0,30}decrochage|voie de decrochage",
    "decroches": r"\bdecroche(?:e|s|es)?\b|sortis? sans diplome",
    "allophones": r"allophone",
    "segpa-ulis": r"\bsegpa\b|\bulis\b",
}
THEME_WORDS = {
    "prevention": r"prevention",
    "intervention": r"\bintervention\b",
    "remediation": r"remediation",
}
DISPOSITIF_WORDS = {
    "sas": r"\bsas\b",
    "micro-lycee": r"micro lycee",
    "classe-relais": r"classe relais|atelier relais",
    "pafi": r"\bpafi\b",
    "tutorat": r"tutorat",
}
MEANS_WORDS = {
    "hours": r"\bhse\b|\bheures?\b|\bhsa\b|\bimp\b",
    "space": r"espace|\bsalle|\blocal\b|\blocaux\b|\blieu\b",
    "funding": r"financement|budget|credits|subvention",
    "tool": r"pronote|\bent\b|visio|logiciel|tablette|ordinateur|questionnaire|padlet",
}
TOOL_WORDS = r"pronote|visio|\bedt\b|\bent\b|fiche|questionnaire|padlet|tableur|logiciel"
ESTABLISHMENT_KINDS = (
    (r"^micro lycee", "micro_lycee"),
    (r"^(?:lp|lycee professionnel|lycee des metiers)\b", "lycee_professionnel"),
    (r"^(?:lgt|lycee general)", "lycee_general_technologique"),
    (r"^lpo\b|^lycee polyvalent", "lycee_polyvalent"),
    (r"^lycee\b", "lycee"),
    (r"^college\b", "college"),
    (r"^(?:ecole|groupe scolaire)\b", "ecole"),
    (r"^erea\b", "erea"),
    (r"^cio\b|centre d information et d orientation", "cio"),
    (r"^dsden\b", "dsden"),
    (r"^association\b", "association"),
)


def words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def slugs_in(text: str, table: dict[str, str]) -> list[str]:
    """The slugs of ``table`` whose pattern occurs in ``text``, in table order."""
    folded = words(text)
    return [slug for slug, pattern in table.items() if re.search(pattern, folded)]


def means_kind(text: str) -> str:
    return next(iter(slugs_in(text, MEANS_WORDS)), "other")


def is_tool(text: str) -> bool:
    return bool(re.search(TOOL_WORDS, words(text)))


def establishment_kind(name: str) -> str:
    folded = words(name)
    return next((kind for pattern, kind in ESTABLISHMENT_KINDS if re.search(pattern, folded)), "other")

"""Name normalisation for French place names.

Everything that compares place names goes through :func:`normalize_name`, so
that "Saint Flour", "saint-flour", "ST FLOUR" and "Saint-Flour" share one key.
Arrondissement spellings ("Paris 18e", "Paris 18ème", "Paris XVIIIe",
"18e arrondissement de Paris", "Lyon 3", "Marseille 1er") are parsed by
:func:`parse_arrondissement`.
"""

from __future__ import annotations

import re
import unicodedata

# Abbreviations expanded token by token (after accents/case/punctuation folding).
_TOKEN_EXPANSIONS = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "stes": "saintes",
    "s/": "sur",
}

# Leading articles that writers often drop ("Haÿ-les-Roses" for
# "L'Haÿ-les-Roses", "Petit-Quevilly" for "Le Petit-Quevilly").
ARTICLES = ("l", "le", "la", "les")

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
# Apostrophes, hyphens, dashes, dots, slashes (except "s/") and other
# separators all become a space.
_SEPARATORS = re.compile(r"[\s'’‘`´\-‐‑‒–—_.,;:!?\"«»()\[\]/]+")


def strip_accents(text: str) -> str:
    """Remove diacritics ("Ribécourt" -> "Ribecourt", "Haÿ" -> "Hay")."""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_name(text: str) -> str:
    """Return the comparison key of a place name.

    Lower case, no accents, hyphens/apostrophes/punctuation as single spaces,
    "St"/"Ste" expanded to "saint"/"sainte".
    """
    text = strip_accents(text or "").lower()
    text = re.sub(r"\bs/\s*", " sur ", text)
    tokens = [t for t in _SEPARATORS.split(text) if t]
    return " ".join(_TOKEN_EXPANSIONS.get(t, t) for t in tokens)


def strip_article(key: str) -> str:
    """Drop one leading article from a normalised key ("l hay les roses" -> "hay les roses")."""
    head, _, rest = key.partition(" ")
    if head in ARTICLES and rest:
        return rest
    return key


def compact(key: str) -> str:
    """Key without spaces, used to compare "Chateaurenard" with "Chateau Renard"."""
    return key.replace(" ", "")


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_to_int(text: str) -> int | None:
    text = text.lower()
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        value = _ROMAN[c]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


# Number of municipal arrondissements and how their INSEE codes are built.
ARRONDISSEMENT_CITIES = {
    "paris": (20, lambda n: f"751{n:02d}"),
    "lyon": (9, lambda n: f"6938{n}"),
    "marseille": (16, lambda n: f"132{n:02d}"),
}

_ORDINAL = r"(?P<num>\d{1,2}|[ivxlc]{1,7})\s*(?:e|er|ere|eme|em|ieme|ieme|nd|d)?"
_CITY = r"(?P<city>paris|lyon|marseille)"
_ARR = r"(?:arr|arrt|arrdt|arrondissement)"
_PATTERNS = [
    # "paris 18e", "paris 18", "paris xviiie", "paris 18e arrondissement"
    re.compile(rf"^{_CITY}\s+{_ORDINAL}(?:\s+{_ARR})?$"),
    # "18e arrondissement de paris", "18e arrondissement paris", "18e arr paris"
    re.compile(rf"^{_ORDINAL}\s+{_ARR}(?:\s+(?:de|du))?\s+{_CITY}$"),
    # "paris arrondissement 18"
    re.compile(rf"^{_CITY}\s+{_ARR}\s+{_ORDINAL}$"),
]


def parse_arrondissement(text: str) -> tuple[str, int, str] | None:
    """Parse "Paris 18e" and friends.

    Returns ``(city, number, insee_code)`` or None when the text is not an
    arrondissement of Paris, Lyon or Marseille (or the number is out of range).
    """
    key = normalize_name(text)
    for pattern in _PATTERNS:
        match = pattern.match(key)
        if not match:
            continue
        raw = match.group("num")
        number = int(raw) if raw.isdigit() else roman_to_int(raw)
        city = match.group("city")
        count, code = ARRONDISSEMENT_CITIES[city]
        if number and 1 <= number <= count:
            return city, number, code(number)
    return None

"""French text analysis in Python for the database backend.

Mirrors the Elasticsearch chain of :mod:`search.documents` closely enough for
search: elision, lower case, French stop words, accent folding, then a light
stemmer (plurals, feminine and common verb/adjective endings). It is not
Lucene's ``light_french`` stemmer: both sides of a database search go through
this module, so a query and a document always agree with each other.
"""
from __future__ import annotations

import re

from geo.normalize import strip_accents

WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_TERM_LENGTH = 60

# Lucene's French stop list (after accent folding), plus elided articles.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces c d dans de des du elle elles en et eux il ils j je l la le les leur leurs lui
    m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur
    t ta te tes toi ton tu un une vos votre vous y ete etre est sont
    """.split()
)

# (suffix, replacement, minimum length of what remains), tried in order, first match wins.
_SUFFIXES = (
    ("issements", "", 4), ("issement", "", 4), ("ements", "", 4), ("ement", "", 4),
    ("euses", "", 3), ("euse", "", 3), ("eurs", "", 3), ("eur", "", 3),
    ("ives", "", 3), ("ive", "", 3), ("ifs", "", 3), ("if", "", 3),
    ("aux", "al", 3), ("ees", "", 3), ("ee", "", 3), ("ers", "", 3), ("er", "", 3),
    ("ez", "", 3), ("es", "", 3), ("s", "", 3), ("x", "", 3), ("e", "", 3),
)


def fold(text: str) -> str:
    """Lower case without accents or ligatures ("Évaluer" -> "evaluer")."""
    return strip_accents(text or "").lower()


def stem(word: str) -> str:
    """Light French stem of a folded word ("metiers" -> "meti", "evaluer" -> "evalu")."""
    for suffix, replacement, keep in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1].isalpha():
        word = word[:-1]
    return word


def term_of(token: str) -> str | None:
    """The indexed term of one token, or None for a stop word."""
    folded = fold(token)[:MAX_TERM_LENGTH]
    if folded in STOP_WORDS:
        return None
    return stem(folded)


def analyze(text: str) -> list[str]:
    """Terms of a text, in order, stop words removed."""
    terms = (term_of(token) for token in WORD_RE.findall(text or ""))
    return [term for term in terms if term]


def term_column(text: str) -> str:
    """Distinct terms as " t1 t2 … ": the column the database backend's term rows are built from."""
    return " " + " ".join(dict.fromkeys(analyze(text))) + " "


def suggest_key(title: str) -> str:
    """Folded words of a title, stop words kept, for prefix suggestions."""
    return " ".join(fold(word) for word in WORD_RE.findall(title or ""))

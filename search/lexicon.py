"""The words of the French language: to tell a word that no fiche holds from a misspelling, and to
write with its accents a word typed without them.

A query word that no fiche holds but that French has (« âgés », « émission ») is no typo: it is
not corrected to the nearest indexed word (« Agen », « mission »), which would change what the
query asks for and show a strange « Essayez avec l'orthographe ». The words are those of
pyspellchecker's French dictionary (word frequencies of OpenSubtitles), folded like the index.

People type without accents, and the French stemmer needs them: « lycée » stems to ``lyc`` and
« lycee » to ``lyce``, « activités » to ``activ`` and « activites » to ``activit`` (one accented
word in five of the demo fiches). A query word that French writes only with accents is searched
as French writes it (:func:`with_accents`); a word French also has without them (« marche »,
« cote ») is left as typed.
"""
from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker

from .text import fold


@lru_cache(maxsize=1)
def _french() -> tuple[frozenset[str], dict[str, str]]:
    """The folded words of the French dictionary, and for each folded form that French writes only with
    accents, its most frequent accented spelling (read once per process: about a second, 10 MB)."""
    frequencies = SpellChecker(language="fr", distance=1).word_frequency.dictionary
    accented: dict[str, tuple[str, int]] = {}
    for word, count in frequencies.items():
        folded = fold(word)
        if folded != word and folded not in frequencies and count > accented.get(folded, ("", 0))[1]:
            accented[folded] = (word, count)
    return frozenset(fold(word) for word in frequencies), {folded: word for folded, (word, _count) in accented.items()}


def french_words() -> frozenset[str]:
    """The folded words of the French dictionary."""
    return _french()[0]


def is_french(word: str) -> bool:
    """Whether ``word`` (folded) is a word of the French language."""
    return word in french_words()


def with_accents(token: str) -> str:
    """``token`` as French writes it, in lower case, when typed without the accents French always gives it
    (« lycee », « Lycee » → lycée; « activites » → activités); else ``token`` as typed (an acronym too)."""
    lowered = token.lower()
    if lowered != fold(token) or not token[1:].islower():
        return token
    return _french()[1].get(lowered, token)

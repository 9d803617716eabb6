"""The words of the French language, to tell a word that no fiche holds from a misspelling.

A query word that no fiche holds but that French has (« âgés », « émission ») is no typo: it is
not corrected to the nearest indexed word (« Agen », « mission »), which would change what the
query asks for and show a strange « Essayez avec l'orthographe ». The words are those of
pyspellchecker's French dictionary (word frequencies of OpenSubtitles), folded like the index.
"""
from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker

from .text import fold


@lru_cache(maxsize=1)
def french_words() -> frozenset[str]:
    """The folded words of the French dictionary (read once per process: about 0.7 s, 10 MB)."""
    return frozenset(fold(word) for word in SpellChecker(language="fr", distance=1).word_frequency.dictionary)


def is_french(word: str) -> bool:
    """Whether ``word`` (folded) is a word of the French language."""
    return word in french_words()

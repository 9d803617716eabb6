"""The words of the French language: to tell a word that no fiche holds from a misspelling, and to
write with its accents a word typed without them.

A query word that no fiche holds but that French has (« âgés », « émission ») is no typo: it is
not corrected to the nearest indexed word (« Agen », « mission »), which would change what the
query asks for and show a strange « Essayez avec l'orthographe ». The words are those of
pyspellchecker's French dictionary (word frequencies of OpenSubtitles), folded like the index.

People type fast, and drop apostrophes: « lecole », « dun enfant », « lorientation ». A word French does not
have that is an elided article or pronoun glued to a French word is searched as that word
(:func:`without_lost_apostrophe`); a town's name is never cut (« Lorient », « Laval »). They also glue two
words (« webradio », « microlycee », « courtmetrage »): :func:`glued_apart` finds the two.

People type without accents, and the French stemmer needs them: « lycée » stems to ``lyc`` and
« lycee » to ``lyce``, « activités » to ``activ`` and « activites » to ``activit`` (one accented
word in five of the demo fiches). A query word that French writes only with accents is searched
as French writes it (:func:`with_accents`); a word French also has without them (« marche »,
« cote ») is left as typed.
"""
from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker

from .text import STOP_WORDS, fold

# What French elides before a vowel or a mute h: « l'école », « d'un », « qu'il », « s'informer », « c'est ».
ELIDED = ("qu", "l", "d", "j", "m", "n", "s", "t", "c")
VOWELS = frozenset("aeiouyh")
# The shortest word of a glued pair (« web », « mini »).
MIN_GLUED_PART = 3
# Words that begin glued pairs (« webradio », « minientreprise ») and that the dictionary lacks.
GLUED_FIRST_WORDS = frozenset({"web", "mini", "multi", "cyber", "eco", "bio", "anti"})


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


def without_lost_apostrophe(token: str) -> str:
    """``token`` less an elided article or pronoun typed without its apostrophe (« lecole » → ecole, « dun »
    → un, « Lorientation » → orientation), when ``token`` is no French word and what follows is one; else
    ``token`` as typed (an acronym too)."""
    lowered = token.lower()
    if not token[1:].islower() or is_french(fold(lowered)):
        return token
    for elided in ELIDED:
        rest = lowered[len(elided):]
        if (lowered.startswith(elided) and len(rest) >= 2 and fold(rest[0]) in VOWELS
                and (rest in STOP_WORDS or is_french(fold(rest)))):
            return token[len(elided):]
    return token


def glued_apart(token: str) -> tuple[str, str] | None:
    """The two French words of ``token`` typed without the space or hyphen between them (« webradio » → web,
    radio; « microlycee » → micro, lycee), folded, when ``token`` is no French word and cuts into two words
    that are no stop words (the most even cut); else None."""
    word = fold(token)
    if len(word) < 2 * MIN_GLUED_PART or not word.isalpha() or not token[1:].islower() or is_french(word):
        return None
    cuts = [(word[:n], word[n:]) for n in range(MIN_GLUED_PART, len(word) - MIN_GLUED_PART + 1)]
    cuts = [(left, right) for left, right in cuts
            if left not in STOP_WORDS and right not in STOP_WORDS and (is_french(left) or left in GLUED_FIRST_WORDS)
            and is_french(right)]
    return max(cuts, key=lambda cut: min(len(cut[0]), len(cut[1])), default=None)

"""French text analysis in Python, the same on both backends.

A word is lower-cased, dropped if it is a stop word, stemmed with the French Snowball
stemmer (snowballstemmer, the algorithm Lucene's ``snowball``/``french`` stemmer runs in
Elasticsearch, see :mod:`search.documents`), then stripped of accents, so that
« décrochés », « décroché » and « decroche » meet, as do « évaluations » and « évaluer ».
Stemming sees the accented word (the algorithm needs them); folding comes after.

The database backend indexes and searches these terms; the Elasticsearch index is given
the same stop words and the same stemmer, so a query means the same thing on both.
"""
from __future__ import annotations

import re
from functools import lru_cache

import simplemma
import snowballstemmer

from geo.normalize import strip_accents

WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_TERM_LENGTH = 60

# French stop words (articles, pronouns, prepositions, conjunctions, auxiliaries), as typed, accents kept:
# Elasticsearch's stop filter runs before accent folding and gets this same list.
STOP_WORDS = frozenset(
    """
    a à au aux avec ce ces c d dans de des du elle elles en et eux il ils j je l la le les leur leurs lui
    m ma mais me même mes moi mon n ne nos notre nous on ou où par pas pour qu que qui s sa se ses son sur
    t ta te tes toi ton tu un une vos votre vous y été être est sont ont a ai cet cette
    après avant chez contre entre hors parmi pendant sans selon sous vers depuis lors dont car donc
    comme quand si ni soit ainsi alors aussi très plus moins tout tous toute toutes chaque cela ceci
    celui celle ceux celles autre autres
    """.split()
)

# Words of a question that say how it is asked, not what it is about: dropped from queries of
# LONG_QUERY_WORDS words or more (« comment aider les élèves… », « je cherche un projet pour… »),
# as typed or by their lemma (« voudrions » → vouloir, « existent » → exister); folded, as the words compared.
QUESTION_WORDS = frozenset(strip_accents(word) for word in
    """
    comment quel quelle quels quelles quoi pourquoi combien faire fait cherche cherchons recherche chercher
    veux voudrais vouloir aimerais souhaite souhaiter peut peux pouvons pouvoir existe exister idée idées
    exemple exemples besoin envie envies trouver mettre place
    """.split()
)
LONG_QUERY_WORDS = 6
# The interrogatives, dropped from a query of any length that has other words (« comment motiver les élèves »):
# rare in the fiches, they would weigh like a topic, and the few fiches saying « comment » would come first.
INTERROGATIVES = frozenset({"comment", "quel", "quelle", "quels", "quelles", "quoi", "pourquoi", "combien"})

_stemmer = snowballstemmer.stemmer("french")


# Ordinals typed with a superscript mark, as in the seed documents: « 3^e », « 6^{ème} », « 1^{er} ».
SUPERSCRIPT_RE = re.compile(r"(\d)\^\{?(\w+)\}?")


# An acronym glued to a département number: « MLDS87 », « DSDEN93 » (not « UPE2A » or « E2C »).
ACRONYM_DEPARTEMENT_RE = re.compile(r"\b([A-Z]{3,})(\d{2,3})\b")


def plain_words(text: str) -> str:
    """``text`` written so that its words are found: superscript ordinals plainly (« 3^e » → « 3e »,
    « 6^{ème} » → « 6ème ») and an acronym apart from the département number glued to it
    (« MLDS87 » → « MLDS 87 »). Applied to the documents, the same for both backends."""
    text = SUPERSCRIPT_RE.sub(r"\1\2", text or "")
    return ACRONYM_DEPARTEMENT_RE.sub(r"\1 \2", text)


def fold(text: str) -> str:
    """Lower case without accents or ligatures ("Évaluer" -> "evaluer")."""
    return strip_accents(text or "").lower()


@lru_cache(maxsize=65536)
def _stem(lowered: str) -> str:
    return fold(_stemmer.stemWord(lowered))


# Words shorter than this, or holding a capital after their first letter (« CAP », « UPE2A »), are not lemmatized.
MIN_LEMMA_LENGTH = 4


@lru_cache(maxsize=65536)
def lemma(token: str) -> str:
    """The dictionary form of a query word (simplemma's French lemma), or the word itself.

    The Snowball stemmer leaves most conjugated verbs apart from their family (« décrochent »
    → decrochent, « décrocher » → decroch; « imaginent », « savent », « commencent »): a query
    word is searched through its lemma too, so « les élèves qui décrochent » meets « décrocher »
    and « décrochage ». Documents are not lemmatized (the index keeps the same terms on both backends).
    """
    if len(token) < MIN_LEMMA_LENGTH or not token.isalpha() or not token[1:].islower():
        return token
    found = simplemma.lemmatize(token.lower(), lang="fr")
    return token if not found or found in STOP_WORDS or found == token.lower() else found


def term_of(token: str) -> str | None:
    """The indexed term of one token, or None for a stop word."""
    lowered = token.lower()[:MAX_TERM_LENGTH]
    if lowered in STOP_WORDS:
        return None
    return _stem(lowered)


def stem(word: str) -> str:
    """French Snowball stem of a word, without accents ("métiers" -> "meti", "évaluer" -> "evalu")."""
    return _stem(word.lower()[:MAX_TERM_LENGTH])


def analyze(text: str) -> list[str]:
    """Terms of a text, in order, stop words removed."""
    terms = (term_of(token) for token in WORD_RE.findall(text or ""))
    return [term for term in terms if term]


def words(text: str) -> list[str]:
    """Folded words of a text, stop words removed: the spelling vocabulary of the database backend."""
    return [fold(token)[:MAX_TERM_LENGTH] for token in WORD_RE.findall(text or "") if token.lower() not in STOP_WORDS]


def term_column(text: str) -> str:
    """Distinct terms as " t1 t2 … ": the column the database backend's term rows are built from."""
    return " " + " ".join(dict.fromkeys(analyze(text))) + " "


def suggest_key(title: str) -> str:
    """Folded words of a title, stop words kept, for prefix suggestions."""
    return " ".join(fold(word) for word in WORD_RE.findall(title or ""))

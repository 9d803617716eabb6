"""What a text query asks for, worked out once for both backends.

A query is cut into *concepts*: a phrase of the vocabulary found in it (« mission de lutte
contre le décrochage », « lycée pro ») or else one word. Each concept has alternatives that
match it: the words as typed (weight 1), the other phrases the vocabulary gives for it
(``EXPANSION_WEIGHT``), and for a word the other forms of its family, the indexed terms that
begin like its stem (``FAMILY_WEIGHT``: « tutorer » → tutorat, « théâtrale » → théâtre; for a word no
fiche holds, ``UNHELD_FAMILY_WEIGHT``, and in a query of any length: « médiateurs » → médiation).
A fiche must match ``minimum_should_match`` concepts, one of a short query and a growing
number of a longer one (:func:`minimum_should_match`); ranking does the rest. When that leaves
fewer fiches than a page, the query is run again requiring one concept (:meth:`QueryPlan.loosened`):
the fiches a long question is about often share only one of its concepts with it, in other words
than the question's, and they then come after those matching more (coordination ranks them).
A word typed without the accents French always gives it is searched with them (« lycee » → lycée,
:func:`search.lexicon.with_accents`): the stemmer needs them; one typed without its apostrophe is searched
without the article glued to it (« lecole » → école, :func:`search.lexicon.without_lost_apostrophe`), and two
words typed as one are also searched as the two (« webradio » → web radio, :func:`search.lexicon.glued_apart`).
Stop words go, and so do interrogatives
(« comment », « quels ») in any query with other words, and the other words that only shape a question
(« je cherche », « idées ») in queries of ``LONG_QUERY_WORDS`` words or more.

A town the query names is one concept, matched by its words or, at ``TOWN_WEIGHT``, by its département's name,
or at ``ACADEMIE_WEIGHT`` by its académie's (:mod:`search.places`); a word saying « near » before it goes
(« près de Lorient »). A common word of the language is not searched in the places: « portes ouvertes » is no
fiche of Le Port, nor « la nuit de l'orientation » one of Nuits-Saint-Georges (:func:`search.places.is_place_word`).

A backend may pass a ``corrections`` function (None for a word some fiche holds, so that the plan knows
which words no fiche holds, :attr:`Concept.held`): a word no fiche holds is then replaced by one of the
words it returns (the nearest, most likely first): the first that makes a phrase of the vocabulary with the
query's other words (« classe realis » → relais, not the more frequent « réalise »), else the first; the
plan keeps the corrected query to show (« Essayez avec l'orthographe : … »). A French word no fiche
holds (:mod:`search.lexicon`) is no typo: it is replaced, silently, only by another French word that
differs in its ending (« complimenter » → compliment, « créent » → créant), and otherwise kept as typed
(« âgés » is not « Agen »).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from os.path import commonprefix

from django.db import DatabaseError

from .lexicon import glued_apart, is_french, with_accents, without_lost_apostrophe
from .places import ACADEMIE_WEIGHT, NEAR_WORDS, TOWN_WEIGHT, Town, find_towns, is_place_word
from .text import INTERROGATIVES, LONG_QUERY_WORDS, QUESTION_WORDS, STOP_WORDS, WORD_RE, analyze, fold, lemma, stem
from .vocabulary import Phrase, Vocabulary, get_vocabulary

logger = logging.getLogger(__name__)

EXPANSION_WEIGHT = 0.8
FAMILY_WEIGHT = 0.4
# The family of a word no fiche holds is all its concept has: it weighs as the vocabulary's expansions do.
UNHELD_FAMILY_WEIGHT = EXPANSION_WEIGHT
# A word's family is searched in queries of up to this many concepts, and in longer ones only
# for a word no fiche holds as such: in a long question it mostly adds noise.
FAMILY_MAX_CONCEPTS = 3
MIN_FAMILY_STEM = 5
# The stems of agent nouns the stemmer does not join to their action (« formateur », « formatrice »: formation).
AGENT_ENDINGS = ("ateur", "atric")
MAX_CONCEPTS = 16
# A word of a phrase of the vocabulary that is the whole query, when it is run again (QueryPlan.loosened_plan).
SPLIT_WEIGHT = 0.1
# A French word no fiche holds is searched as an indexed word that differs in these last letters alone.
ENDING_LETTERS = 3
MIN_SHARED_BEGINNING = 3


@dataclass
class Alternative:
    terms: Phrase  # analysed terms (search.text)
    text: str  # as written (the query's words or the vocabulary's phrase)
    weight: float = 1.0
    vocabulary: bool = False  # a phrase the vocabulary gives (Elasticsearch's synonym graph has it natively)
    places: bool = True  # also searched in the places (a common word is not: :func:`search.places.is_place_word`)


@dataclass
class Concept:
    alternatives: list[Alternative]
    family_prefix: str = ""  # a single word's stem beginning, for the other forms of its family
    held: bool = True  # False: ``corrections`` said no fiche holds the word (and gave none to search instead)
    # A phrase of the vocabulary that is the whole query: its own words, searched too when it is run again
    # (:meth:`QueryPlan.loosened_plan`). Not in a longer query: a word of the phrase would count as the phrase
    # in coordination, and a fiche holding it and another concept would outrank those holding the phrase.
    own_words: list[Alternative] = field(default_factory=list)

    @property
    def typed(self) -> Alternative:
        return self.alternatives[0]

    @property
    def has_phrase(self) -> bool:
        """Whether the vocabulary gives this concept a phrase (« MLDS » ⇄ « mission de lutte contre le
        décrochage »), or it is one: Elasticsearch then matches its words as phrases, with room for stop words."""
        return any(alternative.vocabulary for alternative in self.alternatives) and any(
            len(alternative.terms) > 1 for alternative in self.alternatives)


@dataclass
class QueryPlan:
    concepts: list[Concept] = field(default_factory=list)
    corrected_query: str = ""  # the query with its corrected words, when a word was corrected

    @property
    def minimum_should_match(self) -> int:
        return minimum_should_match(len(self.concepts))

    def loosened(self, found: int, page_size: int) -> bool:
        """Whether to run the query again (:meth:`loosened_plan`, requiring one of its concepts only): it
        found fewer fiches than ``page_size`` (none, or a handful for a long question) and required more
        than one concept, or is one phrase of the vocabulary."""
        phrase_alone = any(concept.own_words for concept in self.concepts)
        return (self.minimum_should_match > 1 or phrase_alone) and found < page_size

    def loosened_plan(self) -> QueryPlan:
        """The plan run again: a phrase of the vocabulary typed as the whole query is also matched by each of
        its words, at ``SPLIT_WEIGHT``. Adding « erasmus, mobilité internationale » to the vocabulary made
        « mobilité internationale » one concept, and the fiches saying « mobilité » alone were no longer found."""
        return replace(self, concepts=[
            replace(concept, alternatives=[*concept.alternatives, *concept.own_words], own_words=[])
            for concept in self.concepts])

    def uses_family(self, concept: Concept, indexed: bool | None = None) -> bool:
        """Whether to search ``concept``'s word family (``indexed``: some fiche holds the word's stem; by default,
        what ``corrections`` said of it)."""
        indexed = concept.held if indexed is None else indexed
        return bool(concept.family_prefix) and (len(self.concepts) <= FAMILY_MAX_CONCEPTS or not indexed)

    @property
    def words(self) -> list[str]:
        """The query's own words, in order (for phrase and proximity boosts)."""
        return [word for concept in self.concepts for word in concept.typed.text.split()]


def load_dictionaries() -> None:
    """Read the French dictionaries the planner looks words up in (:mod:`search.lexicon`, simplemma's
    lemmas: about a second and a half together), the town names and the words of places' names
    (:mod:`search.places`, the commune gazetteer: a second or two) now rather than on a server's first search;
    portal/wsgi.py calls it as each worker starts. The vocabulary too, when the database answers (it is read again
    at the first search if not)."""
    is_french("eleve")
    lemma("décrochent")
    find_towns(["Agen"])
    is_place_word("port")
    try:
        get_vocabulary()
    except DatabaseError:
        logger.warning("Vocabulaire de recherche non chargé au démarrage : la base de données ne répond pas.")


def minimum_should_match(concepts: int) -> int:
    """How many concepts a fiche must match: 1 of up to 3, 2 of 4 to 6, 3 of 7 to 9, then 4."""
    return min(concepts, 1 + max(0, concepts - 1) // 3, 4)


def family_weight(indexed: bool) -> float:
    """The weight of a word's family: less than the word, unless no fiche holds the word."""
    return FAMILY_WEIGHT if indexed else UNHELD_FAMILY_WEIGHT


def family_prefix(term: str) -> str:
    """The beginning shared by a word's family: its stem less its last two letters, at least five; an agent
    noun's stem less « -eur » or « -ric » (« médiateur », « médiatrice » → médiat, as « médiation »), which
    the stemmer leaves whole."""
    if len(term) < MIN_FAMILY_STEM or term.isdigit():
        return ""
    if term.endswith(AGENT_ENDINGS) and len(term) - 3 >= MIN_FAMILY_STEM:
        return term[:-3]
    return term[: max(MIN_FAMILY_STEM, len(term) - 2)]


def plan_query(q: str, corrections: Callable[[str], list[str]] | None = None,
               vocabulary: Vocabulary | None = None) -> QueryPlan:
    vocabulary = vocabulary or get_vocabulary()
    typed = WORD_RE.findall(q or "")
    # Towns are read in the words as typed, stop words included (« Villeneuve-sur-Lot »), then placed among
    # the query's words (``kept``: their positions in ``typed``). Other words get back a lost apostrophe
    # (« lecole » → école, « dun » → un, a stop word).
    found_towns = find_towns(typed)
    town_words = {n for town in found_towns for n in range(town.start, town.end)}
    typed = [token if n in town_words else without_lost_apostrophe(token) for n, token in enumerate(typed)]
    kept = [n for n, token in enumerate(typed) if token.lower() not in STOP_WORDS]
    town_starts = {town.start for town in found_towns}
    kept = [n for n, following in zip(kept, [*kept[1:], None])
            if not (fold(typed[n]) in NEAR_WORDS and following in town_starts)]
    if len(kept) >= LONG_QUERY_WORDS:
        # A word that shapes a question is kept within a phrase of the vocabulary (« idées reçues »).
        phrased = _covered(vocabulary, [stem(with_accents(typed[n])) for n in kept])
        kept = [n for position, n in enumerate(kept)
                if position in phrased or not {fold(typed[n]), fold(lemma(typed[n]))} & QUESTION_WORDS] or kept
    kept = [n for n in kept if fold(typed[n]) not in INTERROGATIVES] or kept
    towns = [_placed(town, kept) for town in found_towns]
    towns = [town for town in towns if town.end > town.start]
    # A town is no typo (« Agde » is not « Agen »): its words are neither corrected, lemmatized nor given accents.
    in_towns = {n for town in towns for n in range(town.start, town.end)}
    tokens = [typed[k] if n in in_towns else with_accents(typed[k]) for n, k in enumerate(kept)]
    terms = [stem(token) for token in tokens]
    covered = _covered(vocabulary, terms) | in_towns
    corrected_query = ""
    unheld: set[int] = set()
    if corrections:
        # A correction is an indexed word, folded: it gets back the accents French gives it, without which
        # its stem is not that of the fiches' word (« scolarite » → scolarit, « scolarité » → scolar).
        # ``corrections`` answers None for a word some fiche holds.
        offered = {n: corrections(fold(token)) for n, token in enumerate(tokens) if n not in covered}
        candidates = {n: accepted for n, token in enumerate(tokens)
                      if (accepted := [with_accents(fixed) for fixed in offered.get(n) or ()
                                       if _accepted(token, fixed)])}
        fixes = {n: _in_context(vocabulary, terms, n, words) for n, words in candidates.items()}
        unheld = {n for n, found in offered.items() if found is not None and n not in fixes}
        typos = {fold(tokens[n]): fixed for n, fixed in fixes.items() if not is_french(fold(tokens[n]))}
        if typos:
            corrected_query = corrected(q, typos)
        if fixes:
            tokens = [fixes.get(n, token) for n, token in enumerate(tokens)]
            terms = [stem(token) for token in tokens]
            covered = _covered(vocabulary, terms) | in_towns
    # A word outside the vocabulary's phrases is searched through its lemma (« décrochent » → décrocher),
    # and also as typed when that is another term.
    words = [token if n in covered else lemma(token) for n, token in enumerate(tokens)]
    own_terms, terms = terms, [stem(word) for word in words]
    phrases = vocabulary.find(terms)
    in_phrases = {n for start, end, _others in phrases for n in range(start, end)}
    places = [(town.start, town.end, town) for town in towns if not in_phrases & set(range(town.start, town.end))]
    concepts, position = [], 0
    for start, end, others in sorted([*phrases, *places, (len(terms), len(terms), set())], key=lambda span: span[0]):
        for n in range(position, start):
            places = is_place_word(tokens[n])
            forms = [Alternative((own_terms[n],), tokens[n], places=places)] if own_terms[n] != terms[n] else []
            forms += _apart(words[n], vocabulary)
            concepts.append(Concept([Alternative((terms[n],), words[n], places=places), *forms],
                                    family_prefix(terms[n]), held=n not in unheld))
        typed = Alternative(tuple(terms[start:end]), " ".join(words[start:end]))
        if isinstance(others, Town):
            around = [*(Alternative(tuple(analyze(name)), name, TOWN_WEIGHT) for name in others.departements),
                      *(Alternative(tuple(analyze(name)), name, ACADEMIE_WEIGHT) for name in others.academies)]
            concepts.append(Concept([typed, *(alternative for alternative in around if alternative.terms)]))
        elif end > start:
            prefix = family_prefix(typed.terms[0]) if len(typed.terms) == 1 else ""
            own_words = [Alternative((terms[n],), words[n], SPLIT_WEIGHT, places=is_place_word(tokens[n]))
                         for n in range(start, end)] if end - start > 1 and (start, end) == (0, len(terms)) else []
            concepts.append(Concept([typed, *_expansions(vocabulary, others)], prefix, own_words=own_words))
        position = end
    return QueryPlan(concepts=_distinct(concepts)[:MAX_CONCEPTS], corrected_query=corrected_query)


def _apart(word: str, vocabulary: Vocabulary) -> list[Alternative]:
    """For two words typed as one (« webradio »), the two words as a phrase, and the phrases the vocabulary
    gives them (« microlycee » → micro lycée → micro-lycée, microlycée); else nothing."""
    parts = glued_apart(word)
    if not parts:
        return []
    apart = [with_accents(part) for part in parts]
    phrase = tuple(stem(part) for part in apart)
    return [Alternative(phrase, " ".join(apart)), *_expansions(vocabulary, vocabulary.expansions.get(phrase, ()))]


def _expansions(vocabulary: Vocabulary, phrases) -> list[Alternative]:
    """The vocabulary's ``phrases`` as alternatives of a concept, as the vocabulary writes them."""
    return [Alternative(phrase, vocabulary.texts.get(phrase, " ".join(phrase)), EXPANSION_WEIGHT, True)
            for phrase in sorted(phrases)]


def _placed(town: Town, kept: list[int]) -> Town:
    """``town`` found among the typed words, with its positions among the kept ones."""
    inside = [position for position, n in enumerate(kept) if town.start <= n < town.end]
    return replace(town, start=inside[0], end=inside[-1] + 1) if inside else replace(town, start=0, end=0)


def _covered(vocabulary: Vocabulary, terms: list[str]) -> set[int]:
    """The positions of ``terms`` that belong to a phrase of the vocabulary."""
    return {n for start, end, _others in vocabulary.find(terms) for n in range(start, end)}


def _in_context(vocabulary: Vocabulary, terms: list[str], n: int, candidates: list[str]) -> str:
    """The first of ``candidates`` for the word at ``n`` that makes a phrase of the vocabulary with its
    neighbours in ``terms``, else the first."""
    for candidate in candidates:
        with_it = [*terms[:n], stem(candidate), *terms[n + 1:]]
        if any(start <= n < end and end - start > 1 for start, end, _others in vocabulary.find(with_it)):
            return candidate
    return candidates[0]


def _accepted(token: str, fixed: str) -> bool:
    """Whether to search ``fixed`` instead of ``token``: a typo's correction, or for a French word another
    French word that differs from it in its ending alone (« créent » → créant, « radios » → radio)."""
    word = fold(token)
    if not is_french(word):
        return True
    shared = len(commonprefix([word, fixed]))
    return is_french(fixed) and shared >= max(MIN_SHARED_BEGINNING, min(len(word), len(fixed)) - ENDING_LETTERS)


def corrected(q: str, corrections: dict[str, str]) -> str:
    """``q`` with each word whose folded form is a key of ``corrections`` replaced by its value."""
    return WORD_RE.sub(lambda match: corrections.get(fold(match.group()), match.group()), q)


def _distinct(concepts: list[Concept]) -> list[Concept]:
    """The concepts less repeats: the same word twice, or two words of one vocabulary line
    (« décrochage » and « décrocheurs » in one question are one concept)."""
    seen, kept = set(), []
    for concept in concepts:
        key = frozenset(alternative.terms for alternative in concept.alternatives)
        if key not in seen:
            seen.add(key)
            kept.append(concept)
    return kept

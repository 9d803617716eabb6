"""Towns named in a query: a town is searched through its département too.

« lycée Quimper » finds nothing by its words when no fiche is in Quimper, yet its searcher wants the
fiches nearby: the town is also searched as its département's name (every fiche's places hold its
lead structure's département, :func:`search.document_data._places`), at ``TOWN_WEIGHT``. Town names
come from the commune gazetteer (:mod:`geo.gazetteer`): current communes of ``MIN_POPULATION``
inhabitants or more, so that a hamlet sharing a word's spelling does not turn the word into a place;
a lower-case word of the French language (« orange », « mer ») is a word, not a town.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from geo.normalize import ARTICLES, normalize_name, strip_article

from .lexicon import is_french
from .text import fold

TOWN_WEIGHT = 0.5
MIN_POPULATION = 2_000
MAX_TOWN_WORDS = 5  # « Saint Germain en Laye »


@dataclass(frozen=True)
class Town:
    start: int  # the town's first and past-last positions among the query's tokens
    end: int
    departements: tuple[str, ...]  # names of the départements of the towns of that name, to search it through


@lru_cache(maxsize=1)
def _departements_by_town() -> dict[str, tuple[str, ...]]:
    """``{town key (normalised, article dropped): names of its départements}`` (read once per process)."""
    from geo.gazetteer import departement_names, get_gazetteer

    names = departement_names()
    towns = defaultdict(set)
    for commune in get_gazetteer().communes:
        if commune.is_current and commune.population >= MIN_POPULATION and commune.dep in names:
            towns[strip_article(commune.key)].add(names[commune.dep]["name"])
    return {key: tuple(sorted(departements)) for key, departements in towns.items()}


def find_towns(tokens: list[str]) -> list[Town]:
    """The towns named by runs of ``tokens`` (the query's words as typed, stop words in), longest first, not
    overlapping; a lower-case French word is no town, after its article too (« le sens de l'école » is no
    « Sens », « les tours » no « Tours »). « Saint Brieuc » stays one place rather than two words.

    A town is also searched through its départements, even when some fiche holds its name: a fiche that
    mentions « Sotteville-lès-Rouen » in its text is not in Rouen, and « lycée Rouen » wants the fiches of
    Seine-Maritime too. Those of the town itself, matching its words at full weight, come first."""
    towns, start = [], 0
    by_town = _departements_by_town()
    while start < len(tokens):
        for end in range(min(len(tokens), start + MAX_TOWN_WORDS), start, -1):
            words = tokens[start:end]
            departements = by_town.get(strip_article(normalize_name(" ".join(words))))
            named = words[1:] if len(words) == 2 and words[0].lower() in ARTICLES else words
            if departements and not (len(named) == 1 and named[0].islower() and is_french(fold(named[0]))):
                towns.append(Town(start, end, departements))
                start = end
                break
        else:
            start += 1
    return towns

"""Towns named in a query: a town is searched through its département and its académie too.

« lycée Quimper » finds nothing by its words when no fiche is in Quimper, yet its searcher wants the
fiches nearby: the town is also searched as its département's name (every fiche's places hold its
lead structure's département, :func:`search.document_data._places`), at ``TOWN_WEIGHT``, and as its
académie's, at ``ACADEMIE_WEIGHT`` (« près de Lorient »: no fiche is in the Morbihan, those of the académie
de Rennes are the nearest the registry has). Town names
come from the commune gazetteer (:mod:`geo.gazetteer`): current communes of ``MIN_POPULATION``
inhabitants or more, so that a hamlet sharing a word's spelling does not turn the word into a place;
a lower-case word of the French language (« orange », « mer ») is a word, not a town, unless a word saying « near »
comes before it (« près de vichy »). A département or a région named in a query is a place the same way
(« Seine-Maritime », « Hauts-de-France »), a département searched through its académie too.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from geo.normalize import ARTICLES, normalize_name, strip_article

from .lexicon import is_french
from .text import STOP_WORDS, WORD_RE, fold, stem

TOWN_WEIGHT = 0.5
ACADEMIE_WEIGHT = 0.3
# Words that say « near » before a town's name (« près de Lorient », « du côté de Poitiers »): no topic of the query.
NEAR_WORDS = frozenset({"pres", "autour", "proche", "proches", "environs", "alentours", "cote", "vers", "region",
                        "secteur"})
MIN_POPULATION = 2_000
MAX_TOWN_WORDS = 5  # « Saint Germain en Laye »
# Words that name a kind of structure (« École élémentaire … », « Centre d'information et d'orientation »): searched
# in the places, though some towns' names hold them too (« L'École-Valentin », « Centre-Val de Loire »).
STRUCTURE_WORDS = frozenset({"ecole", "college", "lycee", "centre", "maison", "institut", "universite"})


@dataclass(frozen=True)
class Town:
    start: int  # the town's first and past-last positions among the query's tokens
    end: int
    departements: tuple[str, ...]  # names of the départements of the towns of that name, to search it through
    academies: tuple[str, ...] = ()  # names of their académies, for the fiches nearby when none is in the département
    commune: bool = True  # False for a département or a région, which « Autour de » cannot search around


@dataclass(frozen=True)
class NearTown:
    """A town a query names after a word that says « near »: ``town`` as typed, and ``rest``, the query without
    « près de <town> »."""
    town: str
    rest: str


@lru_cache(maxsize=1)
def _places_by_town() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]]:
    """``{town key (normalised, article dropped): (names of its départements, name of its académie, whether it is a
    commune)}`` (read once per process). A name several towns share has no académie, nor a name that an académie's holds: « Clermont »
    (Oise) is first the académie de Clermont-Ferrand, and the académie d'Amiens would put the fiches of Picardie
    before it."""
    from geo.academies import academie_for, get_academie
    from geo.gazetteer import departement_names, get_gazetteer

    names = departement_names()
    academies = {code: get_academie(academie_code)["name"] for code in names if (academie_code := academie_for(code))}
    in_academie_names = {f" {normalize_name(name)} " for name in academies.values()}
    codes = defaultdict(set)
    for commune in get_gazetteer().communes:
        if commune.is_current and commune.population >= MIN_POPULATION and commune.dep in names:
            codes[strip_article(commune.key)].add(commune.dep)

    def academie_of(key: str, departements: set[str]) -> tuple[str, ...]:
        if len(departements) != 1:
            return ()
        code = next(iter(departements))
        name = academies.get(code)
        if not name or name == names[code]["name"] or any(f" {key} " in held for held in in_academie_names):
            return ()
        return (name,)

    places = {key: (tuple(sorted(names[code]["name"] for code in departements)), academie_of(key, departements), True)
              for key, departements in codes.items()}
    # A département or a région named in a query is one place too (« Seine-Maritime » is not the words « seine »
    # and « maritime », which name no place alone), searched by its name; a département also through its
    # académie, for the fiches nearby when few are in it. A commune of the same name keeps its own entry.
    for code, departement in names.items():
        academie = academies.get(code)
        places.setdefault(strip_article(normalize_name(departement["name"])),
                          ((departement["name"],), (academie,) if academie and academie != departement["name"] else (),
                           False))
    for region in {departement.get("region_name") for departement in names.values()} - {None, ""}:
        places.setdefault(strip_article(normalize_name(region)), ((region,), (), False))
    return places


def find_towns(tokens: list[str]) -> list[Town]:
    """The towns named by runs of ``tokens`` (the query's words as typed, stop words in), longest first, not
    overlapping; a lower-case French word is no town, after its article too (« le sens de l'école » is no
    « Sens », « les tours » no « Tours »). « Saint Brieuc » stays one place rather than two words.

    A town is also searched through its départements, even when some fiche holds its name: a fiche that
    mentions « Sotteville-lès-Rouen » in its text is not in Rouen, and « lycée Rouen » wants the fiches of
    Seine-Maritime too. Those of the town itself, matching its words at full weight, come first."""
    towns, start = [], 0
    by_town = _places_by_town()
    while start < len(tokens):
        for end in range(min(len(tokens), start + MAX_TOWN_WORDS), start, -1):
            words = tokens[start:end]
            departements, academies, commune = by_town.get(strip_article(normalize_name(" ".join(words))), ((), (), True))
            named = words[1:] if len(words) == 2 and words[0].lower() in ARTICLES else words
            if departements and not (len(named) == 1 and named[0].islower() and is_french(fold(named[0]))
                                     and _near_word_before(tokens, start) is None):
                towns.append(Town(start, end, departements, academies, commune))
                start = end
                break
        else:
            start += 1
    return towns


def _near_word_before(tokens: list[str], start: int) -> int | None:
    """The position of the word before ``start``, stop words aside, when it says « near », else None: after it, a
    town's name that is also a French word is the town (« près de vichy », « vers tours »)."""
    before = [n for n in range(start) if tokens[n].lower() not in STOP_WORDS]
    return before[-1] if before and fold(tokens[before[-1]]) in NEAR_WORDS else None


def near_town(q: str) -> NearTown | None:
    """The first town of ``q`` named after a word that says « near » (« théâtre autour de Clermont », « du côté
    de Poitiers »), else None. The search page offers to search around it (the « Autour de » field), and offers
    the choice when the name is several communes'."""
    matches = list(WORD_RE.finditer(q or ""))
    tokens = [match.group() for match in matches]
    for town in find_towns(tokens):
        if not town.commune:
            continue
        first = _near_word_before(tokens, town.start)
        if first is None:
            continue
        while first and tokens[first - 1].lower() in STOP_WORDS:  # « du côté de », « à côté de »
            first -= 1
        start, end = matches[first].start(), matches[town.end - 1].end()
        return NearTown(q[matches[town.start].start():end], " ".join((q[:start] + q[end:]).split()))
    return None


def is_place_word(token: str) -> bool:
    """Whether a query word that names no town of the query is searched in the fiches' places too: not a common
    word of the language that is a word of a place's multi-word name (« port », « nuits », « ville », « pont »,
    « centre »), unless it is itself the one-word name of a département, a région or an académie (« Manche »,
    « la Réunion »). Such words weighed as places: « portes ouvertes » found Le Port and Port Louis, « la nuit de
    l'orientation » Nuits-Saint-Georges, « politique de la ville » Mantes-la-Ville. They are still searched in the
    titles and bodies, which name the lead structure and its commune; « collège » or « maison » (a structure's
    name) and acronyms keep the places."""
    folded = fold(token)
    return (not token[1:].islower() or stem(folded) not in _words_of_place_names() or folded in STRUCTURE_WORDS
            or folded in _one_word_areas())


@lru_cache(maxsize=1)
def _words_of_place_names() -> frozenset[str]:
    """The stems of the French words of the multi-word names of the communes of ``MIN_POPULATION`` inhabitants or
    more, the départements, régions and académies (read once per process)."""
    from geo.gazetteer import get_gazetteer

    names = [commune.name for commune in get_gazetteer().communes
             if commune.is_current and commune.population >= MIN_POPULATION]
    return frozenset(stem(word) for name in [*names, *_area_names()] if len(words := WORD_RE.findall(fold(name))) > 1
                     for word in words if word not in STOP_WORDS and is_french(word))


@lru_cache(maxsize=1)
def _one_word_areas() -> frozenset[str]:
    """The folded one-word names of the départements, régions and académies, after their article (« La Réunion »)."""
    words = [WORD_RE.findall(strip_article(normalize_name(name))) for name in _area_names()]
    return frozenset(fold(named[0]) for named in words if len(named) == 1)


def _area_names() -> set[str]:
    """The names of the départements, régions and académies."""
    from geo.academies import load_academies
    from geo.gazetteer import departement_names

    names = {name for departement in departement_names().values()
             for name in (departement["name"], departement.get("region_name"))}
    return {name for name in names | {academie["name"] for academie in load_academies()} if name}

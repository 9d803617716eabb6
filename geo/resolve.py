"""From a free-text query to gazetteer candidates, with a stated match kind.

Accepted forms: "Saint-Flour", "saint flour", "Saint Flour (15)",
"Saint-Flour, Cantal", "AGEN- Lot et Garonne", "15100 Saint-Flour",
"Paris 18e", an INSEE code "15187", a postal code "75018".

Steps (the first that yields candidates wins):

1. INSEE code, then postal code, when the query is only a code.
2. Arrondissement of Paris/Lyon/Marseille ("Paris 18e", "Lyon 3").
3. Exact normalised name (accents, case, hyphens, "St" ignored), filtered by
   the département / postal code / region hints found in the query. Several
   current communes left: the most populous is taken only when it has at
   least ``DOMINANCE`` times the population of the next one (reported in
   ``homonyms``); otherwise the result is **ambiguous**.
4. Fuzzy step, only within the hints when there are any. Candidates come from:
   a dropped or added leading article ("Haÿ-les-Roses" -> "L'Haÿ-les-Roses",
   score 0.97), the same letters without spaces (0.98), a name that starts
   with the query's words ("Saint-Maixent" -> "Saint-Maixent-l'École", 0.9)
   and spelling similarity (difflib ratio over a trigram shortlist, typos
   such as "Biscarosse"). The best is accepted when its score is at least
   ``FUZZY_MIN_SCORE`` and no other candidate is within ``FUZZY_MARGIN``
   of it (or it dominates them by population); otherwise ambiguous.
   Every fuzzy result is flagged ``match="fuzzy"`` with method, score and the
   other candidates; nothing is guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo.gazetteer import Commune, Gazetteer, get_gazetteer
from geo.normalize import compact, normalize_name, parse_arrondissement, strip_article

DOMINANCE = 10
FUZZY_MIN_SCORE = 0.85
FUZZY_MARGIN = 0.03
SCORE_ARTICLE = 0.97
SCORE_COMPACT = 0.98
SCORE_PREFIX = 0.9

_CODE = re.compile(r"^(?:\d{5}|2[ABab]\d{3})$")
_POSTAL_IN_TEXT = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_PAREN = re.compile(r"\(([^)]*)\)")
# Separators between a name and a qualifier: comma, semicolon, en/em dash,
# or a hyphen with a space on at least one side ("AGEN- Lot et Garonne").
_QUALIFIER_SPLIT = re.compile(r"\s*[,;–—]\s*|\s+-\s*|(?<=\S)-\s+")


@dataclass
class ParsedQuery:
    text: str
    name: str = ""
    code: str = ""
    postal_code: str = ""
    departements: set[str] = field(default_factory=set)
    ignored: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    commune: Commune
    score: float
    method: str  # exact, insee, postal_code, arrondissement, article, compact, prefix, similar


@dataclass
class Resolution:
    query: str
    status: str  # exact, fuzzy, ambiguous, not_found
    best: Candidate | None = None
    candidates: list[Candidate] = field(default_factory=list)
    homonyms: list[Commune] = field(default_factory=list)
    parsed: ParsedQuery | None = None


def postal_departement(postal_code: str) -> str:
    """Département implied by a postal code (Corsica "20" -> 2A/2B handled by caller)."""
    return postal_code[:3] if postal_code.startswith("97") else postal_code[:2]


def parse_query(text: str, gazetteer: Gazetteer, departement: str | None = None,
                postal_code: str | None = None) -> ParsedQuery:
    parsed = ParsedQuery(text=text)
    if departement:
        dep = gazetteer.departement_code(str(departement))
        if dep:
            parsed.departements.add(dep)
    if postal_code:
        parsed.postal_code = str(postal_code).strip()
    rest = text.strip()
    if _CODE.match(rest):
        parsed.code = rest.upper()
        return parsed
    for inside in _PAREN.findall(rest):
        dep = gazetteer.departement_code(inside)
        if dep:
            parsed.departements.add(dep)
        elif _POSTAL_IN_TEXT.fullmatch(inside.strip()):
            parsed.postal_code = inside.strip()
        else:
            parsed.ignored.append(inside)
    rest = _PAREN.sub(" ", rest)
    found = _POSTAL_IN_TEXT.search(rest)
    if found:
        parsed.postal_code = parsed.postal_code or found.group(1)
        rest = (rest[:found.start()] + " " + rest[found.end():]).strip()
    parts = [p for p in _QUALIFIER_SPLIT.split(rest) if p and p.strip()]
    if not parts:
        return parsed
    parsed.name = parts[0].strip()
    for qualifier in parts[1:]:
        dep = gazetteer.departement_code(qualifier)
        region_deps = gazetteer.region_departements(qualifier)
        if dep:
            parsed.departements.add(dep)
        elif region_deps:
            parsed.departements |= region_deps
        else:
            parsed.ignored.append(qualifier.strip())
    return parsed


def _filter(records, parsed: ParsedQuery) -> list[Commune]:
    out = list(records)
    if parsed.postal_code:
        by_cp = [c for c in out if parsed.postal_code in c.postal_codes]
        if by_cp:
            out = by_cp
        else:
            dep = postal_departement(parsed.postal_code)
            deps = {"2A", "2B"} if dep == "20" else {dep}
            out = [c for c in out if c.dep in deps or c.kind in "DA" and c.dep in deps]
    if parsed.departements:
        out = [c for c in out if c.dep in parsed.departements]
    return out


def _prefer_current(records: list[Commune]) -> list[Commune]:
    """Drop former communes when a current one is present, and duplicates of one code."""
    current = [c for c in records if c.is_current]
    chosen = current or records
    seen, out = set(), []
    for c in chosen:
        if c.insee not in seen:
            seen.add(c.insee)
            out.append(c)
    return out


def _dominant(records: list[Commune]) -> Commune | None:
    ranked = sorted(records, key=lambda c: -c.population)
    if len(ranked) == 1:
        return ranked[0]
    if ranked[0].population >= DOMINANCE * max(ranked[1].population, 1):
        return ranked[0]
    return None


def _from_codes(parsed: ParsedQuery, gaz: Gazetteer) -> Resolution | None:
    code = parsed.code
    commune = gaz.get(code)
    if commune:
        return Resolution(parsed.text, "exact", Candidate(commune, 1.0, "insee"), parsed=parsed)
    if code.isdigit():
        records = gaz.by_postal_code.get(code, [])
        # A postal code of a municipal arrondissement also sits on the city.
        arr_parents = {c.parent for c in records if c.kind == "M"}
        records = [c for c in _prefer_current(records) if c.insee not in arr_parents]
        if records:
            candidates = [Candidate(c, 1.0, "postal_code") for c in records]
            if len(records) == 1:
                return Resolution(parsed.text, "exact", candidates[0], candidates, parsed=parsed)
            return Resolution(parsed.text, "ambiguous", None, candidates, parsed=parsed)
    return Resolution(parsed.text, "not_found", parsed=parsed)


def _fuzzy(parsed: ParsedQuery, key: str, gaz: Gazetteer) -> list[Candidate]:
    scored: dict[tuple[str, str], Candidate] = {}

    def add(records, score, method):
        for c in _filter(records, parsed):
            k = (c.insee, c.kind)
            if k not in scored or scored[k].score < score:
                scored[k] = Candidate(c, score, method)

    bare = strip_article(key)
    add((c for c in gaz.by_article_free_key.get(bare, ()) if c.key != key), SCORE_ARTICLE, "article")
    add((c for c in gaz.by_compact_key.get(compact(key), ()) if c.key != key), SCORE_COMPACT, "compact")
    if len(key) >= 4:
        add(gaz.prefix_matches(key), SCORE_PREFIX, "prefix")
        if bare != key:
            add(gaz.prefix_matches(bare), SCORE_PREFIX - 0.02, "prefix")
    allowed = None
    if parsed.departements or parsed.postal_code:
        pool = _filter(gaz.communes, parsed)
        allowed = {c.key for c in pool}
    for ratio, other in gaz.similar_keys(key, allowed_keys=allowed):
        add(gaz.by_key[other], ratio, "similar")
    # One entry per INSEE code, current commune preferred.
    by_code: dict[str, Candidate] = {}
    for cand in sorted(scored.values(), key=lambda c: (-c.score, "CMDA".index(c.commune.kind))):
        by_code.setdefault(cand.commune.insee, cand)
    return sorted(by_code.values(), key=lambda c: (-c.score, -c.commune.population))


def resolve(query, departement: str | None = None, postal_code: str | None = None,
            gazetteer: Gazetteer | None = None) -> Resolution:
    """Resolve a place query to a commune; see the module docstring."""
    gaz = gazetteer or get_gazetteer()
    if isinstance(query, dict):
        departement = departement or query.get("departement") or query.get("county")
        postal_code = postal_code or query.get("postalcode") or query.get("postal_code")
        query = query.get("city") or query.get("commune") or query.get("query") or ""
    parsed = parse_query(str(query), gaz, departement, postal_code)
    if parsed.code:
        return _from_codes(parsed, gaz)
    if not parsed.name:
        if parsed.postal_code:
            parsed.code = parsed.postal_code
            return _from_codes(parsed, gaz)
        return Resolution(str(query), "not_found", parsed=parsed)

    arrondissement = parse_arrondissement(parsed.name)
    if arrondissement:
        commune = gaz.get(arrondissement[2])
        if commune:
            return Resolution(parsed.text, "exact", Candidate(commune, 1.0, "arrondissement"), parsed=parsed)

    key = normalize_name(parsed.name)
    if not key:
        return Resolution(parsed.text, "not_found", parsed=parsed)
    exact = _prefer_current(_filter(gaz.by_key.get(key, ()), parsed))
    if exact:
        candidates = [Candidate(c, 1.0, "exact") for c in exact]
        best = _dominant(exact)
        if best is None:
            return Resolution(parsed.text, "ambiguous", None, candidates, parsed=parsed)
        others = [c for c in exact if c is not best]
        return Resolution(parsed.text, "exact", Candidate(best, 1.0, "exact"), candidates,
                          homonyms=others, parsed=parsed)

    candidates = _fuzzy(parsed, key, gaz)
    good = [c for c in candidates if c.score >= FUZZY_MIN_SCORE]
    if not good:
        return Resolution(parsed.text, "not_found", None, candidates[:5], parsed=parsed)
    top = good[0]
    close = [c for c in good if top.score - c.score <= FUZZY_MARGIN]
    if len(close) == 1:
        return Resolution(parsed.text, "fuzzy", top, good[:5], parsed=parsed)
    best = _dominant([c.commune for c in close])
    if best is not None:
        chosen = next(c for c in close if c.commune is best)
        return Resolution(parsed.text, "fuzzy", chosen, good[:5], parsed=parsed)
    return Resolution(parsed.text, "ambiguous", None, good[:5], parsed=parsed)


MAX_CHOICES = 6


def commune_choices(resolution: Resolution, gazetteer: Gazetteer | None = None) -> list[Commune]:
    """The communes a place name may mean, largest first, when it may mean more than one; else [].

    Homonyms none of which dominates (« Saint-Denis »: 93 and 974), and a commune at least as
    large as the name's own whose name begins with it (« Clermont »: Clermont (60) and
    Clermont-Ferrand (63)). A query that names its département, an INSEE or postal code, or
    was matched approximately, asks for no choice. Communes without a point are left out.
    """
    parsed = resolution.parsed
    if resolution.status not in ("exact", "ambiguous") or parsed is None or parsed.departements or parsed.code:
        return []
    gaz = gazetteer or get_gazetteer()
    named = [c.commune for c in resolution.candidates] or ([resolution.best.commune] if resolution.best else [])
    own = [resolution.best.commune] if resolution.best else named
    floor = max((c.population for c in own), default=0)
    longer = [c for c in _prefer_current(gaz.prefix_matches(normalize_name(parsed.name)))
              if c.is_current and c.population >= floor]
    choices = [c for c in _prefer_current(own + longer) if c.has_point]
    choices.sort(key=lambda c: -c.population)
    return choices[:MAX_CHOICES] if len(choices) > 1 else []

"""The embedded commune gazetteer: loading and indexes.

``geo/data/communes.tsv.gz`` (built by :mod:`geo.build_gazetteer`) is read
once, on first use, into :class:`Gazetteer`, which indexes the records by
normalised name, INSEE code, postal code and département and answers
candidate lookups. Deciding which candidate a free-text query means (exact,
fuzzy, ambiguous) is :mod:`geo.resolve`'s job.
"""

from __future__ import annotations

import bisect
import difflib
import gzip
import json
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.normalize import compact, normalize_name, strip_article

DATA_DIR = Path(__file__).resolve().parent / "data"
COMMUNES_FILE = DATA_DIR / "communes.tsv.gz"
DEPARTEMENTS_FILE = DATA_DIR / "departements.json"

KIND_NAMES = {
    "C": "commune",
    "M": "arrondissement-municipal",
    "D": "commune-deleguee",
    "A": "commune-associee",
}
PRECISION_NAMES = {"c": "commune", "a": "approximate"}
# Where an approximate point comes from (see geo/build_gazetteer.py).
APPROXIMATION_NAMES = {"p": "parent_commune", "z": "postal_code", "D": "departement"}


@lru_cache(maxsize=2)
def departement_names(path: Path = DEPARTEMENTS_FILE) -> dict[str, dict]:
    """``{code: {"name", "region_name", …}}`` of the départements, without loading the communes."""
    with open(path, encoding="utf-8") as fh:
        return {d["code"]: d for d in json.load(fh)}


@dataclass(frozen=True, slots=True)
class Commune:
    insee: str
    name: str
    kind: str  # C, M, D or A (see KIND_NAMES)
    dep: str
    parent: str  # chef-lieu commune for D/A, commune for M, "" otherwise
    postal_codes: tuple[str, ...]
    population: int
    lat: float | None
    lon: float | None
    precision: str  # "c" commune, "a" approximate, "" no point
    source: str
    key: str  # normalised name

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def is_current(self) -> bool:
        """Current commune or municipal arrondissement (not a former commune)."""
        return self.kind in ("C", "M")


class Gazetteer:
    """In-memory indexes over the commune file."""

    def __init__(self, communes_file: Path = COMMUNES_FILE, departements_file: Path = DEPARTEMENTS_FILE):
        self.communes: list[Commune] = []
        self.by_insee: dict[str, list[Commune]] = defaultdict(list)
        self.by_key: dict[str, list[Commune]] = defaultdict(list)
        self.by_article_free_key: dict[str, list[Commune]] = defaultdict(list)
        self.by_compact_key: dict[str, list[Commune]] = defaultdict(list)
        self.by_postal_code: dict[str, list[Commune]] = defaultdict(list)
        self.by_dep: dict[str, list[Commune]] = defaultdict(list)
        self._load(communes_file)
        self.departements: dict[str, dict] = departement_names(departements_file)
        self.departement_by_key = {normalize_name(d["name"]): code for code, d in self.departements.items()}
        self.region_deps: dict[str, set[str]] = defaultdict(set)
        for code, d in self.departements.items():
            if d.get("region_name"):
                self.region_deps[normalize_name(d["region_name"])].add(code)
        self._sorted_keys = sorted(self.by_key)
        self._trigrams: dict[str, set[str]] | None = None
        self._trigram_lock = threading.Lock()

    def _load(self, path: Path) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            assert header[:3] == ["insee", "name", "kind"], header
            for line in fh:
                f = line.rstrip("\n").split("\t")
                commune = Commune(
                    insee=f[0], name=f[1], kind=f[2], dep=f[3], parent=f[4],
                    postal_codes=tuple(f[5].split()) if f[5] else (),
                    population=int(f[6]) if f[6] else 0,
                    lat=float(f[7]) if f[7] else None, lon=float(f[8]) if f[8] else None,
                    precision=f[9], source=f[10], key=normalize_name(f[1]),
                )
                self.communes.append(commune)
                self.by_insee[commune.insee].append(commune)
                self.by_key[commune.key].append(commune)
                self.by_article_free_key[strip_article(commune.key)].append(commune)
                self.by_compact_key[compact(commune.key)].append(commune)
                for cp in commune.postal_codes:
                    self.by_postal_code[cp].append(commune)
                self.by_dep[commune.dep].append(commune)

    # -- direct lookups -------------------------------------------------

    def get(self, insee: str) -> Commune | None:
        """The record of an INSEE code, current commune first."""
        records = self.by_insee.get(insee.upper())
        if not records:
            return None
        return min(records, key=lambda c: "CMDA".index(c.kind))

    def lookup(self, name: str) -> list[Commune]:
        """Records whose normalised name equals that of *name*."""
        return list(self.by_key.get(normalize_name(name), ()))

    def departement_code(self, text: str) -> str | None:
        """Département code from "15", "2a", "Cantal", "Lot et Garonne"."""
        raw = text.strip().upper()
        if raw in self.departements:
            return raw
        if raw.isdigit() and len(raw) == 1 and "0" + raw in self.departements:
            return "0" + raw
        return self.departement_by_key.get(normalize_name(text))

    def region_departements(self, text: str) -> set[str]:
        return self.region_deps.get(normalize_name(text), set())

    # -- fuzzy support --------------------------------------------------

    def prefix_matches(self, key: str) -> list[Commune]:
        """Records whose name starts with all the words of *key* and has more words."""
        prefix = key + " "
        out = []
        i = bisect.bisect_left(self._sorted_keys, prefix)
        while i < len(self._sorted_keys) and self._sorted_keys[i].startswith(prefix):
            out.extend(self.by_key[self._sorted_keys[i]])
            i += 1
        return out

    @staticmethod
    def _grams(key: str) -> set[str]:
        padded = f"  {key} "
        return {padded[i:i + 3] for i in range(len(padded) - 2)}

    def _trigram_index(self) -> dict[str, set[str]]:
        with self._trigram_lock:
            if self._trigrams is None:
                index: dict[str, set[str]] = defaultdict(set)
                for key in self.by_key:
                    for gram in self._grams(key):
                        index[gram].add(key)
                self._trigrams = dict(index)
        return self._trigrams

    def similar_keys(self, key: str, limit: int = 12, min_ratio: float = 0.75,
                     allowed_keys: set[str] | None = None) -> list[tuple[float, str]]:
        """Names close to *key* (typos): trigram shortlist, then difflib ratio."""
        grams = self._grams(key)
        counts: dict[str, int] = defaultdict(int)
        if allowed_keys is not None:
            for other in allowed_keys:
                counts[other] = len(grams & self._grams(other))
        else:
            index = self._trigram_index()
            for gram in grams:
                for other in index.get(gram, ()):
                    counts[other] += 1
        shortlist = sorted(counts, key=counts.get, reverse=True)[:200]
        scored = []
        for other in shortlist:
            ratio = difflib.SequenceMatcher(None, key, other, autojunk=False).ratio()
            if ratio >= min_ratio:
                scored.append((round(ratio, 3), other))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return scored[:limit]


_GAZETTEER: Gazetteer | None = None
_LOCK = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first call."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOCK:
            if _GAZETTEER is None:
                _GAZETTEER = Gazetteer()
    return _GAZETTEER

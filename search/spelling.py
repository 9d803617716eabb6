"""Spelling correction of query words for the database backend, from the words of the index.

A query word that no indexed fiche holds (and that is no vocabulary phrase) is replaced by
the nearest word of :class:`search.models.FicheSearchWord` within one edit (words of 4 to 7
letters) or two edits (8 letters or more), edits counted as rapidfuzz's optimal string
alignment distance (a letter missing, added, replaced, or two neighbours swapped); the most
frequent word wins a tie. The word list is read once per process and again after
``CACHE_SECONDS`` or a write of this process to the index.
"""
from __future__ import annotations

import threading
import time

from rapidfuzz import process
from rapidfuzz.distance import OSA

CACHE_SECONDS = 300.0
MIN_LENGTH = 4
TWO_EDITS_LENGTH = 8


def max_edits(word: str) -> int:
    if len(word) < MIN_LENGTH or word.isdigit():
        return 0
    return 2 if len(word) >= TWO_EDITS_LENGTH else 1


class Speller:
    def __init__(self):
        self._words: list[str] = []
        self._known: set[str] = set()
        self._documents: list[int] = []
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def forget(self) -> None:
        self._loaded_at = 0.0

    def _load(self) -> None:
        from .models import FicheSearchWord

        if self._loaded_at and time.monotonic() - self._loaded_at < CACHE_SECONDS:
            return
        with self._lock:
            rows = list(FicheSearchWord.objects.values_list("word", "documents"))
            self._words = [word for word, _n in rows]
            self._documents = [n for _word, n in rows]
            self._known = set(self._words)
            self._loaded_at = time.monotonic()

    def knows(self, word: str) -> bool:
        """Whether an indexed fiche holds ``word`` (folded)."""
        self._load()
        return word in self._known

    def correct(self, word: str) -> str | None:
        """The indexed word nearest to ``word`` (a folded word no fiche holds), or None."""
        edits = max_edits(word)
        if not edits:
            return None
        self._load()
        matches = process.extract(word, self._words, scorer=OSA.distance, score_cutoff=edits, limit=20)
        if not matches:
            return None
        best = min(matches, key=lambda m: (m[1], -self._documents[m[2]], m[0]))
        return best[0]


speller = Speller()

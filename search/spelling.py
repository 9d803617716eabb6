"""Spelling correction of query words for the database backend, from the words of the index.

A query word that no indexed fiche holds (and that is no vocabulary phrase) is replaced by
the nearest word of :class:`search.models.FicheSearchWord` within one edit (words of 4 to 7
letters) or two edits (8 letters or more), edits counted as rapidfuzz's optimal string
alignment distance (a letter missing, added, replaced, or two neighbours swapped). The words at the
least distance are the candidates, the most frequent first: the planner takes the one that makes a phrase
of the vocabulary with the query's other words, else the first (:mod:`search.query`). The word list is
read once per process and again after ``CACHE_SECONDS`` or a write of this process to the index, and
kept sorted by length: a word within k edits is at most k letters longer or shorter, so only that slice
is compared (from a sixth to three fifths of the list, by the word's length).
"""
from __future__ import annotations

import bisect
import threading
import time
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

CACHE_SECONDS = 300.0
MIN_LENGTH = 4
TWO_EDITS_LENGTH = 8


def max_edits(word: str) -> int:
    if len(word) < MIN_LENGTH or word.isdigit():
        return 0
    return 2 if len(word) >= TWO_EDITS_LENGTH else 1


class Words(NamedTuple):
    """The spelling words sorted by length, with how many fiches hold each: replaced whole on a reload,
    so that a thread never reads the words of one load with the counts of another."""
    words: list[str]
    documents: list[int]
    lengths: list[int]
    known: frozenset[str]


NO_WORDS = Words([], [], [], frozenset())


class Speller:
    def __init__(self):
        self._words = NO_WORDS
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def forget(self) -> None:
        self._loaded_at = 0.0

    def _load(self) -> Words:
        from .models import FicheSearchWord

        if self._loaded_at and time.monotonic() - self._loaded_at < CACHE_SECONDS:
            return self._words
        with self._lock:
            rows = sorted(FicheSearchWord.objects.values_list("word", "documents"), key=lambda row: len(row[0]))
            words = [word for word, _n in rows]
            self._words = Words(words, [n for _word, n in rows], [len(word) for word in words], frozenset(words))
            self._loaded_at = time.monotonic()
            return self._words

    def knows(self, word: str) -> bool:
        """Whether an indexed fiche holds ``word`` (folded)."""
        return word in self._load().known

    def candidates(self, word: str) -> list[str]:
        """The indexed words nearest to ``word`` (a folded word no fiche holds), the most frequent first."""
        edits = max_edits(word)
        if not edits:
            return []
        loaded = self._load()
        start = bisect.bisect_left(loaded.lengths, len(word) - edits)
        end = bisect.bisect_right(loaded.lengths, len(word) + edits)
        matches = process.extract(word, loaded.words[start:end], scorer=OSA.distance, score_cutoff=edits, limit=20)
        if not matches:
            return []
        least = min(distance for _word, distance, _n in matches)
        nearest = [match for match in matches if match[1] == least]
        return [match[0] for match in sorted(nearest, key=lambda m: (-loaded.documents[start + m[2]], m[0]))]


speller = Speller()

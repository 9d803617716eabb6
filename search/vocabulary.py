"""The vocabulary of the field (acronyms, synonyms) and how it expands a query.

Lines use the Solr/Elasticsearch synonym format: ``a, b, c`` (equivalent) or ``a => b, c``
(one way). They live in :class:`search.models.SearchSynonym` (edited by académie moderators in
the admin, seeded from ``search/data/vocabulary.txt``). The database backend applies them **when a
query is run**: :func:`get_vocabulary` maps each phrase, as analysed terms, to the phrases it also
means, and :mod:`search.query` turns a phrase found in the query into alternatives; an edit takes
effect at the next query (at most ``CACHE_SECONDS`` later in another process). Elasticsearch has
them natively, as the ``synonym_graph`` filter of its search analyzer (:func:`synonym_rules`,
:mod:`search.documents`); an edit builds a new index with them and swaps the alias.
"""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .text import analyze

SEED_FILE = Path(__file__).resolve().parent / "data" / "vocabulary.txt"
CACHE_SECONDS = 60.0
MAX_PHRASE_TERMS = 8
# The terms of one line (the seed's longest has 12). Each term of an equivalence line means every other, in each
# process's vocabulary and in Elasticsearch's synonym map: n² entries (2,000 terms took every web process 1.5 s at each
# reload and timed out the index's creation).
MAX_LINE_TERMS = 50

Phrase = tuple[str, ...]


@dataclass
class Rule:
    """``sources`` each also mean every phrase of ``targets``."""

    sources: list[str]
    targets: list[str]


def parse_line(line: str) -> Rule | None:
    """The rule of one vocabulary line, or None for a blank, a comment or a single term."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    if "=>" in line:
        left, _sep, right = line.partition("=>")
        sources, targets = _split(left), _split(right)
        return Rule(sources, targets) if sources and targets else None
    terms = _split(line)
    return Rule(terms, terms) if len(terms) > 1 else None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def line_terms(rule: Rule) -> int:
    """How many distinct terms ``rule`` names, on either side."""
    return len(set(rule.sources) | set(rule.targets))


def read_seed_lines() -> list[str]:
    """The rule lines of the seed file (comments and blanks left out)."""
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if parse_line(line)]


def add_new_seed_lines(apps, schema_editor) -> None:
    """A data migration's step (fiche_search 0005, 0007, 0008): the seed file's lines whose exact text an
    installation that has its vocabulary already does not hold (0003 seeds a new installation from the file as
    it is then). Lines moderators edited or deleted stay as they are; only a new line is added."""
    synonym_model = apps.get_model("fiche_search", "SearchSynonym")
    if not synonym_model.objects.exists():
        return
    present = set(synonym_model.objects.values_list("terms", flat=True))
    synonym_model.objects.bulk_create([synonym_model(terms=line) for line in read_seed_lines() if line not in present])


def synonym_rules(lines) -> list[str]:
    """The vocabulary's lines as Elasticsearch ``synonym_graph`` rules, meaning what :class:`Vocabulary` means:
    a one-way ``a => b, c`` keeps ``a`` itself (the Solr format would replace it), so it becomes ``a => a, b, c``."""
    rules = []
    for line in lines:
        rule = parse_line(line)
        if rule is None:
            continue
        if rule.sources is rule.targets:
            rules.append(", ".join(rule.sources))
        else:
            rules += [f"{source} => " + ", ".join(dict.fromkeys([source, *rule.targets])) for source in rule.sources]
    return rules


def rules_version(rules: list[str]) -> str:
    """A short fingerprint of ``rules``: the index records it, so a changed vocabulary is seen."""
    return hashlib.sha256("\n".join(rules).encode()).hexdigest()[:16]


def current_lines() -> list[str]:
    """The vocabulary's lines as the admin holds them now (not cached)."""
    from .models import SearchSynonym

    return list(SearchSynonym.objects.order_by("pk").values_list("terms", flat=True))


@dataclass
class Vocabulary:
    """``expansions[phrase]``: the other phrases a phrase also means, all as analysed terms;
    ``texts[phrase]``: the phrase as written in the vocabulary (for Elasticsearch, which analyses it)."""

    expansions: dict[Phrase, set[Phrase]] = field(default_factory=dict)
    texts: dict[Phrase, str] = field(default_factory=dict)
    longest: int = 1

    @classmethod
    def from_lines(cls, lines) -> Vocabulary:
        vocabulary = cls()
        for line in lines:
            rule = parse_line(line)
            if rule is None:
                continue
            targets = {phrase for text in rule.targets if (phrase := vocabulary._phrase(text))}
            for text in rule.sources:
                source = vocabulary._phrase(text)
                if source:
                    vocabulary.expansions.setdefault(source, set()).update(targets - {source})
                    vocabulary.longest = max(vocabulary.longest, len(source))
        return vocabulary

    def _phrase(self, text: str) -> Phrase:
        phrase = tuple(analyze(text))[:MAX_PHRASE_TERMS]
        if phrase:
            self.texts.setdefault(phrase, text)
        return phrase

    def find(self, terms: list[str]) -> list[tuple[int, int, set[Phrase]]]:
        """``(start, end, other phrases)`` of the vocabulary phrases in ``terms``, longest first, not overlapping."""
        found, start = [], 0
        while start < len(terms):
            for end in range(min(len(terms), start + self.longest), start, -1):
                others = self.expansions.get(tuple(terms[start:end]))
                if others:
                    found.append((start, end, others))
                    start = end
                    break
            else:
                start += 1
        return found




_cache: tuple[float, Vocabulary | None] = (0.0, None)
_lock = threading.Lock()


def get_vocabulary() -> Vocabulary:
    """The vocabulary of the admin's entries, read again at most every ``CACHE_SECONDS``."""
    global _cache
    loaded_at, vocabulary = _cache
    if vocabulary is None or time.monotonic() - loaded_at > CACHE_SECONDS:
        from .models import SearchSynonym

        with _lock:
            vocabulary = Vocabulary.from_lines(SearchSynonym.objects.values_list("terms", flat=True))
            _cache = (time.monotonic(), vocabulary)
    return vocabulary


def forget_vocabulary(**kwargs) -> None:
    """Drop this process's cached vocabulary (connected to saves and deletes of entries)."""
    global _cache
    _cache = (0.0, None)

"""Relevance of the fiche search on the demo registry, per kind of query and per backend.

Run (Elasticsearch must answer at ACCROCHE_BENCH_ES_URL; the database is that of DATABASE_URL,
a throw-away one: the demo is loaded into it when it has no fiche):
    DATABASE_URL=postgres://accroche@127.0.0.1:54329/accroche_relevance \
    ACCROCHE_BENCH_ES_URL=http://127.0.0.1:9217 .venv/bin/python bench/relevance.py [--set tuning|heldout|blind|blind2|dev|blind3|blind4|blind5|blind6|blind7|blind8|blind9|blind10|blind11|blind12|blind13|blind14|blind15|blind16|blind17] [--write]

The judged queries are bench/relevance/queries.yaml (the tuning set, the default), with ``--set heldout``
bench/relevance/heldout.yaml (kept aside until 2026-12-01, then read query by query to diagnose long
questions; ``--heldout`` says the same) or with
``--set blind`` bench/relevance/blind.yaml (36 queries written later by someone else than the tuning set's
author, before a second round of changes, its results not looked at query by query) or with ``--set blind2``
bench/relevance/blind2.yaml (48 queries, eight of each kind, a second blind set of the same kind, written
before a third round of changes; only its aggregate scores are reported), ``--set dev`` bench/relevance/dev.yaml
(44 paraphrases and long questions written on 2026-12-01 by someone who had not read the search code, to diagnose
those two kinds: read query by query) and ``--set blind3`` bench/relevance/blind3.yaml (52 queries of the six
kinds, written the same day by another such author before that day's changes: kept aside, aggregates only),
``--set blind4`` bench/relevance/blind4.yaml (54 queries, nine of each kind, written at the start of the next
session by another such author, kept aside the same way), ``--set blind5`` bench/relevance/blind5.yaml (60 queries,
ten of each kind, written by another such author at the start of the session after, kept aside the same way),
``--set blind6`` bench/relevance/blind6.yaml (48 queries, eight of each kind, written the same way two sessions
later; its first scores, run before any change of that session, are its blind ones, then its misses were read),
``--set blind7`` bench/relevance/blind7.yaml (48 queries, eight of each kind, typed in ordinary French with its
accents, written the same way at the start of the session after; its first scores are its blind ones, then its
misses were read), ``--set blind8`` bench/relevance/blind8.yaml (60 queries, ten of each kind, typed quickly: lower
case, accents dropped in half of them, apostrophes sometimes lost; written and read the same way a session later),
``--set blind9`` bench/relevance/blind9.yaml (60 queries, ten of each kind, each typed by a named kind of user in
everyday French with its accents; written the same way two sessions later), ``--set blind10``
bench/relevance/blind10.yaml (60 queries, ten of each kind, typed from memory a week after a network day, written
the same way the same session: kept aside, aggregates only), ``--set blind11`` bench/relevance/blind11.yaml (60
queries, ten of each kind, typed from a problem met in the establishment rather than a practice, a third in lower
case without accents; written the same way a session later, run first on the code before that session's changes),
``--set blind12`` bench/relevance/blind12.yaml (60 queries, ten of each kind, typed by partners outside the
Éducation nationale in their own words, or from a half-remembered name; written and run first the same way a
session later), ``--set blind13`` bench/relevance/blind13.yaml (60 queries: paraphrase 12, word forms 8, acronym 8,
typo 8, place 10, long question 14, typed by network members who describe a practice by its effect or its means
as the fiche's body tells them; written and run first the same way a session later), ``--set blind14``
bench/relevance/blind14.yaml (60 queries, ten of each kind, half typed by académie analysts and moderators
compiling the synthesis, half by newly appointed teachers and CPEs in vague everyday words; written and run first
the same way a session later), ``--set blind15`` bench/relevance/blind15.yaml (60 queries, ten of each kind, half
typed by principals and deputy principals in management words, half dictated to a phone by PsyEN, social workers
and school nurses, with a dictation's homophones and agreement mistakes; written and run first the same way a
session later), ``--set blind16`` bench/relevance/blind16.yaml (60 queries, ten of each kind, half typed by
académie staff writing a report in formal administrative French, half typed fast at the vie scolaire desk by AED
and CPEs in colloquial words and a school's abbreviations; written and run first the same way a session later),
``--set blind17`` bench/relevance/blind17.yaml (60 queries, ten of each kind, half typed by a newly arrived
contract teacher or PLP in plain words, half by a network coordinator preparing a meeting with acronyms, places and
partners; written and run first the same way a session later); ``--set all`` evaluates every set together
(1,120 queries).
Every query has at least
one relevant fiche, named by its slug. For each system, per kind of query and overall:

- MRR@10: mean of 1/rank of the first relevant fiche in the first ten (0 when none);
- recall@10: relevant fiches among the first ten / min(10, number of relevant fiches);
- empty: share of queries answered with no fiche at all.

Systems, run on the same fiches in the same process: our database backend (on the database of
DATABASE_URL), our Elasticsearch backend, Wagtail's own database backend (``SEARCH_CONFIG=french``
on PostgreSQL), and a textbook BM25 (rank_bm25's BM25Okapi over title + body, French Snowball
stems of snowballstemmer, French stop words, OR semantics).
With ``--write`` the tables replace this database's part of the "Recherche — pertinence"
section of bench/RESULTS.md.
"""
import argparse
import os
import platform
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402
from django.db import connection  # noqa: E402

from search.backends.database import DatabaseSearchBackend  # noqa: E402
from search.backends.elasticsearch import ElasticsearchSearchBackend  # noqa: E402
from search.params import SearchParams  # noqa: E402

ES_URL = os.environ.get("ACCROCHE_BENCH_ES_URL", "http://127.0.0.1:9217")
RELEVANCE = ROOT / "bench" / "relevance"
SETS = {"tuning": RELEVANCE / "queries.yaml", "heldout": RELEVANCE / "heldout.yaml", "dev": RELEVANCE / "dev.yaml",
        **{path.stem: path for path in sorted(RELEVANCE.glob("blind*.yaml"))}}
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Recherche — pertinence"
TOP = 10
KINDS = ("paraphrase", "word_forms", "acronym", "typo", "place", "long_question")


ALL = "all"


def load_queries(name: str) -> list[dict]:
    """The judged queries of one set, or with ``all`` those of every set together."""
    if name == ALL:
        return [query for each in SETS for query in load_queries(each)]
    return yaml.safe_load(SETS[name].read_text(encoding="utf-8"))["queries"]


def ensure_demo() -> None:
    from fiches.models import FichePage
    from portal.home.demo import load_demo

    if not FichePage.objects.live().exists():
        load_demo(say=lambda *args: None)


def judge(ranked: list[str], relevant: list[str]) -> tuple[float, float]:
    """(reciprocal rank, recall) of one ranked list of slugs, both within the first ``TOP``."""
    top = ranked[:TOP]
    rank = next((n for n, slug in enumerate(top, 1) if slug in relevant), None)
    recall = sum(slug in relevant for slug in top) / min(TOP, len(relevant))
    return (1 / rank if rank else 0.0), recall


def evaluate(run, queries) -> dict:
    """Scores of ``run(q) -> [slugs]`` by kind (and ``all``), with misses and latency."""
    by_kind, misses, durations = defaultdict(list), [], []
    for query in queries:
        started = time.perf_counter()
        ranked = run(query["q"])
        durations.append(time.perf_counter() - started)
        rr, recall = judge(ranked, query["relevant"])
        row = (rr, recall, not ranked)
        by_kind[query["kind"]].append(row)
        by_kind["all"].append(row)
        if rr < 1 or recall < 1:
            ranks = [ranked[:TOP].index(slug) + 1 if slug in ranked[:TOP] else None for slug in query["relevant"]]
            misses.append((query["q"], rr, recall, ranks, ranked[:3]))
    scores = {kind: tuple(statistics.mean(values) for values in zip(*rows)) for kind, rows in by_kind.items()}
    return {"scores": scores, "misses": misses, "p95_ms": sorted(durations)[int(0.95 * (len(durations) - 1))] * 1000}


# --- the systems -----------------------------------------------------------------


def slug_of_ids() -> dict[int, str]:
    from fiches.models import FichePage

    return dict(FichePage.objects.live().values_list("pk", "slug"))


def ours(backend, slugs):
    return lambda q: [slugs[hit.id] for hit in backend.search(SearchParams(q=q, size=TOP)).hits]


def textbook_bm25(slugs):
    """BM25Okapi over title + body of the search documents: Snowball stems, stop words, OR semantics."""
    import snowballstemmer
    from rank_bm25 import BM25Okapi

    from search.document_data import iter_documents

    stemmer = snowballstemmer.stemmer("french")
    stop = {"a", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il", "je",
            "la", "le", "les", "leur", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon", "ne", "nos", "notre",
            "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "ta", "te",
            "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "c", "d", "j", "l", "m", "n", "s", "t", "y"}

    def tokens(text):
        words = [w for w in re.findall(r"\w+", text.lower()) if w not in stop]
        return stemmer.stemWords(words)

    documents = list(iter_documents())
    index = BM25Okapi([tokens(doc["title"] + " " + doc["body"]) for doc in documents])
    ids = [doc["id"] for doc in documents]

    def run(q):
        scores = index.get_scores(tokens(q))
        ranked = sorted(range(len(ids)), key=lambda n: -scores[n])
        return [slugs[ids[n]] for n in ranked[:TOP] if scores[n] > 0]

    return run


def wagtail_database(slugs):
    """Wagtail's database search backend, built ad hoc (not in settings), with the live fiches indexed."""
    from wagtail.search.backends import get_search_backend as wagtail_search_backend

    from fiches.models import FichePage

    backend = wagtail_search_backend("wagtail.search.backends.database", SEARCH_CONFIG="french")
    index = backend.get_index_for_model(FichePage)
    index.add_model(FichePage)
    index.add_items(FichePage, list(FichePage.get_indexed_objects().live().order_by("pk")))
    return lambda q: [slugs[page.pk] for page in backend.search(q, FichePage.objects.live())[:TOP]]


# --- report --------------------------------------------------------------------------


def table(results: dict[str, dict]) -> list[str]:
    kinds = [kind for kind in (*KINDS, "all") if any(kind in r["scores"] for r in results.values())]
    lines = ["| System | " + " | ".join(kinds) + " | p95 |", "| --- |" + " --- |" * (len(kinds) + 1)]
    for name, result in results.items():
        cells = []
        for kind in kinds:
            mrr, recall, empty = result["scores"].get(kind, (0, 0, 0))
            cells.append(f"{mrr:.2f} / {recall:.2f} / {empty:.0%}")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {result['p95_ms']:.0f} ms |")
    return lines


def source(set_name: str) -> str:
    if set_name == ALL:
        return "every set of `bench/relevance/` together"
    return f"`{SETS[set_name].relative_to(ROOT)}`"


def write(lines: list[str], set_name: str) -> None:
    """Replace this run's subsection (set × database) of the relevance section of RESULTS.md."""
    title = f"### {set_name} set, database {connection.vendor}"
    text = RESULTS.read_text(encoding="utf-8")
    if SECTION not in text:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n`bench/relevance.py`: see its docstring. Cells: MRR@10 / recall@10 / share answered with nothing.\n"
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    end = len(text) if end < 0 else end
    section = text[start:end]
    section = re.sub(rf"\n{re.escape(title)}\n.*?(?=\n### |\Z)", "", section, flags=re.S).rstrip("\n")
    section += "\n\n" + "\n".join([title, "", *lines]) + "\n"
    RESULTS.write_text(text[:start] + section + text[end:], encoding="utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=sorted([*SETS, ALL]), default="tuning",
                        help="the judged set to evaluate (all: every set together)")
    parser.add_argument("--heldout", action="store_true", help="evaluate the held-out set (same as --set heldout)")
    parser.add_argument("--write", action="store_true", help="record the tables in bench/RESULTS.md")
    parser.add_argument("--no-es", action="store_true", help="skip Elasticsearch")
    parser.add_argument("--misses", action="store_true", help="print the queries whose first result is not relevant or that miss a relevant fiche in the first ten, "
                             "with the rank of each relevant fiche (None: not in the first ten)")
    args = parser.parse_args()
    set_name = "heldout" if args.heldout else args.set
    queries = load_queries(set_name)
    ensure_demo()
    slugs = slug_of_ids()
    unknown = {slug for query in queries for slug in query["relevant"]} - set(slugs.values())
    if unknown:
        raise SystemExit(f"Fiches jugées absentes de la démonstration : {sorted(unknown)}")
    results = {}
    database = DatabaseSearchBackend()
    database.rebuild()
    results[f"Accroche database backend ({connection.vendor})"] = evaluate(ours(database, slugs), queries)
    if not args.no_es:
        # Corrected by the database backend's speller, as get_search_backend() wires it in production.
        elastic = ElasticsearchSearchBackend(ES_URL, f"bench-relevance-{datetime.now():%Y%m%d%H%M%S}", timeout=60,
                                             corrector=database.corrections)
        elastic.rebuild()
        try:
            results["Accroche Elasticsearch backend"] = evaluate(ours(elastic, slugs), queries)
        finally:
            for index in elastic.client.indices.get_alias(name=elastic.alias):
                elastic.client.indices.delete(index=index)
    results["Textbook BM25 (rank_bm25 + French Snowball)"] = evaluate(textbook_bm25(slugs), queries)
    if connection.vendor == "postgresql":
        results["Wagtail database backend (PostgreSQL, french)"] = evaluate(wagtail_database(slugs), queries)
    load = os.getloadavg()
    lines = [
        f"{date.today()}, {platform.machine()}, {os.cpu_count()} cores, {len(queries)} queries of "
        f"{source(set_name)} on {len(slugs)} demo fiches; load average {load[0]:.2f}.",
        "",
        *table(results),
    ]
    print("\n".join(lines))
    if args.misses:
        for name, result in results.items():
            print(f"\n{name}:")
            for q, rr, recall, ranks, top in result["misses"]:
                print(f"  {rr:.2f} {recall:.2f}  {q!r}  ranks {ranks}  -> {top}")
    if args.write:
        write(lines, set_name)


if __name__ == "__main__":
    main()

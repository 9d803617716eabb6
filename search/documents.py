"""The Elasticsearch mapping of a fiche (elasticsearch-dsl) and its French analysis chain.

Text is analysed by ``french_text``: standard tokenizer, elision (l', d', qu'…), lower case,
the French stop words of :mod:`search.text`, the French Snowball stemmer, then ASCII folding:
the chain of :mod:`search.text` that the database backend runs in Python, so that both
backends index and search the same terms (« décrochés » and « decroche » meet).
``title``, ``body`` and ``places`` (the fiche's structures, communes, département, académie)
are also copied, folded but not stemmed, into ``spell``, which typo-tolerant (fuzzy) matching
and the spelling suggester read, and where a query word's family (a stem prefix) is looked up:
``spell`` also indexes the beginnings of its words (``index_prefixes``, from the shortest family
prefix on), so that a family is one indexed term to read rather than a dozen words' to merge.
Facets are keywords, and ``facet_values`` holds them all, prefixed by their facet's name, for the
one aggregation that counts them; the lead structure's position is a ``geo_point``; ``suggest``
feeds the search box. ``audience`` holds the tokens that open the fiche (:mod:`fiches.visibility`):
every query filters on it, the suggester through a category context.

The vocabulary of the field (acronyms, synonyms, :mod:`search.vocabulary`) is in the index's
search analyzer, ``french_search``: the same chain ending with a ``synonym_graph`` filter built
from the vocabulary's lines, so a query term also matches what it means (« MLDS » → « mission de
lutte contre le décrochage scolaire »); documents are indexed without it. The index records the
version of the vocabulary it was built with (``_meta.vocabulary``); an edit of the vocabulary
builds a new index and swaps the alias (:mod:`search.signals`). A change of this mapping or
analysis needs ``manage.py search_index --rebuild``.
"""
from elasticsearch_dsl import Completion, Date, Document, GeoPoint, Index, Keyword, Long, MetaField, Text, analyzer, token_filter

from .facets import FACET_FIELDS
from .query import MIN_FAMILY_STEM
from .text import STOP_WORDS, WORD_RE

french_elision = token_filter(
    "french_elision", "elision", articles_case=True,
    articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
)
french_stop = token_filter("french_stop", "stop", stopwords=sorted(STOP_WORDS), ignore_case=True)
french_stemmer = token_filter("french_snowball", "snowball", language="French")

FRENCH_FILTERS = [french_elision, "lowercase", french_stop, french_stemmer, "asciifolding"]
french_text = analyzer("french_text", tokenizer="standard", filter=FRENCH_FILTERS)
SEARCH_ANALYZER = "french_search"
VOCABULARY_FILTER = "accroche_vocabulary"
folded = analyzer("folded", tokenizer="standard", filter=[french_elision, "lowercase", "asciifolding"])
suggest_folded = analyzer("suggest_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}
# An index built for this many fiches or more gets two shards, which a search reads in parallel (each
# merged into one segment after the bulk load): at 100,000 fiches a text query scores some 90,000 of them.
TWO_SHARDS_FROM = 50_000
MAX_SUGGEST_INPUTS = 6
# Word beginnings of ``spell`` indexed as terms: a family prefix of this many letters at most is one term query
# (Elasticsearch allows 19); a longer one is expanded among the indexed words. At 100,000 fiches a typo query
# costs Elasticsearch a fifth less, for a third more index on disk and a bulk load a fifth slower.
FAMILY_PREFIXES = {"min_chars": MIN_FAMILY_STEM, "max_chars": 19}


class FicheDocument(Document):
    title = Text(analyzer=french_text, search_analyzer=SEARCH_ANALYZER, copy_to="spell")
    body = Text(analyzer=french_text, search_analyzer=SEARCH_ANALYZER, index_options="offsets", copy_to="spell")
    places = Text(analyzer=french_text, search_analyzer=SEARCH_ANALYZER, copy_to="spell")
    spell = Text(analyzer=folded, index_prefixes=FAMILY_PREFIXES)
    # Suggestions are filtered by the visitor's tokens through a category context on ``audience``.
    suggest = Completion(analyzer=suggest_folded, preserve_separators=True,
                         contexts=[{"name": "audience", "type": "category", "path": "audience"}])
    url = Keyword(index=False)
    academie = Keyword()
    levels = Keyword()
    themes = Keyword()
    dispositifs = Keyword()
    publics = Keyword()
    annees = Keyword()
    etablissement = Keyword(index=False)
    commune = Keyword()
    location = GeoPoint()
    date = Date()
    revision_id = Long()
    audience = Keyword()  # the tokens that open the fiche (fiches.visibility)
    # Every facet value as "<facet>:<value>": one aggregation counts all the facets (six cost twice as much).
    facet_values = Keyword()

    class Meta:
        dynamic = MetaField(False)


def french_search(rules: list[str] | None):
    """The search analyzer: ``french_text``'s chain, then the vocabulary's ``synonym_graph`` (when ``rules`` is
    not None; ``lenient``: a rule the chain cannot read is left out rather than refusing the index)."""
    filters = list(FRENCH_FILTERS)
    if rules is not None:
        filters.append(token_filter(VOCABULARY_FILTER, "synonym_graph", synonyms=rules, lenient=True))
    return analyzer(SEARCH_ANALYZER, tokenizer="standard", filter=filters)


def make_index(name: str, rules: list[str] | None = None, version: str = "", documents: int = 0) -> Index:
    """The index ``name``; ``rules``: the vocabulary's synonym rules (None: an index without them, whose
    queries the backend expands itself), ``version`` recorded as ``_meta.vocabulary``; ``documents``: how
    many fiches it is built for (its number of shards)."""
    index = Index(name)
    index.settings(**{**INDEX_SETTINGS, "number_of_shards": 2 if documents >= TWO_SHARDS_FROM else 1})
    index.analyzer(french_search(rules))
    index.document(FicheDocument)
    index.get_or_create_mapping().meta("_meta", {"vocabulary": version if rules is not None else ""})
    return index


def suggest_inputs(title: str) -> list[str]:
    """The title, then the title from each later word, so "cps" completes "Atelier CPS"."""
    words = WORD_RE.findall(title)
    inputs = [title]
    inputs += [" ".join(words[i:]) for i in range(1, len(words)) if len(words[i]) > 2]
    return inputs[:MAX_SUGGEST_INPUTS]


def es_source(document: dict) -> dict:
    """The ``_source`` stored for a search document."""
    source = {key: value for key, value in document.items() if key != "id"}
    source["suggest"] = {"input": suggest_inputs(document["title"])}
    source["facet_values"] = facet_values(document)
    return source


def facet_values(document: dict) -> list[str]:
    """The document's facet values as ``"<facet>:<value>"`` (see ``FicheDocument.facet_values``)."""
    values = []
    for name, field in FACET_FIELDS.items():
        value = document.get(field)
        values += [f"{name}:{item}" for item in (value if isinstance(value, list) else [value]) if item is not None]
    return values

"""The Elasticsearch mapping of a fiche (elasticsearch-dsl) and its French analysis chain.

Text is analysed by ``french_text``: standard tokenizer, elision (l', d', qu'…), lower case,
the French stop words of :mod:`search.text`, the French Snowball stemmer, then ASCII folding:
the chain of :mod:`search.text` that the database backend runs in Python, so that both
backends index and search the same terms (« décrochés » and « decroche » meet).
``title``, ``body`` and ``places`` (the fiche's structures, communes, département, académie)
are also copied, folded but not stemmed, into ``spell``, which typo-tolerant (fuzzy) matching
and the spelling suggester read. Facets are keywords; the lead structure's position is a
``geo_point``; ``suggest`` feeds the search box. ``audience`` holds the tokens that open the fiche
(:mod:`fiches.visibility`): every query filters on it, the suggester through a category context.

The vocabulary of the field (acronyms, synonyms) is not in the index: both backends expand
queries with it when they run them (:mod:`search.vocabulary`), so an edit needs no reindex.
A change of this mapping or analysis does: ``manage.py search_index --rebuild``.
"""
from elasticsearch_dsl import Completion, Date, Document, GeoPoint, Index, Keyword, Long, MetaField, Text, analyzer, token_filter

from .text import STOP_WORDS, WORD_RE

french_elision = token_filter(
    "french_elision", "elision", articles_case=True,
    articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
)
french_stop = token_filter("french_stop", "stop", stopwords=sorted(STOP_WORDS), ignore_case=True)
french_stemmer = token_filter("french_snowball", "snowball", language="French")

french_text = analyzer(
    "french_text", tokenizer="standard",
    filter=[french_elision, "lowercase", french_stop, french_stemmer, "asciifolding"],
)
folded = analyzer("folded", tokenizer="standard", filter=[french_elision, "lowercase", "asciifolding"])
suggest_folded = analyzer("suggest_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}
MAX_SUGGEST_INPUTS = 6


class FicheDocument(Document):
    title = Text(analyzer=french_text, copy_to="spell")
    body = Text(analyzer=french_text, index_options="offsets", copy_to="spell")
    places = Text(analyzer=french_text, copy_to="spell")
    spell = Text(analyzer=folded)
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

    class Meta:
        dynamic = MetaField(False)


def make_index(name: str) -> Index:
    index = Index(name)
    index.settings(**INDEX_SETTINGS)
    index.document(FicheDocument)
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
    return source

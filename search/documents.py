"""The Elasticsearch mapping of a fiche (elasticsearch-dsl) and its French analysis chain.

Text is analysed by ``french_folded``: standard tokenizer, elision (l', d', qu'…),
lower case, French stop words, ASCII folding, then the ``light_french`` stemmer,
so "Évaluer" and "evaluer", "métiers" and "métier" meet. Facets are keywords;
the lead structure's position is a ``geo_point``; ``suggest`` feeds the search box.
"""
from elasticsearch_dsl import Completion, Date, Document, GeoPoint, Index, Keyword, Long, MetaField, Text, analyzer, token_filter

from .text import WORD_RE

french_elision = token_filter(
    "french_elision", "elision", articles_case=True,
    articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
)
french_stop = token_filter("french_stop", "stop", stopwords="_french_", ignore_case=True)
french_stemmer = token_filter("french_light_stemmer", "stemmer", language="light_french")

french_folded = analyzer(
    "french_folded", tokenizer="standard",
    filter=[french_elision, "lowercase", french_stop, "asciifolding", french_stemmer],
)
suggest_folded = analyzer("suggest_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}
MAX_SUGGEST_INPUTS = 6


class FicheDocument(Document):
    title = Text(analyzer=french_folded)
    body = Text(analyzer=french_folded, index_options="offsets")
    suggest = Completion(analyzer=suggest_folded, preserve_separators=True)
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

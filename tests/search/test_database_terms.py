"""The database backend's term table (FicheSearchTerm) and document frequencies, which "similar fiches" read."""
from collections import Counter

import pytest
from django.core.management import call_command

from search.backends import database
from search.models import FicheSearchEntry, FicheSearchTerm, FicheSearchTermFrequency, FicheSearchWord
from search.text import stem
from tests import factories

pytestmark = pytest.mark.django_db


def assert_terms_in_sync():
    """Each entry has exactly the term rows of its term columns, and each count is its term's row count."""
    columns = ("title_terms", "body_terms", "place_terms")
    expected = {
        (pk, term, weight)
        for pk, *terms in FicheSearchEntry.objects.values_list("pk", *columns)
        for term, weight in database.entry_terms(dict(zip(columns, terms))).items()
    }
    assert set(FicheSearchTerm.objects.values_list("entry_id", "term", "weight")) == expected
    assert dict(FicheSearchTermFrequency.objects.values_list("term", "documents")) == Counter(
        term for _pk, term, _weight in expected)


def assert_words_in_sync():
    """The spelling words count the public entries holding each word, and no other word is left."""
    entries = FicheSearchEntry.objects.values("title", "body", "places", "audience")
    assert dict(FicheSearchWord.objects.values_list("word", "documents")) == database.stored_words(entries)


def terms_of(fiche) -> dict[str, int]:
    return dict(FicheSearchTerm.objects.filter(entry_id=fiche.pk).values_list("term", "weight"))


def where(weight: int) -> int:
    """The place bits of a weight (title, body, places), without the body's term frequency."""
    return weight & (FicheSearchTerm.TITLE | FicheSearchTerm.BODY | FicheSearchTerm.PLACE)


def documents(term: str) -> int:
    return FicheSearchTermFrequency.objects.filter(term=term).values_list("documents", flat=True).first() or 0


def test_title_terms_weigh_more(corpus):
    terms = terms_of(corpus["tutorat_title"])
    assert where(terms["tutorat"]) == FicheSearchTerm.TITLE and where(terms["lyceen"]) == FicheSearchTerm.BODY
    assert documents("tutorat") == 2
    assert_terms_in_sync()


def test_weight_tells_where_and_how_often(db_backend, corpus):
    from search.document_data import document_for
    from search.params import SearchParams

    document = document_for(corpus["sas"].pk) | {
        "title": "Quiproquo xylophone", "body": "Quiproquo vermillon vermillon vermillon ocre.", "places": "Zanzibar"}
    db_backend.index_document(document)
    shift, steps = FicheSearchTerm.BODY_SHIFT, FicheSearchTerm.BODY_STEPS
    once, thrice = (round(database.body_score(n, 5) * steps) << shift for n in (1, 3))
    assert terms_of(corpus["sas"]) == {
        "quiproquo": FicheSearchTerm.TITLE | FicheSearchTerm.BODY | once, "xylophon": FicheSearchTerm.TITLE,
        "vermillon": FicheSearchTerm.BODY | thrice, "ocre": FicheSearchTerm.BODY | once,
        "zanzibar": FicheSearchTerm.PLACE}
    assert_terms_in_sync()
    # A term scores more in the title than in the places, more in the places than said once in the body,
    # more said three times in the body than once, and more in the title and the body than in the title alone.
    scores = {q: db_backend.search(SearchParams(q=q)).hits[0].score
              for q in ("xylophone", "zanzibar", "vermillon", "ocre", "quiproquo")}
    assert scores["xylophone"] > scores["zanzibar"] > scores["ocre"] > 0
    assert scores["vermillon"] > scores["ocre"] and scores["quiproquo"] > scores["xylophone"]
    # "Similar fiches" double a term of the title, whether or not the body has it too.
    assert [database.similar_factor(weight) for weight in (1, 2, 3, 1 | 5 << shift)] == [1, 2, 2, 1]


def test_publish_edit_unpublish_delete_keep_the_terms_in_sync(corpus):
    draft = corpus["draft"]
    assert terms_of(draft) == {}
    before = documents("tutorat")
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert "brouillon" in terms_of(draft) and documents("tutorat") == before + 1
    assert_terms_in_sync()
    assert_words_in_sync()

    draft.title = "Parrainage entre pairs"
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert "parrainag" in terms_of(draft) and "brouillon" not in terms_of(draft)
    assert not FicheSearchWord.objects.filter(word="brouillon").exists()
    assert documents("brouillon") == 0 and not FicheSearchTermFrequency.objects.filter(term="brouillon").exists()
    assert_terms_in_sync()
    assert_words_in_sync()

    draft.unpublish()
    assert terms_of(draft) == {} and documents("tutorat") == before
    assert_terms_in_sync()
    assert_words_in_sync()

    corpus["cps"].delete()
    assert terms_of(corpus["cps"]) == {} and documents("psychosocial") == 0
    assert_terms_in_sync()
    assert_words_in_sync()


def test_rebuild_recounts_everything(db_backend, corpus):
    FicheSearchTermFrequency.objects.filter(term="tutorat").update(documents=40)
    FicheSearchTermFrequency.objects.create(term="fantome", documents=3)
    FicheSearchTerm.objects.filter(entry_id=corpus["sas"].pk).delete()
    assert db_backend.rebuild() == 7
    assert FicheSearchEntry.objects.count() == 7
    assert_terms_in_sync()


def test_repair_restores_the_terms_of_missing_and_stale_entries(corpus):
    FicheSearchEntry.objects.filter(pk=corpus["sas"].pk).delete()  # its term rows go with it, its counts stay
    FicheSearchEntry.objects.filter(pk=corpus["cps"].pk).update(revision_id=None)
    FicheSearchTerm.objects.filter(entry_id=corpus["cps"].pk).delete()
    call_command("search_index", "--repair")
    assert terms_of(corpus["sas"]) and terms_of(corpus["cps"])
    assert_terms_in_sync()


def test_index_documents_replaces_and_counts(db_backend, corpus):
    from search.document_data import document_for

    document = document_for(corpus["sas"].pk)
    document["title"] = "Atelier de sophrologie"
    assert db_backend.index_documents([document, document_for(corpus["cps"].pk)]) == 2
    terms = terms_of(corpus["sas"])
    assert stem("sophrologie") in terms and not terms[stem("remobilisation")] & FicheSearchTerm.TITLE
    assert_terms_in_sync()


def test_similar_keeps_the_distinctive_terms(corpus, monkeypatch):
    chosen = database.DatabaseSearchBackend._similar_terms(corpus["tutorat_title"].pk)
    own = terms_of(corpus["tutorat_title"])
    assert "tutorat" in chosen
    assert all(documents(term) > 1 for term in chosen)  # a term no other fiche holds cannot match
    assert set(chosen) == {term for term in own if documents(term) > 1}  # seven fiches: nothing is too common
    assert len(own) > len(chosen)
    # Rarer terms weigh more; a title term weighs twice a body term of the same frequency.
    body = {term: weight for term, weight in chosen.items() if where(own[term]) == FicheSearchTerm.BODY}
    rare, common = min(body, key=documents), max(body, key=documents)
    if documents(rare) < documents(common):
        assert body[rare] > body[common]
    twin = next(term for term in body if documents(term) == documents("tutorat"))
    assert chosen["tutorat"] == pytest.approx(2 * chosen[twin])

    # With more fiches, terms found in more than SIMILAR_MAX_SHARE of them are left out.
    monkeypatch.setattr(database, "SIMILAR_MIN_COMMON", 0)
    limit = database.SIMILAR_MAX_SHARE * FicheSearchEntry.objects.count()
    narrowed = database.DatabaseSearchBackend._similar_terms(corpus["tutorat_title"].pk)
    assert set(narrowed) == {term for term in chosen if documents(term) <= limit} and "tutorat" in narrowed


def test_similar_ranks_by_shared_distinctive_terms(db_backend, corpus):
    hits = db_backend.similar(corpus["tutorat_title"].pk, 10)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    chosen = database.DatabaseSearchBackend._similar_terms(corpus["tutorat_title"].pk)
    for hit in hits:
        shared = {term: weight for term, weight in terms_of(FicheSearchEntry(pk=hit.id)).items() if term in chosen}
        assert hit.score == pytest.approx(
            sum(chosen[term] * database.similar_factor(weight) for term, weight in shared.items()))
    sharing = set(FicheSearchTerm.objects.filter(term__in=chosen).values_list("entry_id", flat=True))
    assert {hit.id for hit in hits} == sharing - {corpus["tutorat_title"].pk}


def test_new_lone_fiche_and_its_removal(corpus):
    lead = factories.establishment("Zythothèque Quimper", "rennes", commune="Xertigny")
    lone = factories.fiche("Kaléidoscope xylographique", lead, summary="Zygomatiques quintessenciés.")
    assert documents("kaleidoscop") == 1
    assert database.DatabaseSearchBackend._similar_terms(lone.pk) == {}
    lone.unpublish()
    assert documents("kaleidoscop") == 0
    assert_terms_in_sync()

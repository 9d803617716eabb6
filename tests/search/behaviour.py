"""Search behaviour every backend must have; run by test_backends.py against each backend."""
from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiches.models import FichePage
from search.params import SearchParams
from search.text import STOP_WORDS, WORD_RE
from tests import factories

HOSTILE_QUERIES = [
    "a" * 10_000,
    "métier " * 1500,
    'title:(a OR b)^3 "',
    "* ? ~ \\ / ( ) [ ] { } : ! ^ \" ' + - && ||",
    "<script>alert(1)</script>",
    "'; DROP TABLE fiches_fichepage; --",
    "\x00\ue000\ue001",
]


class SearchBehaviour:
    """Subclasses provide a ``backend`` fixture with the corpus (tests/search/conftest.py) indexed."""

    @staticmethod
    def ids(results) -> list[int]:
        return [hit.id for hit in results.hits]

    def search(self, backend, **params):
        return backend.search(SearchParams(**params))

    def test_french_stemming(self, backend, corpus):
        found = self.ids(self.search(backend, q="métiers"))
        assert corpus["metier"].pk in found

    def test_accents_and_case(self, backend, corpus):
        assert self.ids(self.search(backend, q="evaluer"))[:1] == [corpus["evaluer"].pk]
        assert self.ids(self.search(backend, q="ÉVALUER"))[:1] == [corpus["evaluer"].pk]

    def test_elision(self, backend, corpus):
        assert corpus["evaluer"].pk in self.ids(self.search(backend, q="l'évaluation d'acquis"))

    def test_fiches_matching_every_word_come_first(self, backend, corpus):
        """Two words: a fiche holding both ranks first; one holding one of them still comes (OR semantics)."""
        found = self.ids(self.search(backend, q="tutorat pairs"))
        assert found[:1] == [corpus["tutorat_title"].pk] and corpus["tutorat_body"].pk in found

    def test_title_is_boosted(self, backend, corpus):
        found = self.ids(self.search(backend, q="tutorat"))
        assert found == [corpus["tutorat_title"].pk, corpus["tutorat_body"].pk]

    def test_drafts_are_not_found(self, backend, corpus):
        assert corpus["draft"].pk not in self.ids(self.search(backend, q="tutorat", size=100))

    def test_facet_counts(self, backend, corpus):
        results = self.search(backend)
        facets = {name: {v.value: v.count for v in values} for name, values in results.facets.items()}
        assert facets["academie"] == {"bordeaux": 3, "creteil": 2, "poitiers": 1, "lille": 1}
        assert facets["niveau"]["college"] == 3
        assert facets["annee"] == {"2023-2024": 6, "2022-2023": 1}
        labels = {v.value: v.label for v in results.facets["dispositif"]}
        assert labels["micro-lycee"] == "Micro-lycée"
        filtered = self.search(backend, filters={"academie": ["bordeaux"]})
        assert {v.value: v.count for v in filtered.facets["dispositif"]} == {"atelier": 2, "sas": 1, "partenariat": 1}

    def test_filters_or_within_and_across(self, backend, corpus):
        results = self.search(backend, filters={"niveau": ["college", "lycee"], "theme": ["prevention"]})
        assert set(self.ids(results)) == {corpus[k].pk for k in ("metier", "tutorat_title", "markup")}

    def test_geo_radius_and_distance_sort(self, backend, corpus):
        agen = (44.2031, 0.6163)
        results = self.search(backend, near=agen, km=30, sort="distance")
        assert set(self.ids(results)) == {corpus[k].pk for k in ("sas", "cps", "metier")}
        assert self.ids(results)[-1] == corpus["metier"].pk  # Boé, 5 km away
        assert results.hits[-1].distance_km == pytest.approx(4.9, abs=0.3)
        wide = self.search(backend, near=agen, km=300)
        assert corpus["evaluer"].pk in self.ids(wide) and corpus["markup"].pk not in self.ids(wide)

    def test_pagination(self, backend, corpus):
        pages = [self.search(backend, page=n, size=3) for n in (1, 2, 3)]
        assert [len(p.hits) for p in pages] == [3, 3, 1]
        assert {p.count for p in pages} == {7}
        seen = [pk for p in pages for pk in self.ids(p)]
        assert len(set(seen)) == 7

    def test_empty_query_returns_all_by_date(self, backend, corpus):
        results = self.search(backend, size=100)
        order = ["cps", "markup", "tutorat_body", "tutorat_title", "evaluer", "metier", "sas"]
        assert self.ids(results) == [corpus[k].pk for k in order]
        assert all(hit.score is None for hit in results.hits)

    def test_result_fields_come_from_the_lead_structure(self, backend, corpus):
        hit = self.search(backend, q="remobilisation").hits[0]
        assert (hit.id, hit.academie, hit.etablissement, hit.commune) == (
            corpus["sas"].pk, "bordeaux", "Lycée professionnel Antoine Lomet", "Agen")
        assert (hit.lat, hit.lon) == pytest.approx((44.2031, 0.6163))
        assert hit.url == corpus["sas"].url and hit.score > 0

    def test_highlight_is_escaped(self, backend, corpus):
        hit = self.search(backend, q="forum métiers").hits[0]
        assert hit.id == corpus["markup"].pk
        assert "<script>" not in hit.highlight and "&lt;script&gt;" in hit.highlight
        assert "<mark>" in hit.highlight

    @pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
    def test_hostile_input(self, backend, corpus, query):
        results = self.search(backend, q=query)
        assert results.count in (0, 1, 2, 3, 4, 5, 6, 7)
        for hit in results.hits:
            assert "<script" not in hit.highlight
        assert FichePage.objects.live().count() == 7
        assert "fiches_fichepage" in connection.introspection.table_names()

    def test_suggestions(self, backend, corpus):
        assert [s.id for s in backend.suggest("evalu")] == [corpus["evaluer"].pk]
        assert corpus["cps"].pk in [s.id for s in backend.suggest("compet")]
        assert backend.suggest("zzzz") == []

    def test_similar(self, backend, corpus):
        similar = [hit.id for hit in backend.similar(corpus["tutorat_title"].pk, 3)]
        assert corpus["tutorat_title"].pk not in similar
        assert similar and similar[0] == corpus["tutorat_body"].pk

    def test_similar_fiches_share_its_distinctive_terms(self, backend, corpus):
        """Two fiches about a garden in permaculture find each other first, whatever else they say."""

        garden = factories.fiche(
            "Jardin en permaculture", factories.establishment("Lycée agricole du Mont", "bordeaux", commune="Nérac"),
            summary="Les élèves du lycée professionnel cultivent un potager en permaculture : "
                    "paillage, compost, semis.")
        other = factories.fiche(
            "Un potager au collège", factories.establishment("Collège des Tilleuls", "lille", commune="Douai"),
            summary="Compost, paillage et semis : la permaculture comme projet de classe pour des élèves "
                    "en risque de décrochage.")
        backend.rebuild()
        assert [hit.id for hit in backend.similar(garden.pk, 3)][:1] == [other.pk]
        assert [hit.id for hit in backend.similar(other.pk, 3)][:1] == [garden.pk]

    def test_fiche_sharing_no_term_has_no_similar_fiches(self, backend, corpus):
        lead = factories.establishment("Zythothèque Quimper", "rennes", commune="Xertigny")
        lone = factories.fiche("Kaléidoscope xylographique", lead, summary="Zygomatiques quintessenciés.")
        backend.rebuild()
        assert backend.similar(lone.pk) == []

    def test_similar_of_an_unpublished_fiche_is_empty(self, backend, corpus):
        assert backend.similar(corpus["draft"].pk) == []

    def test_a_question_matching_few_fiches_lists_those_sharing_one_concept(self, backend, corpus):
        """Four concepts require two: one fiche has them (« rencontres », « parents »), two others share
        only « confiance ». Fewer fiches than a page: they come too, after it; a page it fills is not topped up."""
        query = "rencontres avec les parents pour redonner confiance"
        found = self.ids(self.search(backend, q=query))
        assert found[:1] == [corpus["markup"].pk]
        assert {corpus["metier"].pk, corpus["cps"].pk} <= set(found[1:])
        assert self.search(backend, q=query, size=1).count == 1

    def test_a_title_word_outranks_the_query_words_side_by_side_in_a_body(self, backend, corpus):
        """« jardiner au collège »: the fiche titled « jardin » comes before one whose body says « jardin du
        collège » three times; the words side by side add to a fiche's score, they do not outweigh its title
        (the database backend adds a fixed bonus; Elasticsearch's phrase score counts for half)."""
        lead = corpus["metier"].lead_structure
        garden = factories.fiche("Le jardin pédagogique", lead, summary="Les élèves cultivent un potager et "
                                 "récoltent des légumes pour la cantine, avec le professeur de SVT.")
        other = factories.fiche("Bien vivre sa scolarité", corpus["sas"].lead_structure,
                                summary="Le jardin du collège accueille les élèves le midi. Le jardin du collège sert de "
                                        "salle de classe, et la fête du jardin du collège clôt l'année.")
        backend.rebuild()
        found = self.ids(self.search(backend, q="jardiner au collège"))
        assert found[:2] == [garden.pk, other.pk]

    def test_an_interrogative_is_no_topic_of_a_short_question(self, backend, corpus):
        """« comment » is rare in the fiches: kept as a word, it put the one saying it among the answers."""
        talk = factories.fiche("Café débat", corpus["metier"].lead_structure,
                               summary="Comment parler de son orientation avec ses parents ?")
        backend.rebuild()
        found = self.ids(self.search(backend, q="comment évaluer les acquis"))
        assert found[:1] == [corpus["evaluer"].pk] and talk.pk not in found

    def test_a_word_of_most_fiches_weighs_little_in_a_title(self, backend, corpus):
        """« élèves » is in most bodies and in two titles: in « Travaux d'élèves » it weighs as the common word it
        is (one document frequency for title, places and body), not as a rare title word, so the fiche whose body
        says « musée » answers « visiter un musée avec les élèves » first."""
        lead = corpus["metier"].lead_structure
        titled = factories.fiche("Travaux d'élèves", lead, summary="Exposition de peintures au foyer.")
        museum = factories.fiche("Sortie culturelle", lead, summary="Les collégiens découvrent le musée des beaux-arts.")
        for n, subject in enumerate(("lecture", "sport", "chorale")):
            factories.fiche(f"Atelier {n}", lead, summary=f"Les élèves pratiquent la {subject} le mercredi.")
        backend.rebuild()
        found = self.ids(self.search(backend, q="visiter un musée avec les élèves"))
        assert found.index(museum.pk) < found.index(titled.pk)

    def test_a_departement_typed_by_its_name_finds_its_fiches(self, backend, corpus):
        """« Côte-d'Or » is one place: « côte » and « or », French words of place names, were not searched in the
        places alone, and the fiche of Nuits-Saint-Georges (Côte-d'Or) was not found."""
        nuits = factories.establishment("Collège Félix Tisserand", "dijon", commune="Nuits-Saint-Georges",
                                        departement="21")
        calligraphy = factories.fiche("Atelier de calligraphie", nuits, summary="Des lettres tracées à la plume.")
        backend.rebuild()
        assert self.ids(self.search(backend, q="Côte-d'Or"))[:1] == [calligraphy.pk]

    def test_term_frequency_ranks_higher(self, backend, corpus):
        """A fiche that keeps coming back to a word ranks above a newer one that says it once."""
        found = self.ids(self.search(backend, q="confiance"))
        assert found == [corpus["metier"].pk, corpus["cps"].pk]


@pytest.mark.django_db
class EverydayQueries:
    """Queries as network members type them, one test per kind (issue 13). Subclasses provide a
    class-scoped ``backend`` fixture with ``everyday_corpus`` indexed: these tests only read, so the
    fiches are created and indexed once per class."""

    ids = staticmethod(SearchBehaviour.ids)

    def search(self, backend, **params):
        return backend.search(SearchParams(**params))

    def test_paraphrase_found_by_its_body(self, backend, everyday_corpus):
        """Words of the need, none of them in the title: the fiche whose body says it comes first."""
        found = self.ids(self.search(backend, q="chaque élève présente un métier à la classe"))
        assert found[:1] == [everyday_corpus["metier"].pk]

    def test_word_form_beyond_the_light_stem(self, backend, everyday_corpus):
        """« tutorer » is the verb of « tutorat »; « décrocheurs » the people of « décrochage »."""
        corpus = everyday_corpus
        assert self.ids(self.search(backend, q="tutorer"))[:2] == [corpus["tutorat_title"].pk, corpus["tutorat_body"].pk]
        assert corpus["sas"].pk in self.ids(self.search(backend, q="décrocheurs"))

    def test_a_word_typed_without_its_accents_finds_the_fiches_that_write_them(self, backend, everyday_corpus):
        """« lycee » finds what « lycée » finds (« micro-lycée » in a body, « Lycée … » lead structures): stemmed
        without its accent it was another term."""
        typed = set(self.ids(self.search(backend, q="lycee")))
        assert {everyday_corpus["sas"].pk, everyday_corpus["evaluer"].pk} <= typed
        assert typed == set(self.ids(self.search(backend, q="lycée")))

    def test_a_word_typed_without_its_apostrophe_is_no_typo(self, backend, everyday_corpus):
        """« levaluation » is « l'évaluation » typed fast: found as such, with no « Essayez avec l'orthographe »."""
        results = self.search(backend, q="levaluation des acquis")
        assert self.ids(results)[:1] == [everyday_corpus["evaluer"].pk]
        assert results.corrected_query == ""

    def test_two_words_typed_as_one_find_what_the_two_find(self, backend, everyday_corpus):
        """« microlycee » (no fiche writes it) finds the « micro-lycée » of a summary, as the two words do."""
        assert self.ids(self.search(backend, q="microlycee"))[:1] == [everyday_corpus["evaluer"].pk]

    def test_conjugated_verb_meets_its_family_through_its_lemma(self, backend, everyday_corpus):
        """« accompagnent » (one fiche says it) is searched as « accompagner » too, whose stem
        « Accompagnement personnalisé » shares; the stemmer alone keeps the verb apart."""
        found = set(self.ids(self.search(backend, q="accompagnent")))
        assert found == {everyday_corpus["tutorat_title"].pk, everyday_corpus["tutorat_body"].pk}

    def test_acronym_and_expansion_each_find_the_other(self, backend, everyday_corpus):
        both = {everyday_corpus["mlds_spelled"].pk, everyday_corpus["mlds_short"].pk}
        assert set(self.ids(self.search(backend, q="MLDS"))[:2]) == both
        assert set(self.ids(self.search(backend, q="mission de lutte contre le décrochage"))[:2]) == both
        assert self.ids(self.search(backend, q="compétences psychosociales"))[:1] == [everyday_corpus["cps"].pk]

    def test_a_partners_acronym_finds_its_name_spelled_out(self, backend, everyday_corpus):
        """« ML » is how a counsellor writes mission locale: two letters, no fiche holds them."""
        assert self.ids(self.search(backend, q="intervention de la ML"))[:1] == [everyday_corpus["partner_spelled"].pk]

    def test_typo_is_corrected_and_the_correction_shown(self, backend, everyday_corpus):
        results = self.search(backend, q="tutorta")
        assert self.ids(results)[:2] == [everyday_corpus["tutorat_title"].pk, everyday_corpus["tutorat_body"].pk]
        assert results.corrected_query == "tutorat"
        assert self.search(backend, q="tutorat").corrected_query == ""

    def test_a_correction_is_searched_with_its_accents(self, backend, everyday_corpus):
        """« lcyée » is « lycée » with two letters swapped: corrected to the indexed word, then given back its
        accents (« lycee » stems apart from « lycée »), it finds what « lycée » finds, and shows « lycée »."""
        results = self.search(backend, q="lcyée")
        assert results.corrected_query == "lycée"
        assert everyday_corpus["sas"].pk in self.ids(results)
        assert set(self.ids(results)) == set(self.ids(self.search(backend, q="lycée")))

    def test_a_french_word_no_fiche_holds_is_no_typo(self, backend, everyday_corpus):
        """« âgés » is one letter from « Agen », a town of the fiches, but it is French: kept as typed."""
        results = self.search(backend, q="tutorat par des élèves plus âgés")
        assert results.corrected_query == ""
        assert self.ids(results)[0] in {everyday_corpus["tutorat_title"].pk, everyday_corpus["tutorat_body"].pk}

    def test_place_finds_the_fiches_of_an_academie(self, backend, everyday_corpus):
        """No fiche of the académie de Bordeaux names Bordeaux: its lead structures' académie does."""
        found = self.ids(self.search(backend, q="Bordeaux"))
        assert set(found) == {everyday_corpus[key].pk for key in ("sas", "metier", "cps")}
        assert self.ids(self.search(backend, q="lycée pro Agen"))[0] in {everyday_corpus[key].pk for key in ("sas", "cps")}

    def test_everyday_words_and_demonyms_of_the_vocabulary(self, backend, everyday_corpus):
        """Words that no fiche says, found through the vocabulary's everyday lines: « estime de soi » for two
        fiches on « confiance en soi », « familles » for one on « parents », and a town's people (« lillois »)
        for the fiches of Lille (a lead structure in the town, two of the académie)."""
        corpus = everyday_corpus
        assert set(self.ids(self.search(backend, q="estime de soi"))[:2]) == {corpus["cps"].pk, corpus["metier"].pk}
        assert self.ids(self.search(backend, q="familles"))[:1] == [corpus["markup"].pk]
        found = self.ids(self.search(backend, q="collège lillois"))
        assert found[:1] == [corpus["markup"].pk]
        assert {corpus["mlds_spelled"].pk, corpus["mlds_short"].pk} <= set(found)

    def test_word_families_and_field_phrases_of_the_vocabulary(self, backend, everyday_corpus):
        """The vocabulary joins what the analysis keeps apart: « former » (stem form) finds a fiche on a « retour en
        formation » (stem format), and « monde du travail », which no fiche writes, the « découverte professionnelle »."""
        corpus = everyday_corpus
        assert self.ids(self.search(backend, q="former"))[:1] == [corpus["mlds_spelled"].pk]
        assert self.ids(self.search(backend, q="monde du travail"))[:1] == [corpus["metier"].pk]

    def test_a_town_no_fiche_names_finds_the_fiches_of_its_departement(self, backend, everyday_corpus):
        """No fiche is in Marmande; three are in its département, Lot-et-Garonne (Agen, Boé). « Breteuil » is a
        town, not a misspelt « Créteil » (two letters apart): kept as typed, it finds no fiche of Créteil."""
        corpus = everyday_corpus
        found = self.ids(self.search(backend, q="Marmande"))
        assert set(found) == {corpus[key].pk for key in ("sas", "metier", "cps")}
        results = self.search(backend, q="Breteuil")
        assert results.corrected_query == "" and self.ids(results) == []

    def test_a_town_with_no_fiche_in_its_departement_finds_those_of_its_academie(self, backend, everyday_corpus):
        """No fiche is in Périgueux nor in the Dordogne; three are in its académie, Bordeaux (Agen, Boé): the
        nearest the registry has. « près de » says where, not what: it is no word to match."""
        corpus = everyday_corpus
        found = self.ids(self.search(backend, q="près de Périgueux"))
        assert set(found) == {corpus[key].pk for key in ("sas", "metier", "cps")}

    def test_a_town_with_fiches_lists_them_first_then_those_of_its_departement(self, backend, everyday_corpus):
        """Two fiches are in Agen, one in Boé, also in Lot-et-Garonne: « Agen » lists the two, then the third.
        (A town some fiche names was searched by its words alone: a fiche mentioning « Sotteville-lès-Rouen »
        hid the fiches of Seine-Maritime from « lycée Rouen ».)"""
        corpus = everyday_corpus
        found = self.ids(self.search(backend, q="Agen"))
        assert set(found[:2]) == {corpus["sas"].pk, corpus["cps"].pk}
        assert found[2:] == [corpus["metier"].pk]

    def test_a_common_word_in_a_towns_name_weighs_no_more_than_in_a_body(self, backend, everyday_corpus):
        """« nuit » is a word of Nuits-Saint-Georges, the commune of one fiche's lead structure: that fiche is not
        put first as a place of « nuit », before the fiche whose text says it (« portes ouvertes » found the
        fiches of Le Port so). The town itself still finds its fiche first."""
        corpus = everyday_corpus
        found = self.ids(self.search(backend, q="nuit"))
        assert found[:1] == [corpus["body_word"].pk]
        assert self.ids(self.search(backend, q="Nuits-Saint-Georges"))[:1] == [corpus["town_word"].pk]

    def test_long_question(self, backend, everyday_corpus):
        question = "comment faire pour que des lycéens accompagnent des collégiens chaque semaine"
        assert self.ids(self.search(backend, q=question))[:1] == [everyday_corpus["tutorat_title"].pk]

    def test_vocabulary_edits_apply_at_the_next_query(self, backend, everyday_corpus):
        """A line added in the admin expands the next query: at once on the database backend, after the
        rebuild its edit starts (``vocabulary_changed``, run by search.tasks) on Elasticsearch."""
        from search.models import SearchSynonym
        from search.vocabulary import forget_vocabulary

        assert self.search(backend, q="zorglub").count == 0
        SearchSynonym.objects.create(terms="zorglub, tutorat")
        try:
            assert backend.vocabulary_changed() is (backend.name == "elasticsearch")
            found = self.ids(self.search(backend, q="zorglub"))
            assert found[:2] == [everyday_corpus["tutorat_title"].pk, everyday_corpus["tutorat_body"].pk]
        finally:
            forget_vocabulary()  # the line goes with the test's transaction: so must the cached vocabulary

    def test_a_phrase_of_the_vocabulary_found_in_few_fiches_also_lists_those_holding_its_words(self, backend,
                                                                                               everyday_corpus):
        """« mission locale » is one concept (a phrase of the vocabulary): the fiche that says it comes first,
        then, as it fills no page, a fiche saying « mission » alone; a vocabulary line never narrows a search
        below what its words find."""
        found = self.ids(self.search(backend, q="mission locale"))
        assert found[:1] == [everyday_corpus["partner_spelled"].pk]
        assert everyday_corpus["mlds_spelled"].pk in found[1:]

    # The mixin runs under each backend's class: differing executors are intended.
    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors])
    @given(data=st.data())
    def test_never_empty_when_a_content_word_is_shared(self, backend, everyday_corpus, data):
        """A query sharing one content word with a published fiche finds something, whatever else it says."""
        words = sorted({word for key, fiche in everyday_corpus.items() if key != "draft"
                        for word in WORD_RE.findall(f"{fiche.title} {fiche.summary}")
                        if len(word) > 2 and word.lower() not in STOP_WORDS and not word.isdigit()})
        shared = data.draw(st.sampled_from(words))
        noise = data.draw(st.lists(st.sampled_from(["gloubiboulga", "quetzalcoatl", "brontosaure", "ylang", "wapiti",
                                                    "kumquat", "xérus", "glyptodon"]), max_size=6))
        position = data.draw(st.integers(0, len(noise)))
        query = " ".join([*noise[:position], shared, *noise[position:]])
        assert self.search(backend, q=query).count > 0, query

"""The query plan (search.query) with the seed vocabulary, without a backend."""
from search.query import plan_query
from search.vocabulary import Vocabulary, read_seed_lines


def test_an_everyday_word_of_the_vocabulary_is_never_spelling_corrected():
    """« appli » is in no fiche and no dictionary: as a vocabulary word it is searched as typed and as
    « application », never « corrected » to the nearest indexed word (« appui »)."""
    plan = plan_query("une appli pour réviser", correct=lambda word: "appui",
                      vocabulary=Vocabulary.from_lines(read_seed_lines()))
    assert plan.corrected_query == ""
    assert "application" in {alternative.text for alternative in plan.concepts[0].alternatives}

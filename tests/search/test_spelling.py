"""The database speller: the nearest indexed word within one or two edits, the most frequent on a tie."""
import pytest

from search.models import FicheSearchWord
from search.spelling import speller

pytestmark = pytest.mark.django_db


@pytest.fixture
def words():
    """Set the spelling words (word: documents) and have the speller read them again."""
    def load(counts: dict[str, int]) -> None:
        FicheSearchWord.objects.all().delete()
        FicheSearchWord.objects.bulk_create(FicheSearchWord(word=word, documents=n) for word, n in counts.items())
        speller.forget()
    yield load
    speller.forget()


def test_a_word_two_letters_longer_or_shorter_is_found(words):
    words({"cpe": 9, "lycee": 9, "cartable": 3, "accompagnement": 4, "perseverance": 2, "theatre": 5})
    assert speller.candidates("cartablees")[:1] == ["cartable"]  # two letters too many
    assert speller.candidates("accompagneme")[:1] == ["accompagnement"]  # two letters missing
    assert speller.candidates("perseverence")[:1] == ["perseverance"]
    assert speller.candidates("theatr")[:1] == ["theatre"]


def test_beyond_the_edits_allowed_nothing_is_offered(words):
    words({"cartable": 3, "theatre": 5, "accompagnement": 4})
    assert speller.candidates("cartableeee") == []  # three edits
    assert speller.candidates("thetr") == []  # five letters: one edit only
    assert speller.candidates("cpe") == []  # too short to correct


@pytest.mark.parametrize(("counts", "expected"), [({"tuteur": 5, "tutear": 2}, "tuteur"),
                                                   ({"tuteur": 2, "tutear": 5}, "tutear")])
def test_on_a_tie_the_word_more_fiches_hold_wins(words, counts, expected):
    # Words of other lengths around them, so that the tie is read among the words of a length slice.
    words({"cpe": 50, "lycee": 40, "eleves": 1, "atelier": 30, "decrochage": 20, **counts})
    assert speller.candidates("tuteor")[:1] == [expected]


def test_the_candidates_are_the_nearest_words_most_frequent_first(words):
    """« realis » is one edit from « réalise » (a letter missing) and from « relais » (two letters swapped),
    two from « realiste »: the planner picks among the first two, by their context."""
    words({"realise": 9, "relais": 3, "realiste": 20, "cpe": 50})
    assert speller.candidates("realis") == ["realise", "relais"]
    assert speller.candidates("relais") == ["relais"]
    assert speller.candidates("cpe") == []

"""portal.bulk_indexing: a loader's index updates are held back, then made once when its block ends."""
import pytest
from wagtail.models import Page, ReferenceIndex
from wagtail.search.models import IndexEntry

from fiches.models import FichePage
from portal.bulk_indexing import indexing_deferred
from search.models import FicheSearchEntry
from tests import factories

pytestmark = pytest.mark.django_db


def references(page) -> list[tuple]:
    return sorted(ReferenceIndex.objects.filter(base_content_type=ReferenceIndex._get_base_content_type(Page),
                                                object_id=str(page.pk))
                  .values_list("to_content_type", "to_object_id", "model_path", "content_path"))


def indexed(page) -> tuple[bool, bool, bool]:
    """Whether ``page`` is in the reference index, Wagtail's search index and the search service's index."""
    return (bool(references(page)), IndexEntry.objects.filter(object_id=str(page.pk)).exists(),
            FicheSearchEntry.objects.filter(pk=page.pk).exists())


def test_a_fiche_published_in_the_block_is_indexed_at_its_end_and_one_deleted_in_it_leaves_nothing():
    lead = factories.establishment("Lycée Jean Moulin", "lyon", commune="Lyon")
    gone = factories.fiche("Atelier théâtre", lead)
    assert indexed(gone) == (True, True, True)
    with indexing_deferred():
        kept = factories.fiche("Tutorat entre pairs", lead)
        assert indexed(kept) == (False, False, False)
        gone.delete()
    assert indexed(kept) == (True, True, True)
    assert indexed(gone) == (False, False, False)
    loaded = references(kept)
    ReferenceIndex.create_or_update_for_object(FichePage.objects.get(pk=kept.pk))
    assert references(kept) == loaded

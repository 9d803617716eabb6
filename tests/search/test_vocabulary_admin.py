"""A moderator's line of the vocabulary, as the admin's form saves it (« Vocabulaire de la recherche »)."""
import pytest

from portal.accounts.models import Membership
from search.models import SearchSynonym
from search.vocabulary import MAX_LINE_TERMS
from tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/fiche_search/searchsynonym/add/"


def test_a_line_of_too_many_terms_is_refused_in_french_and_kept_in_the_form(client):
    """Each term of an equivalence line means every other: 2,000 terms cost every web process 1.5 s at each
    reload of the vocabulary, and Elasticsearch timed out building the index's synonym map."""
    client.force_login(factories.user("modo-bordeaux", role=Membership.Role.MODERATOR, academie_code="bordeaux"))
    line = ", ".join(f"terme{number}" for number in range(MAX_LINE_TERMS + 1))

    response = client.post(ADD_URL, {"terms": line, "note": ""})

    assert response.status_code == 200
    assert f"Une ligne compte au plus {MAX_LINE_TERMS} termes ; celle-ci en compte {MAX_LINE_TERMS + 1}." in (
        response.content.decode())
    assert line in response.content.decode()
    assert not SearchSynonym.objects.filter(terms=line).exists()

    accepted = ", ".join(f"terme{number}" for number in range(MAX_LINE_TERMS))
    assert client.post(ADD_URL, {"terms": accepted, "note": ""}).status_code == 302
    assert SearchSynonym.objects.filter(terms=accepted).exists()

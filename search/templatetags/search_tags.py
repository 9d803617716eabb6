"""``{% similar_fiches page %}``: the "Fiches similaires" block of a fiche page; ``{% max_query_length %}``:
the ``maxlength`` of a search box (no more than is searched)."""
from django import template

from fiches.visibility import audience_of

from ..backends import get_search_backend
from ..params import MAX_QUERY_LENGTH

register = template.Library()

SIMILAR_COUNT = 4


@register.inclusion_tag("search/similar_fiches.html", takes_context=True)
def similar_fiches(context, page, size: int = SIMILAR_COUNT):
    """The fiches like ``page`` that the visitor may see."""
    return {"similar": get_search_backend().similar(page.pk, size, audience_of(context.get("request")))}


@register.simple_tag
def max_query_length() -> int:
    return MAX_QUERY_LENGTH

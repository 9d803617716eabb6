"""``{% similar_fiches page %}``: the "Fiches similaires" block of a fiche page."""
from django import template

from ..backends import get_search_backend

register = template.Library()

SIMILAR_COUNT = 4


@register.inclusion_tag("search/similar_fiches.html")
def similar_fiches(page, size: int = SIMILAR_COUNT):
    return {"similar": get_search_backend().similar(page.pk, size)}

"""The fiches a widget shows: the one place where a widget selects fiches.

It starts from the public fiches queryset (``fiches.listing.published_fiches``), so whatever
narrows what the public may see narrows every widget too.
"""
from __future__ import annotations

from fiches.listing import published_fiches
from fiches.models import FichePage
from portal.networks.listing import network_fiches_filter
from search.map.filters import FicheFilters, apply_to_queryset

LIST_LIMIT = 100


def widget_fiches(widget):
    """Published fiches of the widget's network and/or académie (its successor's too), in its theme."""
    queryset = published_fiches()
    if widget.network_id:  # a subquery rather than joins: no duplicate rows, so SQL grouping counts right
        queryset = queryset.filter(pk__in=FichePage.objects.filter(network_fiches_filter(widget.network_id))
                                   .values("pk"))
    filters = FicheFilters(academie=(widget.academie.code,) if widget.academie_id else (),
                           theme=(widget.theme.slug,) if widget.theme_id else ())
    return apply_to_queryset(queryset, filters)

"""The visibility filter of search, as each index needs it (the rule is :mod:`fiches.visibility`'s).

A search document carries in ``audience`` the tokens that open its fiche; a visitor sees it
when their :class:`~fiches.visibility.Audience` holds one of them. Searches, counts, facets,
suggestions, similar fiches and map clusters all go through these filters, so a fiche hidden
from a visitor changes none of the numbers they see.
"""
from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from fiches.visibility import PUBLIC_TOKEN, Audience, Visibility, fiche_tokens


def entry_column(tokens) -> str:
    """The ``audience`` column of an entry from its document's tokens."""
    return "|" + "|".join(tokens) + "|"


def column_tokens(column: str) -> list[str]:
    """The tokens of an entry's ``audience`` column (the reverse of :func:`entry_column`)."""
    return column.strip("|").split("|")


# Every public fiche's column is this one value: an equality, cheaper than a pattern, finds them.
PUBLIC_COLUMN = entry_column(fiche_tokens(Visibility.PUBLIC, academie_code="", lead_id=0, network_ids=()))


def entry_filter(audience: Audience) -> Q:
    """The ``FicheSearchEntry`` rows ``audience`` may see (column ``audience`` as ``|t1|t2|``)."""
    if audience.sees_all:
        return Q()
    others = [Q(audience__contains=f"|{token}|") for token in sorted(audience.tokens) if token != PUBLIC_TOKEN]
    return reduce(or_, others, Q(audience=PUBLIC_COLUMN))


def es_filter(audience: Audience) -> dict | None:
    """The Elasticsearch filter clause of the documents ``audience`` may see (None: every document)."""
    if audience.sees_all:
        return None
    return {"terms": {"audience": sorted(audience.tokens)}}


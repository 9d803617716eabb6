"""Saved searches: a search page's query string, asked again to the search service.

The service (search/) answers whichever backend is configured; this module never asks which.
A saved search is kept as the page's query string without the page number, so that
following it, its Atom feed and its digest all run the very search the person saw.
"""
from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from fiches.models import FichePage
from fiches.visibility import PUBLIC_AUDIENCE, Audience
from geo.geocoders import OfflineGazetteer
from search.backends import SearchUnavailable, get_search_backend
from search.params import MAX_RESULT_WINDOW, MAX_SIZE, InvalidSearchParams, parse_search_params

IGNORED_PARAMETERS = ("page", "size", "sort")
_geocoder = OfflineGazetteer()


def normalized_query(query: QueryDict) -> str:
    """The query string that identifies a search (page, size and sort left out, keys sorted).

    A NUL byte separates words like a space (the search reads no word in it; PostgreSQL text cannot hold it).
    """
    kept = QueryDict(mutable=True)
    for key in sorted(query.keys()):
        if key not in IGNORED_PARAMETERS:
            values = [value.replace("\x00", " ").strip() for value in query.getlist(key)]
            values = [value for value in values if value]
            if values:
                kept.setlist(key, sorted(values))
    return kept.urlencode()


def parse_saved(query_string: str, audience: Audience = PUBLIC_AUDIENCE):
    """Search parameters of a saved query, sorted by publication date; raises InvalidSearchParams."""
    query = QueryDict(query_string, mutable=True)
    query["sort"] = "date"
    query["size"] = str(MAX_SIZE)
    return parse_search_params(query, geocoder=_geocoder, audience=audience)


def latest_fiche_ids(query_string: str, audience: Audience = PUBLIC_AUDIENCE) -> list[int]:
    """Ids of the most recently published fiches matching a saved search that ``audience`` may see,
    newest first.

    An invalid saved search (a vocabulary changed) or an unreachable service finds nothing
    this time rather than failing the whole digest run.
    """
    try:
        params = parse_saved(query_string, audience)
        return [hit.id for hit in get_search_backend().search(params).hits]
    except (InvalidSearchParams, SearchUnavailable):
        return []


def fiche_ids_published_after(query_string: str, since, audience: Audience = PUBLIC_AUDIENCE) -> list[int]:
    """Ids of every fiche matching a saved search first published after ``since``, newest first.

    The search is sorted by publication date (its « date » is the first publication), so it is read
    page after page until a page reaches ``since`` or the results end: a digest lists all the new
    fiches, however many, not only the first page's (up to the search's window, MAX_RESULT_WINDOW).
    Like :func:`latest_fiche_ids`, an invalid saved search or an unreachable service finds nothing.
    """
    try:
        params = parse_saved(query_string, audience)
        backend = get_search_backend()
        found = []
        for page in range(1, MAX_RESULT_WINDOW // params.size + 1):
            params.page = page
            ids = [hit.id for hit in backend.search(params).hits]
            published = dict(FichePage.objects.filter(pk__in=ids).values_list("pk", "first_published_at"))
            found += [pk for pk in ids if published.get(pk) and published[pk] > since]
            if len(ids) < params.size or any(published.get(pk) and published[pk] <= since for pk in ids):
                return found
        return found
    except (InvalidSearchParams, SearchUnavailable):
        return []


def describe(query_string: str) -> str:
    """A short French label for a saved search: its words and filters."""
    query = QueryDict(query_string)
    words = query.get("q", "").strip()
    filters = [value for key in sorted(query.keys()) if key != "q" for value in query.getlist(key)]
    parts = [f"« {words} »"] if words else []
    parts += filters
    return ", ".join(parts)[:200] or _("toutes les fiches")

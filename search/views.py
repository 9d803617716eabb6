"""The search page ``/recherche/``: same service and parameters as the API, rendered with DSFR."""
from django.shortcuts import render

from fiches.visibility import audience_of
from geo.geocoders import OfflineGazetteer
from geo.placement import describe
from geo.resolve import commune_choices

from .backends import get_search_backend
from .facets import FACET_TITLES
from .params import SORTS, InvalidSearchParams, SearchParams, parse_search_params
from .places import near_town

_geocoder = OfflineGazetteer()


def search_page(request):
    errors, near_choices = {}, []
    try:
        params = parse_search_params(request.GET, geocoder=_geocoder, audience=audience_of(request))
    except InvalidSearchParams as error:
        errors = error.errors
        near_choices = [(label, _with(request.GET, near=value)) for label, value in error.near_choices]
        params = SearchParams(q=request.GET.get("q", ""), audience=audience_of(request))
    results = get_search_backend().search(params)
    context = {
        "params": params,
        "results": results,
        "errors": errors,
        "near_choices": near_choices,
        "near_offers": [] if request.GET.get("near") else _near_offers(request.GET, params.q),
        "facets": _facet_groups(results.facets, params.filters),
        "sorts": SORTS,
        "near_text": request.GET.get("near", ""),
        "km": request.GET.get("km", ""),
        "query_without_page": _without(request.GET, "page"),
        "pages": _page_window(results.page, results.num_pages),
    }
    return render(request, "search/search.html", context)


def _near_offers(query, q: str) -> list[tuple[str, str]]:
    """For « ateliers autour de Clermont » typed as keywords: the searches around each commune the town may be
    (``(label, query string)``), with the keywords less « autour de Clermont »."""
    place = near_town(q)
    if place is None:
        return []
    resolution = _geocoder.resolve(place.town)
    best = resolution.best
    communes = commune_choices(resolution) or (
        [best.commune] if resolution.status == "exact" and best and best.commune.has_point else [])
    return [(label, _with(query, near=label, q=place.rest)) for label in map(describe, communes)]


def _facet_groups(facets, filters) -> list[dict]:
    """Facets with their values as checkboxes; a selected value with no result stays visible."""
    groups = []
    for name, values in facets.items():
        selected = set(filters.get(name, []))
        items = [{"value": v.value, "label": v.label, "count": v.count, "checked": v.value in selected} for v in values]
        shown = {item["value"] for item in items}
        items += [{"value": v, "label": v, "count": 0, "checked": True} for v in sorted(selected - shown)]
        if items:
            groups.append({"name": name, "title": FACET_TITLES[name], "values": items})
    return groups


def _without(query, *names) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _with(query, **values) -> str:
    query = query.copy()
    for name, value in values.items():
        query[name] = value
    query.pop("page", None)
    return query.urlencode()


def _page_window(current: int, last: int, width: int = 2) -> list[int]:
    return sorted({1, last, *range(max(1, current - width), min(last, current + width) + 1)})

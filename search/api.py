"""JSON API of the fiche search: ``/api/v1/fiches/`` and ``/api/v1/fiches/suggest`` (DESIGN.md §5).

``near`` is ``LAT,LON`` or, as on the search page, a commune (« Agen », « Clermont (60) »); a name several
communes share is refused with the list of those it may mean (``near_choices``)."""
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fiches.visibility import audience_of
from geo.geocoders import OfflineGazetteer

from .backends import get_search_backend
from .params import InvalidSearchParams, parse_search_params

MAX_SUGGESTIONS = 10
_geocoder = OfflineGazetteer()


@require_GET
def fiches(request):
    try:
        params = parse_search_params(request.GET, geocoder=_geocoder, audience=audience_of(request))
    except InvalidSearchParams as error:
        # ``near_choices``: the communes an ambiguous ``near`` may mean, each a value to send as ``near``.
        return JsonResponse({"error": str(error), "errors": error.errors,
                             "near_choices": [value for _label, value in error.near_choices]}, status=400)
    return JsonResponse(get_search_backend().search(params).as_dict())


@require_GET
def suggest(request):
    prefix = request.GET.get("q", "").strip()
    if len(prefix) > 100:
        return JsonResponse({"error": _("Le début de recherche ne peut dépasser 100 caractères.")}, status=400)
    backend = get_search_backend()
    suggestions = backend.suggest(prefix, MAX_SUGGESTIONS, audience_of(request)) if prefix else []
    return JsonResponse({"suggestions": [s.as_dict() for s in suggestions]})

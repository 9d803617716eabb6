"""A request refused for a missing or wrong CSRF token: the site's French page, or a JSON error under /api/.

An API client that sends a POST (to the search API, which reads GETs, or with no token) got the HTML page meant
for a form sent from a stale browser tab, where the API promises JSON errors.
"""
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as page_failure

from .method_not_allowed import API_PREFIX


def csrf_failure(request, reason=""):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"error": "csrf", "detail": _(
            "Requête refusée : sans jeton CSRF, cette adresse ne prend que des lectures (GET).")}, status=403)
    return page_failure(request, reason=reason)

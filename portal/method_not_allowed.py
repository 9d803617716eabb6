"""A request whose method the view does not take gets the site's French error page, not a blank one.

Django's ``require_POST`` and ``require_http_methods`` answer 405 with an empty body: a blank page for whoever
opens a form's action address (« Se déconnecter » or « Supprimer » kept in a bookmark, or the login that sends
back to the action it interrupted, which a browser then GETs), and an empty answer where the API promises JSON
errors. The 405 keeps its status and its ``Allow`` header; under /api/ its body is JSON.

A method no view of the site serves (TRACE, CONNECT, a made-up one) is refused before any view: function views
take every method, so a TRACE rendered the page it named, and an unknown one met the CSRF check's 403.
"""
from __future__ import annotations

from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# The methods the site's views take; any other gets a 405 that offers the ones a page or a form uses.
SERVED_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
PAGE_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False) or response.content:
            return response
        allowed = response.get("Allow", "")
        if request.path.startswith(API_PREFIX):
            page = JsonResponse({"error": "method_not_allowed", "detail": _(
                "Méthode %(method)s refusée : cette adresse accepte %(allowed)s."
            ) % {"method": request.method, "allowed": allowed}}, status=405)
        else:
            unserved = request.method if request.method not in SERVED_METHODS else ""
            page = render(request, "405.html", {"unserved_method": unserved}, status=405)
        page["Allow"] = allowed
        return page


class UnservedMethodMiddleware:
    """Answers an empty 405 (given its page by :class:`MethodNotAllowedPageMiddleware`) to a method no view serves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SERVED_METHODS:
            return HttpResponseNotAllowed(PAGE_METHODS)
        return self.get_response(request)

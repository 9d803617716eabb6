"""The ``next`` parameter of Wagtail's administration: a value that is no address is dropped.

Wagtail's admin views (submit, publish, delete, lock, workflow actions, sign-in…) end with
``django.shortcuts.redirect(next)``, after checking only that ``next`` points to this site. A value
without « / » nor « . » (``next=abc``, ``next=true``) passes that check, and ``redirect`` reads it as a
URL name: NoReverseMatch, a 500 after the action was done. The admin's own links always give a path,
so such a value is dropped before the view runs, which then redirects where it would without one.
"""
from __future__ import annotations

from django.http import QueryDict

ADMIN_PREFIX = "/admin/"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _is_address(value: str) -> bool:
    """What ``django.shortcuts.resolve_url`` takes as a URL rather than a view name."""
    return "/" in value or "." in value


def _without_names(params: QueryDict) -> QueryDict:
    values = params.getlist("next")
    if all(_is_address(value) for value in values):
        return params
    params = params.copy()
    params.setlist("next", [value for value in values if _is_address(value)])
    if not params.getlist("next"):
        del params["next"]
    return params


class AdminNextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            request.GET = _without_names(request.GET)
            if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
                request.POST = _without_names(request.POST)
        return self.get_response(request)

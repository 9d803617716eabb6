"""Refuses a request whose declared body is larger than any form of the site needs.

Django streams uploaded files to disk whatever their size, and a view refuses a too large
file only once it has been received; this middleware answers 413 from the ``Content-Length``
header alone, before the body is read. (Behind a proxy, its own body limit does the same
earlier; this one holds when gunicorn is reached directly.)
"""
from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.ACCROCHE_MAX_REQUEST_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if limit and declared > limit:
            message = _("La requête est trop volumineuse (plus de %(max)s Mo) : envoyez un fichier plus petit.") % {
                "max": f"{limit / (1024 * 1024):.0f}"
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

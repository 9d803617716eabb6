"""Refuses a request whose body the site would not read whole: larger than any form of the site
needs, or sent without its length.

Django streams uploaded files to disk whatever their size, and a view refuses a too large
file only once it has been received; this middleware answers 413 from the ``Content-Length``
header alone, before the body is read. (Behind a proxy, its own body limit does the same
earlier; this one holds when gunicorn is reached directly.)

A body sent in chunks (``Transfer-Encoding: chunked``, no ``Content-Length``) reaches Django
through WSGI without a length, and Django then reads it as empty: a form was handled as if sent
blank, a signed indicator report refused as « altered ». It gets a 411 (Length Required) instead.

A form body declaring another charset than UTF-8 (``application/x-www-form-urlencoded; charset=utf-16``) gets a
400 in French. Django refuses it with ``BadRequest`` each time ``request.POST`` is read, and its error pages read it
again (their CSRF check, ``requires_csrf_token``): the 400 page raised, then the 500 page, and gunicorn's bare 500
answered every form of the site, the anonymous login included. The form is read here first.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.utils.translation import gettext as _


FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _refusal(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_TRANSFER_ENCODING" in request.META and not request.META.get("CONTENT_LENGTH"):
            return _refusal(_("Le corps de la requête doit être envoyé d'un seul tenant, avec sa longueur (en-tête "
                              "Content-Length) : envoyé par morceaux (Transfer-Encoding), il ne serait pas lu."), 411)
        limit = settings.ACCROCHE_MAX_REQUEST_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if limit and declared > limit:
            message = _("La requête est trop volumineuse (plus de %(max)s Mo) : envoyez un fichier plus petit.") % {
                "max": f"{limit / (1024 * 1024):.0f}"
            }
            return _refusal(message, 413)
        if request.method == "POST" and request.content_type == FORM_CONTENT_TYPE:
            try:
                request.POST
            except BadRequest:
                return _refusal(_("Un formulaire doit être envoyé en UTF-8 : le jeu de caractères déclaré "
                                  "(Content-Type) n'est pas accepté."), 400)
        return self.get_response(request)

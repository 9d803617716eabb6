"""A form body declaring another charset than UTF-8 gets a 400 in French, not a 500 from gunicorn.

Django refuses ``application/x-www-form-urlencoded; charset=utf-16`` (any charset but UTF-8, RFC 1866)
with ``BadRequest`` each time ``request.POST`` is read, and its error pages read it again (their CSRF
check, ``requires_csrf_token``): the 400 page raised, then the 500 page, and the exception reached
gunicorn, whose bare 500 answered every form of the site, the anonymous login included. The form is
read here first, and the refusal answered here.
"""
from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.utils.translation import gettext as _

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


class FormCharsetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == FORM_CONTENT_TYPE:
            try:
                request.POST
            except BadRequest:
                return HttpResponse(_("Un formulaire doit être envoyé en UTF-8 : le jeu de caractères déclaré "
                                      "(Content-Type) n'est pas accepté."),
                                    status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

"""The page django-axes answers once a login is locked (``AXES_LOCKOUT_CALLABLE``)."""
import math

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {"cooloff_minutes": minutes, "title": _("Connexion bloquée")}
    return render(request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)

"""« Connexions bloquées » in the Wagtail admin: the logins django-axes holds locked, and unlocking them."""
from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _


def can_unlock(user) -> bool:
    return user.is_active and user.has_perm("axes.delete_accessattempt")


def locked_attempts():
    """Attempts at or over the failure limit within the cool-off: the logins refused right now."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


def lockouts_view(request):
    if not can_unlock(request.user):
        raise PermissionDenied
    if request.method == "POST":
        username = request.POST.get("username", "")
        # No login is recorded with a NUL character (PostgreSQL refuses one in text: the lookup failed, 500).
        if "\x00" not in username and reset(username=username):
            messages.success(request, _("La connexion de « %(username)s » est débloquée.") % {"username": username})
        else:
            messages.warning(request, _("Aucun blocage en cours pour « %(username)s ».")
                             % {"username": username.replace("\x00", "")})
        return redirect("accounts_lockouts")
    return TemplateResponse(request, "accounts/lockouts.html", {
        "attempts": locked_attempts(), "page_title": _("Connexions bloquées"),
    })

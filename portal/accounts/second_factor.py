"""Who must confirm their login with a second factor, and the middleware that asks them.

Accounts that can read minors' personal data (a plugin says which, through the hook
``user_requires_second_factor``: the SAS module answers for its roles) must, when
``ACCROCHE_REQUIRE_2FA`` is on, confirm each login with a time-based code (TOTP, django-otp)
before any page but the second-factor screens and logout. Whatever that setting, their
sessions are short: ``ACCROCHE_SENSITIVE_SESSION_SECONDS``, never the two weeks that
« se souvenir de moi » gives other accounts.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from plugins.manager import call_hook


def holds_sensitive_role(user) -> bool:
    """Whether a plugin says the user's roles give access to personal data."""
    return user.is_authenticated and any(call_hook("user_requires_second_factor", user=user))


def shorten_session(session) -> None:
    """Bound the session to the sensitive-account lifetime (once; a later save keeps it)."""
    limit = settings.ACCROCHE_SENSITIVE_SESSION_SECONDS
    if session.get_expire_at_browser_close() or session.get_expiry_age() > limit:
        session.set_expiry(limit)


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("accounts:second_factor"),
        reverse("wagtailadmin_logout"),
        settings.STATIC_URL,
        settings.MEDIA_URL,
    )


class SecondFactorMiddleware:
    """After django-otp's middleware: sends a sensitive account that has not confirmed its login to
    the second-factor screen, and shortens the session of sensitive accounts (also on the response
    that logs them in, so the cookie never carries a two-week lifetime)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        sensitive = holds_sensitive_role(user)
        if (
            sensitive
            and settings.ACCROCHE_REQUIRE_2FA
            and not user.is_verified()
            and not request.path.startswith(_exempt_paths())
        ):
            target = reverse("accounts:second_factor") + "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        response = self.get_response(request)
        if request.user.pk != user.pk:  # the view logged someone in (or out)
            sensitive = holds_sensitive_role(request.user)
        if sensitive:
            shorten_session(request.session)
        return response

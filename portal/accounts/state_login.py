"""Sign in with the State's identity (OpenID Connect, ProConnect-ready) through mozilla-django-oidc.

An identity already known (same ``sub``, kept as the username ``oidc:<sub>``, or same e-mail as a
local account) signs in as that account, with its roles. A new identity gets an account only when
:func:`portal.accounts.state_identity.placement_for` finds its structure; otherwise it is refused
with a French message on the login page and nothing is created. Logging out of an account that
signed in this way also ends the session at the identity provider (RP-initiated logout).
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView, OIDCLogoutView
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from .models import Membership
from .state_identity import claim_text, placement_for

ID_TOKEN_SESSION_KEY = "oidc_id_token"


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def username_for(claims: dict) -> str:
    return f"oidc:{claim_text(claims, 'sub')}"[:150]


class StateIdentityBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims):
        return bool(claim_text(claims, "sub")) and super().verify_claims(claims)

    def filter_users_by_claims(self, claims):
        email = claim_text(claims, "email")
        users = self.UserModel.objects.filter(username=username_for(claims))
        if not users.exists() and email:
            users = self.UserModel.objects.filter(Q(email__iexact=email) & ~Q(username__startswith="oidc:"))
        return users  # a deactivated account is found, then refused by the callback: never replaced by a new one

    def _names(self, claims) -> dict:
        return {"first_name": claim_text(claims, "given_name")[:150], "last_name": claim_text(claims, "usual_name")[:150],
                "email": claim_text(claims, "email")[:254]}

    @transaction.atomic
    def create_user(self, claims):
        placement = placement_for(claims)
        if placement is None:
            messages.error(self.request, _(
                "Votre structure n'est pas encore rattachée à Accroche : aucun compte n'a été créé. "
                "Demandez à l'administrateur de votre académie de vous inviter ou d'ajouter votre structure."))
            raise SuspiciousOperation("OIDC identity without a known structure")
        user = get_user_model().objects.create_user(username=username_for(claims), password=None,
                                                    **self._names(claims))
        Membership.objects.create(user=user, role=placement.role, establishment=placement.establishment,
                                  academie=placement.academie)
        return user

    def update_user(self, user, claims):
        if user.username.startswith("oidc:"):
            for field, value in self._names(claims).items():
                setattr(user, field, value or getattr(user, field))
            user.save(update_fields=["first_name", "last_name", "email"])
        return user


class StateLoginView(OIDCAuthenticationRequestView):
    """Starts the sign-in at the identity provider (404 while it is not configured)."""

    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)


def provider_logout_url(request) -> str:
    """The provider's end-session URL for this session's ID token (``OIDC_OP_LOGOUT_URL_METHOD``)."""
    query = {"id_token_hint": request.session.get(ID_TOKEN_SESSION_KEY, ""), "state": get_random_string(32),
             "post_logout_redirect_uri": request.build_absolute_uri(settings.LOGOUT_REDIRECT_URL),
             "client_id": settings.OIDC_RP_CLIENT_ID}
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(query)}"


class LogoutView(OIDCLogoutView):
    """The admin's « Se déconnecter »: also ends the provider's session for a State-identity login."""

    def post(self, request):
        if enabled() and settings.OIDC_OP_LOGOUT_ENDPOINT and request.session.get(ID_TOKEN_SESSION_KEY):
            return super().post(request)
        return WagtailLogoutView.as_view()(request)

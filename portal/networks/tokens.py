"""Personal feed tokens (revocable) and signed unsubscribe tokens (no login needed)."""
from __future__ import annotations

from django.core import signing
from django.utils import timezone

from .models import PersonalToken

UNSUBSCRIBE_SALT = "accroche.networks.unsubscribe"


def user_for_token(key: str):
    """The active user whose live feed token is ``key``, or None."""
    token = (PersonalToken.objects.select_related("user")
             .filter(key=key, revoked_at__isnull=True, user__is_active=True).first())
    return token.user if token else None


def active_token(user) -> PersonalToken | None:
    return PersonalToken.objects.filter(user=user, revoked_at__isnull=True).first()


def renew_token(user) -> PersonalToken:
    """Revoke the user's live tokens and give them a new one."""
    PersonalToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return PersonalToken.objects.create(user=user)


def revoke_tokens(user) -> int:
    return PersonalToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT, compress=True)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None

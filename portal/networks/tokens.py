"""Personal feed tokens (revocable) and signed unsubscribe tokens (no login needed)."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
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


def _lock_tokens_of(user) -> None:
    """Serialise the changes of one person's tokens (two clicks at once) on their account's row: the later
    change then sees, and revokes, the token the earlier one made."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


@transaction.atomic
def renew_token(user) -> PersonalToken:
    """Revoke the user's live tokens and give them a new one (one live token per person)."""
    _lock_tokens_of(user)
    PersonalToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return PersonalToken.objects.create(user=user)


@transaction.atomic
def revoke_tokens(user) -> int:
    _lock_tokens_of(user)
    return PersonalToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT, compress=True)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None

"""The portal's own signing key (for receipts) and the registration of establishments' keys."""
from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal import httpsig

from .models import EstablishmentKey

PORTAL_KEY_FILE = "portal.key"


def portal_private_key() -> Ed25519PrivateKey:
    """ACCROCHE_PORTAL_KEY, or a key file made once in ACCROCHE_KEY_DIR."""
    return httpsig.configured_private_key(settings.ACCROCHE_PORTAL_KEY,
                                          Path(settings.ACCROCHE_KEY_DIR) / PORTAL_KEY_FILE, create=True)


def register_key(establishment, public_key: str, user=None) -> EstablishmentKey:
    """Register an establishment's public key (base64 of 32 bytes); earlier keys stay active."""
    public_key = public_key.strip()
    try:
        httpsig.public_key_from_text(public_key)
    except httpsig.KeyFormatError as exc:
        raise ValidationError(_("Ce n'est pas une clé publique Ed25519 : 32 octets encodés en base64 attendus.")) from exc
    fingerprint = httpsig.fingerprint(public_key)
    already = ValidationError(_("Cette clé est déjà enregistrée."))
    if EstablishmentKey.objects.filter(fingerprint=fingerprint).exists():
        raise already
    try:
        with transaction.atomic():
            return EstablishmentKey.objects.create(establishment=establishment, public_key=public_key,
                                                   fingerprint=fingerprint, registered_by=user)
    except IntegrityError:  # registered meanwhile by a simultaneous request (a double click)
        raise already from None

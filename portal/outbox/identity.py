"""Who this node is: its establishment's UAI, its signing key, and the portal it reports to."""
from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal import httpsig
from portal.indicators.keys import portal_private_key

NODE_KEY_FILE = "node.key"


def node_key_path() -> Path | None:
    """Where the node's key file is; None when ACCROCHE_NODE_KEY holds the key itself."""
    value = settings.ACCROCHE_NODE_KEY.strip()
    if not value:
        return Path(settings.ACCROCHE_KEY_DIR) / NODE_KEY_FILE
    return None if httpsig.is_private_key_text(value) else Path(value)


def node_private_key() -> Ed25519PrivateKey:
    """Read at each use, so that a key rotated by `node_keygen --rotate` signs the next report."""
    try:
        return httpsig.configured_private_key(settings.ACCROCHE_NODE_KEY,
                                              Path(settings.ACCROCHE_KEY_DIR) / NODE_KEY_FILE, create=False)
    except FileNotFoundError as exc:
        raise ImproperlyConfigured(
            "Clé de l'établissement absente : lancez `manage.py node_keygen` ou fixez ACCROCHE_NODE_KEY."
        ) from exc


def portal_public_key() -> Ed25519PublicKey:
    """ACCROCHE_PORTAL_PUBLIC_KEY; the embedded demo reads its own portal's key."""
    if settings.ACCROCHE_PORTAL_PUBLIC_KEY.strip():
        return httpsig.public_key_from_text(settings.ACCROCHE_PORTAL_PUBLIC_KEY)
    if settings.ACCROCHE_ROLE == "embedded":
        return portal_private_key().public_key()
    raise ImproperlyConfigured("ACCROCHE_PORTAL_PUBLIC_KEY manque : la clé publique du portail, en base64.")


def reports_url(portal_url: str | None = None) -> str:
    base = (portal_url or settings.ACCROCHE_PORTAL_URL).rstrip("/")
    return f"{base}/api/v1/indicator-reports/" if base else ""


def check_uai(uai: str) -> None:
    """A node reports for its own establishment only (any establishment in the embedded demo)."""
    if settings.ACCROCHE_ROLE == "portal":
        raise ImproperlyConfigured("Le portail n'envoie pas de rapports : ACCROCHE_ROLE vaut « portal ».")
    if settings.ACCROCHE_NODE_UAI and uai != settings.ACCROCHE_NODE_UAI:
        raise ValueError(f"this node reports for {settings.ACCROCHE_NODE_UAI}, not {uai}")

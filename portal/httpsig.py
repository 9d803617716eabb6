"""Ed25519 keys and HTTP Message Signatures (RFC 9421) for the indicator reports.

Both ends use it: an establishment node signs its requests and verifies the portal's
receipts; the portal verifies the requests and signs its receipts. Signing and verifying
are the `http-message-signatures` package's; this module fixes the profile (algorithm,
label, covered components, Content-Digest of RFC 9530) and the key formats: a public key is
its 32 raw bytes in base64, its fingerprint (the signature's ``keyid``) the SHA-256 of those
bytes in hexadecimal; a private key is its 32-byte seed in base64, in a file or a variable.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import http_sf
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from http_message_signatures import HTTPMessageSigner, HTTPMessageVerifier, algorithms
from http_message_signatures.digests import ContentDigest
from http_message_signatures.exceptions import HTTPMessageSignaturesException, InvalidSignature
from http_message_signatures.resolvers import MappingKeyResolver

LABEL = "accroche"
REQUEST_COMPONENTS = ("@method", "@target-uri", "content-type", "content-digest", "idempotency-key")
RESPONSE_COMPONENTS = ("@status", "content-type", "content-digest")
ALGORITHM = algorithms.ED25519


class KeyFormatError(ValueError):
    """A key that is not an Ed25519 key in the expected encoding."""


# Keys ---------------------------------------------------------------------------------------

def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    return base64.b64encode(raw).decode()


def _decode_32(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyFormatError(f"{what}: not base64") from exc
    if len(raw) != 32:
        raise KeyFormatError(f"{what}: expected 32 bytes, got {len(raw)}")
    return raw


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_decode_32(text, "private key"))


def load_private_key(value: str) -> Ed25519PrivateKey:
    """A private key from a setting: the path of a file holding it, or the base64 seed itself."""
    value = value.strip()
    if is_private_key_text(value):
        return private_key_from_text(value)
    return private_key_from_text(Path(value).read_text())


def is_private_key_text(value: str) -> bool:
    try:
        _decode_32(value, "private key")
    except KeyFormatError:
        return False
    return True


def write_private_key(key: Ed25519PrivateKey, path: Path) -> None:
    """Write a new key file readable by its owner only; never overwrite an existing key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(private_key_text(key) + "\n")


def public_key_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    return base64.b64encode(public_key_raw(key)).decode()


def public_key_from_text(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_decode_32(text, "public key"))


def fingerprint(key: Ed25519PrivateKey | Ed25519PublicKey | str) -> str:
    """SHA-256 of the raw public key, hexadecimal: the ``keyid`` of its signatures."""
    raw = _decode_32(key, "public key") if isinstance(key, str) else public_key_raw(key)
    return hashlib.sha256(raw).hexdigest()


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


# Messages -----------------------------------------------------------------------------------

@dataclass
class Request:
    """The parts of an HTTP request the signature covers."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    request: Request | None = None


@dataclass(frozen=True)
class SignatureInput:
    """The parameters of the ``accroche`` signature, read before any key is looked up."""

    keyid: str
    created: dt.datetime
    expires: dt.datetime | None
    nonce: str | None
    components: tuple[str, ...]


class SignatureHeaderError(ValueError):
    """Signature headers missing, malformed or not following the profile."""


def read_signature_input(headers) -> SignatureInput:
    """Parse the ``Signature-Input`` member labelled ``accroche`` (RFC 9421 §4.1)."""
    raw = headers.get("Signature-Input") or headers.get("signature-input")
    if not raw or not (headers.get("Signature") or headers.get("signature")):
        raise SignatureHeaderError("Signature-Input and Signature headers are required")
    try:
        parsed = http_sf.parse(raw.encode(), tltype="dictionary")
    except Exception as exc:  # http_sf raises plain ValueError and friends on bad input
        raise SignatureHeaderError("malformed Signature-Input") from exc
    if LABEL not in parsed:
        raise SignatureHeaderError(f'no signature labelled "{LABEL}"')
    members, params = parsed[LABEL]
    if not isinstance(members, list):
        raise SignatureHeaderError("Signature-Input member is not an inner list")
    components = tuple(str(value) for value, _ in members)
    keyid, created = params.get("keyid"), params.get("created")
    if not isinstance(keyid, str) or type(created) is not int:
        raise SignatureHeaderError("keyid and created are required")
    expires = params.get("expires")
    nonce = params.get("nonce")
    return SignatureInput(
        keyid=keyid,
        created=_instant(created),
        expires=_instant(expires) if type(expires) is int else None,
        nonce=nonce if isinstance(nonce, str) else None,
        components=components,
    )


def _instant(timestamp: int) -> dt.datetime:
    """A ``created`` or ``expires`` parameter as a UTC time: a header may carry any integer of up to 15 digits,
    far beyond the years a datetime holds (``created=99999999999999`` raised ValueError: a 500)."""
    try:
        return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)
    except (ValueError, OverflowError, OSError) as exc:
        raise SignatureHeaderError("created or expires out of range") from exc


def sign_request(request: Request, body: bytes, key: Ed25519PrivateKey, *, now: dt.datetime,
                 lifetime: dt.timedelta, nonce: str | None = None) -> None:
    """Add Content-Digest, Signature-Input and Signature to ``request.headers``."""
    signer = HTTPMessageSigner(signature_algorithm=ALGORITHM,
                               key_resolver=MappingKeyResolver(public_keys={}, private_keys={fingerprint(key): key}))
    signer.sign(request, key_id=fingerprint(key), created=now, expires=now + lifetime,
                nonce=nonce or secrets.token_urlsafe(24), label=LABEL,
                covered_component_ids=REQUEST_COMPONENTS, body=body)


def verify_signature(message: Request | Response, public_key: Ed25519PublicKey, keyid: str, *,
                     components: tuple[str, ...], max_age: dt.timedelta | None,
                     clock_skew: dt.timedelta) -> None:
    """Check the ``accroche`` signature of ``message`` and that it covers ``components``.

    Raises :class:`InvalidSignature`. The body is not read: :func:`digest_matches` compares it
    with the signed Content-Digest, so a forged signature and an altered body are told apart.
    """
    verifier = HTTPMessageVerifier(signature_algorithm=ALGORITHM,
                                   key_resolver=MappingKeyResolver(public_keys={keyid: public_key}, private_keys={}))
    verifier.max_clock_skew = clock_skew
    try:
        verifier.verify(message, max_age=max_age, expect_tag=None, require_components=components)
    except HTTPMessageSignaturesException as exc:
        raise InvalidSignature(str(exc)) from exc


def digest_matches(headers, body: bytes) -> bool:
    value = headers.get("Content-Digest") or headers.get("content-digest")
    if not value:
        return False
    try:
        ContentDigest.verify(value, body)
    except HTTPMessageSignaturesException:
        return False
    return True


def sign_response(response: Response, body: bytes, key: Ed25519PrivateKey, *, now: dt.datetime) -> None:
    signer = HTTPMessageSigner(signature_algorithm=ALGORITHM,
                               key_resolver=MappingKeyResolver(public_keys={}, private_keys={fingerprint(key): key}))
    signer.sign(response, key_id=fingerprint(key), created=now, label=LABEL,
                covered_component_ids=RESPONSE_COMPONENTS, body=body)



def configured_private_key(value: str, default_file: Path, *, create: bool) -> Ed25519PrivateKey:
    """The key a setting names (seed or path); when empty, ``default_file``, created if asked."""
    if value.strip():
        return load_private_key(value)
    if create and not default_file.exists():
        try:
            write_private_key(generate_private_key(), default_file)
        except FileExistsError:  # another process created it meanwhile
            pass
    return private_key_from_text(default_file.read_text())

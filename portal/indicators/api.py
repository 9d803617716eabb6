"""``POST /api/v1/indicator-reports/``: verify a signed report, store it, answer a signed receipt.

Every check refuses with a 4xx JSON ``{"error": code, "detail": French sentence}`` and stores
nothing. The checks run cheapest and least trusting first: size, headers, key, freshness,
signature, digest, the content (schema, establishment, period), then in one transaction the replay
cache, the idempotency key and the storing.
"""
from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from functools import lru_cache
from pathlib import Path

import jsonschema_rs
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from plugins.disclosure.policy import MINIMUM_THRESHOLD
from plugins.manager import gather_lists
from plugins.reports import Aggregation, CellStatus, breakdown_key
from portal import httpsig

from .ingest import store_report
from .keys import portal_private_key
from .models import EstablishmentKey, ReceivedReport, ReportingPeriod, SeenNonce

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = {1: "indicator-report-1.json"}
EARLIEST_CREATED = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
NONCE_PURGE_INTERVAL = 60  # seconds between two purges of expired nonces, per process
_last_purge = float("-inf")


class Refusal(Exception):
    def __init__(self, status: int, code: str, detail: str):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


@lru_cache(maxsize=None)
def schema_validator(version: int):
    """The compiled validator of a published schema (jsonschema-rs: some 100 times faster than the
    pure-Python validator on a 60-cell report, see bench/RESULTS.md)."""
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILES[version]).read_text())
    return jsonschema_rs.validator_for(schema, validate_formats=True)


@require_GET
def schema(request, name: str):
    if name not in SCHEMA_FILES.values():
        raise Http404
    return FileResponse((SCHEMA_DIR / name).open("rb"), content_type="application/schema+json")


@csrf_exempt
@require_POST
def receive_report(request):
    try:
        return _receive(request)
    except Refusal as refusal:
        return JsonResponse({"error": refusal.code, "detail": refusal.detail}, status=refusal.status)


def _receive(request) -> HttpResponse:
    now = timezone.now()
    body = _read_body(request)
    idempotency_key = _idempotency_key(request)
    signature = _signature_input(request)
    key = _signing_key(signature.keyid, now)
    _check_freshness(signature, now)
    message = httpsig.Request(request.method, request.build_absolute_uri(), dict(request.headers.items()))
    try:
        httpsig.verify_signature(message, httpsig.public_key_from_text(key.public_key), key.fingerprint,
                                 components=httpsig.REQUEST_COMPONENTS, max_age=None,
                                 clock_skew=dt.timedelta(seconds=settings.ACCROCHE_SIGNATURE_CLOCK_SKEW))
    except httpsig.InvalidSignature as exc:
        raise Refusal(401, "forged", _("La signature ne correspond pas à la clé enregistrée de l'établissement.")) from exc
    if not httpsig.digest_matches(request.headers, body):
        raise Refusal(400, "altered", _("Le contenu reçu ne correspond pas à son empreinte signée (Content-Digest)."))
    digest = httpsig.body_digest(body)
    payload, created = _parse(body)
    period = _check_content(payload, key)
    try:
        with transaction.atomic():
            _consume_nonce(signature, key, now)
            earlier = ReceivedReport.objects.filter(idempotency_key=idempotency_key).select_related("establishment").first()
            if earlier is not None:
                return _repeat(earlier, key, digest)
            report = store_report(payload=payload, body_digest=digest, key=key, period=period,
                                  idempotency_key=idempotency_key, created=created)
    except IntegrityError:
        # The same report arrived twice at once: the other request stored it.
        earlier = ReceivedReport.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is None:
            raise
        return _repeat(earlier, key, digest)
    return _receipt(report, status=201)


def _read_body(request) -> bytes:
    limit = settings.ACCROCHE_REPORT_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise Refusal(413, "too_large", _("Le rapport dépasse la taille maximale acceptée (%(n)s octets).") % {"n": limit})
    if request.content_type != "application/json":
        raise Refusal(415, "unsupported_media_type", _("Le rapport doit être envoyé en application/json."))
    return request.body


def _idempotency_key(request) -> str:
    value = request.headers.get("Idempotency-Key", "").strip()
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Refusal(400, "missing_idempotency_key",
                      _("L'en-tête Idempotency-Key doit porter un UUID propre à ce rapport.")) from None


def _signature_input(request) -> httpsig.SignatureInput:
    try:
        signature = httpsig.read_signature_input(request.headers)
    except httpsig.SignatureHeaderError as exc:
        raise Refusal(401, "signature_missing",
                      _("Le rapport doit être signé (en-têtes Signature-Input et Signature, RFC 9421).")) from exc
    if signature.expires is None or not signature.nonce or set(httpsig.REQUEST_COMPONENTS) - set(signature.components):
        raise Refusal(401, "signature_incomplete",
                      _("La signature doit couvrir la méthode, l'adresse, le type, l'empreinte et la clé "
                        "d'idempotence, et porter created, expires et nonce."))
    return signature


def _signing_key(keyid: str, now: dt.datetime) -> EstablishmentKey:
    key = EstablishmentKey.objects.select_related("establishment").filter(fingerprint=keyid).first()
    if key is None:
        raise Refusal(401, "unknown_establishment",
                      _("Aucun établissement n'a enregistré cette clé auprès du portail (empreinte %(keyid)s).")
                      % {"keyid": keyid[:64]})
    if not key.is_active(now):
        raise Refusal(403, "revoked_key", _("Cette clé a été révoquée par l'académie le %(date)s.")
                      % {"date": timezone.localtime(key.revoked_at).strftime("%d/%m/%Y %H:%M")})
    return key


def _check_freshness(signature: httpsig.SignatureInput, now: dt.datetime) -> None:
    skew = dt.timedelta(seconds=settings.ACCROCHE_SIGNATURE_CLOCK_SKEW)
    lifetime = dt.timedelta(seconds=settings.ACCROCHE_SIGNATURE_LIFETIME)
    if signature.created > now + skew:
        raise Refusal(401, "not_yet_valid", _("La signature est datée dans le futur : vérifiez l'horloge du serveur."))
    if signature.expires < now - skew or signature.created + lifetime < now - skew:
        raise Refusal(401, "expired", _("La signature a expiré : le rapport doit être signé à nouveau."))


def _consume_nonce(signature: httpsig.SignatureInput, key: EstablishmentKey, now: dt.datetime) -> None:
    """Record the nonce; one seen before is a replay. Runs inside the request's transaction: a
    refusal later on rolls the nonce back with everything else."""
    global _last_purge
    skew = dt.timedelta(seconds=settings.ACCROCHE_SIGNATURE_CLOCK_SKEW)
    lifetime = dt.timedelta(seconds=settings.ACCROCHE_SIGNATURE_LIFETIME)
    if time.monotonic() - _last_purge > NONCE_PURGE_INTERVAL:
        SeenNonce.objects.filter(expires_at__lt=now).delete()
        _last_purge = time.monotonic()
    try:
        SeenNonce.objects.create(nonce=signature.nonce[:128], key=key,
                                 expires_at=min(signature.expires, signature.created + lifetime) + skew)
    except IntegrityError:
        raise Refusal(409, "replayed", _("Cette requête signée a déjà été reçue : un rejeu est refusé.")) from None


def _repeat(earlier: ReceivedReport, key: EstablishmentKey, digest: str) -> HttpResponse:
    if earlier.body_digest != digest or earlier.establishment_id != key.establishment_id:
        raise Refusal(409, "idempotency_conflict",
                      _("Cette clé d'idempotence a déjà servi pour un autre rapport."))
    return _receipt(earlier, status=200)


def _parse(body: bytes) -> tuple[dict, dt.datetime]:
    def refuse_constant(name):
        raise ValueError(name)

    try:
        payload = json.loads(body.decode("utf-8"), parse_constant=refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Refusal(400, "invalid_json", _("Le corps du rapport n'est pas du JSON UTF-8 valide.")) from exc
    version = payload.get("schema_version") if isinstance(payload, dict) else None
    if type(version) is not int or version not in SCHEMA_FILES:
        raise Refusal(422, "wrong_schema", _("Version de schéma inconnue : le portail accepte les versions %(v)s.")
                      % {"v": ", ".join(map(str, SCHEMA_FILES))})
    error = next(schema_validator(version).iter_errors(payload), None)
    if error is not None:
        where = "/".join(str(part) for part in error.instance_path) or "racine"
        raise Refusal(422, "wrong_schema", _("Le rapport ne suit pas le schéma %(v)s (à « %(where)s »).")
                      % {"v": version, "where": where})
    if _holds_nul(payload):
        raise Refusal(400, "invalid_json", _("Le rapport contient un caractère nul (\\u0000) : il est refusé."))
    _check_cells(payload)
    return payload, _created(payload["created"])


def _holds_nul(value) -> bool:
    """Whether a string of the report holds U+0000: JSON can escape it, PostgreSQL's jsonb cannot store it."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _created(text: str) -> dt.datetime:
    """The node's creation time of the report, in UTC; it may be old (a report waits in the outbox
    while the portal is down), not from the future nor from before the schema existed."""
    try:
        created = parse_datetime(text)
        created = created.astimezone(dt.timezone.utc) if created and created.tzinfo else None
    except (ValueError, OverflowError):
        created = None
    if created is None or not EARLIEST_CREATED <= created <= timezone.now() + dt.timedelta(days=1):
        raise Refusal(422, "wrong_schema", _("La date de création du rapport doit être une date ISO avec fuseau, "
                                             "passée."))
    return created


def _check_cells(payload: dict) -> None:
    """What a schema cannot say: each cell once, only for a defined indicator, and no small count published.

    A count is told by the portal's own definition when it has one (its dashboards read the cell so): a report
    that declared « Élèves repérés » a rate published 2 pupils past this check, and the pages showed 2."""
    known = {definition.code: definition.aggregation.value for definition in gather_lists("register_indicators")}
    aggregations = {definition["code"]: known.get(definition["code"], definition["aggregation"])
                    for definition in payload["definitions"]}
    seen = set()
    for index, cell in enumerate(payload["cells"]):
        natural_key = (cell["indicator"], breakdown_key(cell["breakdown"]))
        if cell["indicator"] not in aggregations:
            raise Refusal(422, "wrong_schema", _("La cellule %(n)s porte sur un indicateur que le rapport ne définit "
                                                 "pas (« %(code)s »).") % {"n": index, "code": cell["indicator"]})
        if natural_key in seen:
            raise Refusal(422, "wrong_schema", _("La cellule %(n)s figure deux fois dans le rapport.") % {"n": index})
        seen.add(natural_key)
        if _small_count_published(cell, aggregations[cell["indicator"]]):
            raise Refusal(422, "small_count_published", _(
                "La cellule %(n)s publie un effectif de %(value)s, sous le seuil de diffusion (jamais moins de "
                "%(minimum)s) : le nœud doit la tenir secrète. Rien n'a été enregistré.")
                % {"n": index, "value": cell["value"], "minimum": MINIMUM_THRESHOLD})


def _small_count_published(cell: dict, aggregation: str) -> bool:
    """Whether ``cell`` publishes a count that a node's suppression never publishes (0 < n < the lowest threshold any
    académie may set): a defect or a tampered node, whose small group the portal would otherwise show as sent. The
    académie's own threshold is the node's setting, not the portal's, so only the floor common to all is checked."""
    return (cell["status"] == CellStatus.PUBLISHED.value and aggregation == Aggregation.SUM.value
            and isinstance(cell["value"], (int, float)) and 0 < cell["value"] < MINIMUM_THRESHOLD)


def _check_content(payload: dict, key: EstablishmentKey) -> ReportingPeriod:
    if payload["establishment"] != key.establishment.uai:
        raise Refusal(403, "establishment_mismatch",
                      _("Ce rapport concerne un autre établissement que celui de la clé qui l'a signé."))
    described = payload["period"]
    period = ReportingPeriod.objects.filter(code=described["code"]).first()
    if period is None:
        raise Refusal(422, "unknown_period", _("La période « %(code)s » n'est pas déclarée sur le portail.")
                      % {"code": described["code"]})
    if (period.kind, period.start.isoformat(), period.end.isoformat()) != (
            described["kind"], described["start"], described["end"]):
        raise Refusal(422, "period_mismatch",
                      _("La période « %(code)s » n'a pas le même type ou les mêmes dates sur le portail.")
                      % {"code": period.code})
    return period


def receipt_body(report: ReceivedReport) -> dict:
    """The receipt: which report (key, digest) was received when, and what the import did."""
    return {
        "receipt_version": 1,
        "idempotency_key": report.idempotency_key,
        "report_digest": report.body_digest,
        "establishment": report.establishment.uai,
        "period": report.period.code,
        "sequence": report.sequence,
        "received_at": report.received_at.isoformat(),
        "import_summary": {"status": "SUCCESS", "import_count": {**report.import_count, "deleted": 0}},
    }


def _receipt(report: ReceivedReport, *, status: int) -> HttpResponse:
    body = json.dumps(receipt_body(report), separators=(",", ":")).encode()
    signed = httpsig.Response(status, {"Content-Type": "application/json"})
    httpsig.sign_response(signed, body, portal_private_key(), now=timezone.now())
    response = HttpResponse(body, status=status, content_type="application/json")
    for name, value in signed.headers.items():
        response[name] = value
    return response

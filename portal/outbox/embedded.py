"""The embedded demo's delivery: node and portal in one process and one database.

Sending the outbox to `runserver` from inside a `runserver` request could wait on itself; a
short-lived server on a free loopback port, in a thread of this process, lets the report go the
way it goes from a real node: a real HTTP request, signed, verified by the real endpoint,
answered with a signed receipt. Before sending, the demo plays the académie's part: it registers
the node's key for the establishment and declares the period, as an administrator would.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http.request import validate_host

from fiches.models import Establishment
from portal import httpsig
from portal.indicators.keys import register_key
from portal.indicators.models import EstablishmentKey, ExpectedReport, ReportingPeriod

from .identity import node_key_path, node_private_key
from .models import OutboxReport
from .sending import SendSummary, send_pending, unfinished


LOOPBACK_HOST = "127.0.0.1"


def loopback_refusal() -> str:
    """Why this process's portal cannot answer itself over plain HTTP on the loopback address ("" when it can).

    Production settings redirect every plain-HTTP request to HTTPS, which the loopback server does not speak, and
    answer only the site's own host names: the report would wait for ever, its last error « SSLError »."""
    if settings.SECURE_SSL_REDIRECT:
        return ("les réglages de production redirigent toute requête HTTP vers HTTPS (DJANGO_SECURE_SSL_REDIRECT), "
                "et le portail de ce processus ne répond qu'en HTTP simple sur %s" % LOOPBACK_HOST)
    allowed = settings.ALLOWED_HOSTS or ([".localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else [])
    if not validate_host(LOOPBACK_HOST, allowed):
        return "%s n'est pas dans DJANGO_ALLOWED_HOSTS : le portail de ce processus refuserait sa propre requête" % (
            LOOPBACK_HOST)
    return ""


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


@contextmanager
def served_portal():
    """Yield the URL of this process's portal, served until the block ends."""
    server = make_server(LOOPBACK_HOST, 0, get_wsgi_application(), handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="portal-loopback", daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK_HOST}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def send_in_process() -> SendSummary:
    """Enrol what the outbox needs, then send it to this process's portal over HTTP."""
    entries = list(unfinished())
    if not entries:
        return SendSummary()
    key = _node_key()
    for entry in entries:
        _enrol(entry, key)
    with served_portal() as url:
        return send_pending(portal_url=url)


def _node_key():
    path = node_key_path()
    if path is not None and not path.exists():
        try:
            httpsig.write_private_key(httpsig.generate_private_key(), path)
        except FileExistsError:
            pass
    return node_private_key()


def _enrol(entry: OutboxReport, key) -> None:
    establishment = Establishment.objects.get(uai=entry.establishment_uai)
    registered = EstablishmentKey.objects.filter(fingerprint=httpsig.fingerprint(key)).first()
    if registered is None:
        register_key(establishment, httpsig.public_key_text(key))
    elif registered.establishment_id != establishment.pk:
        raise ValueError(f"la clé de ce nœud est enregistrée pour {registered.establishment}, pas pour {establishment}")
    period = json.loads(bytes(entry.payload))["period"]
    declared, _created = ReportingPeriod.objects.get_or_create(code=period["code"], defaults={
        "kind": period["kind"], "label": period.get("label") or period["code"],
        "start": period["start"], "end": period["end"],
    })
    ExpectedReport.objects.get_or_create(establishment=establishment, period=declared)

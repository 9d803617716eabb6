"""A portal served for a moment on a free loopback port, in a thread of this process.

The embedded demo is a node and its portal in one process and one database. Sending its outbox
to `runserver` from inside a `runserver` request could wait on itself; a short-lived server
started here lets the report go the same way as from a real node: a real HTTP request, signed,
verified by the real endpoint, answered with a signed receipt.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.core.wsgi import get_wsgi_application


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


@contextmanager
def served_portal():
    """Yield the URL of this process's portal, served until the block ends."""
    server: WSGIServer = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="portal-loopback", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

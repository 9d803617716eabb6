"""End-to-end fixture: the embedded portal (SQLite, dev settings, demo data) served by a real
HTTP server in its own process (the browser fixtures are in tests/conftest.py)."""
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests import background

from . import embedded

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def embedded_env() -> dict:
    """Environment of the embedded portal's processes (its SQLite database, with the demo loaded):
    a test runs ``manage.py`` commands against the served portal with it. The database is built in
    the background from the end of collection (tests/conftest.py)."""
    return background.result("embedded", embedded.build_database)


@pytest.fixture(scope="session")
def embedded_portal(embedded_env, tmp_path_factory):
    """URL of the portal as `make run` serves it: SQLite, database search, demo data.

    Its log goes to a file: a pipe nobody reads fills up with the request log after a few hundred
    requests (the OpenAPI contract test sends more) and the server then blocks on its next write.
    """
    env = embedded_env
    port = _free_port()
    log = tmp_path_factory.mktemp("embedded-portal") / "runserver.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError("le portail embarqué n'a pas démarré : " + tail)
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=10)

"""End-to-end fixture: the embedded portal (SQLite, dev settings, demo data) served by a real
HTTP server in its own process (the browser fixtures are in tests/conftest.py)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _embedded_env(db_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "ELASTICSEARCH_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", DATABASE_URL=f"sqlite:///{db_path}", DJANGO_DEBUG="True")
    return env


@pytest.fixture(scope="session")
def embedded_env(tmp_path_factory) -> dict:
    """Environment of the embedded portal's processes (its SQLite database, with the demo loaded):
    a test runs ``manage.py`` commands against the served portal with it."""
    db_path = tmp_path_factory.mktemp("embedded") / "db.sqlite3"
    env = _embedded_env(db_path)
    for command in (["migrate", "--noinput"], ["load_demo"], ["sas_load_demo"], ["networks_load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    return env


@pytest.fixture(scope="session")
def embedded_portal(embedded_env):
    """URL of the portal as `make run` serves it: SQLite, database search, demo data."""
    env = embedded_env
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
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
                raise RuntimeError("le portail embarqué n'a pas démarré : " + server.stderr.read().decode()[-2000:])
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=10)

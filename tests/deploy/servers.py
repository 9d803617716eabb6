"""The portal as it is deployed, started from this checkout: docker/entrypoint.sh with the production
settings behind gunicorn, and `manage.py runserver` with the development settings.

Both serve one PostgreSQL database of their own (``<test database>_deploy``, on the running server),
a copy of a template database: a copy of the test run's migrated database (tests/databases.py) on
which ``entrypoint.sh migrate`` runs (nothing left to apply, the post-migrate steps), filled with
``entrypoint.sh manage load_demo`` / ``sas_load_demo`` then ``entrypoint.sh worker --batch`` (the
index tasks the demo enqueued: search terms, the synthesis exports). Building the template costs
minutes; it is kept between runs, with the media files it wrote (.cache/deploy/), and rebuilt when
a migration or a demo file changes (its fingerprint is the database's comment), or when
ACCROCHE_DEPLOY_REBUILD=1.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from tests.databases import (admin_connection, base_database_url, copy_database, database_url,
                             migrated, quoted)

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
PUBLIC_HOST = "accroche.test"
PRODUCTION_APPLICATION = "accroche-deploy-production"
DEMO_COMMANDS = (["manage", "load_demo"], ["manage", "sas_load_demo"])
# What the template database is made of: every migration and every demo loader and its data, and the data files
# they read (the search vocabulary a migration seeds, the gazetteer that places the demo's establishments), and
# what writes the demo's search entries (the documents, the bulk indexing at the end of the load).
PACKAGES = ("portal", "fiches", "search", "geo", "plugins")
FINGERPRINT_GLOBS = ("**/migrations/*.py", "**/demo*.py", "**/*load_demo*.py", "**/demo_data/**/*", "**/data/*",
                     "**/document_data.py", "**/bulk_indexing.py")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fingerprint() -> str:
    digest = hashlib.sha256()
    files = sorted({path for package in PACKAGES for pattern in FINGERPRINT_GLOBS
                    for path in (ROOT / package).glob(pattern) if path.is_file() and "__pycache__" not in path.parts})
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def base_env() -> dict:
    """This process's environment less any setting a server must not inherit, the venv first on PATH."""
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "ACCROCHE_", "DATABASE_URL", "ELASTICSEARCH_", "STATIC_ROOT",
                                 "MEDIA_ROOT", "EMAIL_URL", "GUNICORN_", "WEB_CONCURRENCY"))}
    keep["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{keep.get('PATH', '')}"
    keep["PYTHONDONTWRITEBYTECODE"] = "1"
    return keep


def production_env(database: str, static_root: Path, media_root: Path) -> dict:
    """The variables docker/env.example documents, as a deployer sets them (database search)."""
    env = base_env()
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=PUBLIC_HOST,
        ACCROCHE_BASE_URL=f"https://{PUBLIC_HOST}",
        DATABASE_URL=database_url(database),
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        ELASTICSEARCH_URL="",
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
        ACCROCHE_APP_DIR=str(ROOT),
        # collectstatic's brotli copies cost a minute of CPU; gzip and the manifest are kept.
        ACCROCHE_STATIC_BROTLI="0",
        # Names its PostgreSQL connections (libpq's variable), so that a test can tell them from the others.
        PGAPPNAME=PRODUCTION_APPLICATION,
    )
    return env


def development_env(database: str, media_root: Path) -> dict:
    env = base_env()
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", DATABASE_URL=database_url(database),
               MEDIA_ROOT=str(media_root), ELASTICSEARCH_URL="", LOG_LEVEL="WARNING")
    return env


def entrypoint(args: list[str], env: dict, timeout: float = 900) -> subprocess.CompletedProcess:
    result = subprocess.run(["sh", str(ENTRYPOINT), *args], env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"entrypoint.sh {' '.join(args)} a échoué ({result.returncode}) :\n{result.stderr[-4000:]}")
    return result


def database_name() -> str:
    """The deployment's own database on the running server: ``<test database>_deploy``."""
    return urllib.parse.urlsplit(base_database_url()).path.lstrip("/") + "_deploy"


def build_template() -> str:
    """The demo template of :func:`database_name` (built when missing or stale); the folder holding
    the media files its demo wrote (the synthesis exports)."""
    template = f"{database_name()}_template"
    media_cache = ROOT / ".cache" / "deploy" / template / "media"
    wanted = fingerprint()
    with admin_connection() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
        ).fetchone()
        stale = (row is None or row[0] != wanted or not media_cache.is_dir()
                 or os.environ.get("ACCROCHE_DEPLOY_REBUILD") == "1")
    if stale:
        # A copy of the run's migrated database (tests/databases.py): entrypoint.sh migrate finds
        # nothing left to apply and runs the post-migrate steps with the production settings.
        copy_database(migrated(), template)
        shutil.rmtree(media_cache, ignore_errors=True)
        scratch = Path(tempfile.mkdtemp(prefix="accroche-deploy-template-"))
        try:
            env = production_env(template, scratch / "static", media_cache)
            for args in (["migrate"], *DEMO_COMMANDS, ["worker", "--batch", "--no-startup-delay", "--queue-name", "*"]):
                entrypoint(args, env)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        with admin_connection() as conn:
            conn.execute(f"COMMENT ON DATABASE {quoted(template)} IS '{wanted}'")
    return str(media_cache)


def copy_template(media_cache: str, media_root: Path) -> str:
    """A fresh copy of the template as :func:`database_name`, and its media files in ``media_root``."""
    name = database_name()
    copy_database(name + "_template", name)
    shutil.copytree(media_cache, media_root, dirs_exist_ok=True)
    return name


@dataclass
class Server:
    """A started portal: where to connect, which Host to send, whether a TLS proxy stands before it."""

    name: str
    process: subprocess.Popen
    port: int
    host: str
    behind_https_proxy: bool
    log: Path
    extra: dict = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, size: int = 3000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-size:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(name: str, command: list[str], env: dict, port: int, host: str, https: bool, log: Path) -> Server:
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Server(name, process, port, host, https, log)


def wait_until_up(server: Server, timeout: float = 180) -> None:
    """Until GET / answers (any status: the crawl judges it), or the process died."""
    import http.client

    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("GET", "/", headers={"Host": server.host, "X-Forwarded-Proto": "https"})
            conn.getresponse().read()
            return
        except OSError:
            if server.process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"le serveur {server.name} n'a pas démarré :\n{server.log_tail()}")
            time.sleep(0.3)

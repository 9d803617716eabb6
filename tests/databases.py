"""PostgreSQL databases of a test run, and the one migrated database they are all copied from.

Migrating the schema from nothing (Wagtail's and the project's few hundred migrations) costs tens
of seconds of CPU. ``make test`` used to do it three times on PostgreSQL: once per pytest-xdist
worker (pytest-django's test databases) and once for the deployment's template database
(tests/deploy/servers.py). Now a child process runs ``manage.py migrate`` once per test run into
:func:`migrated_name`, from the end of collection (tests/background.py), and those databases are
created as copies of it (PostgreSQL's ``CREATE DATABASE … TEMPLATE``). Django's test setup and the
deployment still run ``migrate`` on their copy: nothing left to apply, the post-migrate steps run.
"""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import psycopg

from tests import background

ROOT = Path(__file__).resolve().parents[1]
MIGRATED_BUILD = "migrated"


def base_database_url() -> str:
    return os.environ.get("DATABASE_URL", "postgres://accroche@127.0.0.1:54329/accroche")


def database_url(name: str) -> str:
    parts = urllib.parse.urlsplit(base_database_url())
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def admin_connection():
    return psycopg.connect(database_url("postgres"), autocommit=True)


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def drop_database(name: str) -> None:
    with admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {quoted(name)} WITH (FORCE)")


def copy_database(template: str, name: str) -> None:
    """``name`` anew, as a copy of ``template`` (PostgreSQL's ``CREATE DATABASE … TEMPLATE``)."""
    with admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {quoted(name)} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {quoted(name)} TEMPLATE {quoted(template)}")


def migrated_name() -> str:
    """``test_<database of DATABASE_URL>_migrated``, beside pytest-django's ``test_<…>_gw0``."""
    return "test_" + urllib.parse.urlsplit(base_database_url()).path.lstrip("/") + "_migrated"


def build_migrated() -> str:
    """A new database migrated by ``manage.py migrate`` with this process's settings module; its name.

    The module is read from the environment, where pytest-django puts it: inside a test, ``settings`` is
    pytest-django's override, whose ``SETTINGS_MODULE`` is None."""
    name = migrated_name()
    drop_database(name)
    with admin_connection() as conn:
        conn.execute(f"CREATE DATABASE {quoted(name)}")
    env = dict(os.environ, DATABASE_URL=database_url(name))
    done = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py migrate a échoué ({done.returncode}) :\n{done.stderr[-3000:]}")
    return name


def start_migrated() -> None:
    """Start building the run's migrated database in the background (tests/background.py)."""
    background.start(MIGRATED_BUILD, build_migrated)


def migrated() -> str:
    """The name of the run's migrated database, once built (by this worker or another)."""
    return background.result(MIGRATED_BUILD, build_migrated)


def drop_migrated() -> None:
    """Drop the run's migrated database if a worker built it (at the end of the run)."""
    name = background.finished(MIGRATED_BUILD)
    if name:
        drop_database(name)

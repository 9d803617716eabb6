"""portal/wsgi.py, as gunicorn imports it in each worker: what a first request would otherwise load is loaded
before the worker takes one (URL configuration, the search's dictionaries and vocabulary), then frozen out of
the garbage collector's passes."""
import subprocess
import sys

import pytest
from django.db import connection

from tests.deploy.servers import ROOT, production_env

# What a worker holds once portal.wsgi is imported, printed one per line.
REPORT = """
import sys
import portal.wsgi
from django.urls import get_resolver
from search import vocabulary
print("url_patterns" in get_resolver().__dict__)
print(vocabulary._cache[1] is not None and len(vocabulary._cache[1].expansions) > 0)
import gc
print(gc.get_freeze_count() > 100_000)
"""


def worker_import(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", REPORT], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


@pytest.mark.django_db
def test_a_worker_loads_the_urls_and_the_search_vocabulary_before_its_first_request_and_freezes_them(tmp_path):
    env = production_env(connection.settings_dict["NAME"], tmp_path / "static", tmp_path / "media")
    result = worker_import(env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["True", "True", "True"]


def test_a_worker_still_starts_when_the_database_does_not_answer(tmp_path):
    env = production_env("unused", tmp_path / "static", tmp_path / "media")
    env["DATABASE_URL"] = "postgres://accroche@127.0.0.1:9/nowhere"  # port 9 (discard): nothing listens
    result = worker_import(env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["True", "False", "True"]  # the vocabulary is read at the first search instead
    assert "Vocabulaire de recherche non chargé" in result.stderr

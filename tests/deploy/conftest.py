"""One deployment for the whole session: the production portal (docker/entrypoint.sh, gunicorn,
collected static files) and the development portal (runserver), on one PostgreSQL database holding
the demo; see tests/deploy/servers.py."""
import subprocess
import sys

import pytest

from tests import background
from tests.databases import drop_database

from . import servers


@pytest.fixture(scope="session")
def deployment(tmp_path_factory):
    work = tmp_path_factory.mktemp("deploy")
    media = work / "media"
    # Started when collection ended (tests/conftest.py), it has been built beside the unit tests.
    database = servers.copy_template(background.result("deploy-template", servers.build_template), media)
    production_env = servers.production_env(database, work / "static", media)

    # collectstatic (as the image build runs it) while the development server starts.
    collect = subprocess.Popen(["sh", str(servers.ENTRYPOINT), "manage", "collectstatic", "--noinput", "-v", "0"],
                               env=production_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    port = servers.free_port()
    development = servers.start(
        "développement", [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        servers.development_env(database, media), port, "localhost", False, work / "development.log",
    )
    output = collect.communicate(timeout=600)[0].decode(errors="replace")
    assert collect.returncode == 0, f"collectstatic a échoué :\n{output[-3000:]}"

    port = servers.free_port()
    # As docker/compose.yml runs the web service: migrations are the one-shot service's job.
    production_env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2", ACCROCHE_MIGRATE_ON_START="0")
    production = servers.start("production", ["sh", str(servers.ENTRYPOINT), "web"], production_env, port,
                               servers.PUBLIC_HOST, True, work / "production.log")
    started = {"production": production, "development": development}
    try:
        for server in started.values():
            servers.wait_until_up(server)
        yield started
    finally:
        for server in started.values():
            server.stop()
        drop_database(database)

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests import background, databases

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


# Tests that share one slow session fixture run on one pytest-xdist worker, first, in this order.
SERVER_GROUPS = (("deployment", "deploy"), ("embedded_env", "embedded"))
TRANSACTIONAL_GROUP = "transactional"
_shared_folder_key = pytest.StashKey[str]()


def pytest_configure(config):
    """The folder the whole test run shares (tests/background.py): made by the process that starts
    the run, before pytest-xdist starts its workers, which inherit the variable."""
    if background.SHARED_FOLDER_VARIABLE not in os.environ:
        os.environ[background.SHARED_FOLDER_VARIABLE] = tempfile.mkdtemp(prefix="accroche-tests-")
        config.stash[_shared_folder_key] = os.environ[background.SHARED_FOLDER_VARIABLE]


def pytest_unconfigure(config):
    folder = config.stash.get(_shared_folder_key, None)
    if folder:
        databases.drop_migrated()
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ[background.SHARED_FOLDER_VARIABLE]


def _copies_test_databases(config) -> bool:
    """Whether this pytest-xdist worker creates its PostgreSQL test database as a copy of the run's
    migrated database (tests/databases.py) rather than migrating one itself; not with --reuse-db
    (its database is kept, or made once) nor --no-migrations."""
    from django.conf import settings

    return ("PYTEST_XDIST_WORKER" in os.environ
            and settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
            and not (config.getoption("reuse_db") and not config.getoption("create_db"))
            and not config.getoption("nomigrations"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """pytest-django's database settings, and on a pytest-xdist worker the run's migrated database as
    the template of its test database: Django's test setup creates it as a copy, then runs migrate."""
    if _copies_test_databases(request.config):
        from django.conf import settings

        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = databases.migrated()


def _transactional(item) -> bool:
    """As pytest-django tells them: such a test empties every table when it ends; the portal comes back
    through post_migrate, the rest of what the migrations seeded (académies, search vocabulary) does not."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in fixtures or "live_server" in fixtures


def _group(item) -> tuple[int, str]:
    """The pytest-xdist group of a test and its rank in the order the groups are handed out."""
    fixtures = getattr(item, "fixturenames", ())
    for rank, (fixture, group) in enumerate(SERVER_GROUPS):
        if fixture in fixtures:
            return rank, group
    test_file = item.nodeid.split("::")[0]
    if _transactional(item):
        return len(SERVER_GROUPS) + 1, f"{TRANSACTIONAL_GROUP}:{test_file}"
    return len(SERVER_GROUPS), test_file


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Group and order the tests for pytest-xdist (``make test`` runs ``--dist loadgroup``).

    Groups, set before the other implementations (pytest-xdist's worker reads them into the test ids):
    a test file stays on one worker, so its module fixtures are built once; the tests of a slow session
    fixture (the deployment, the embedded portal) form one group each; the transactional tests of a file
    form one group, run in pytest-django's order. Each worker has its own database: handed out last,
    the transactional files are shared by both workers at the end (as one group, about two minutes of
    them ran on one worker at the end of the run).

    Order, set after them on a worker: the deployment and the embedded portal first, so that the two
    workers start on them while their builds run (tests/background.py); then the test files; the
    transactional tests last, since each one empties the tables the other tests read."""
    ranks = {}  # by id(): pytest-xdist adds the group to the test ids, on which tests hash
    for item in items:
        ranks[id(item)], group = _group(item)
        item.add_marker(pytest.mark.xdist_group(group))
    yield
    if "PYTEST_XDIST_WORKER" in os.environ:
        items.sort(key=lambda item: ranks[id(item)])


def pytest_collection_finish(session):
    """Start the session's slow setups in the background when a collected test needs them
    (tests/background.py): the migrated database the workers' test databases are copied from, the
    embedded demo database and the deployment's template database."""
    fixtures = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    if "django_db_setup" in fixtures and _copies_test_databases(session.config):
        databases.start_migrated()
    if "embedded_env" in fixtures:
        from tests.e2e import embedded

        background.start("embedded", embedded.build_database)
    if "deployment" in fixtures:
        from tests.deploy import servers

        background.start("deploy-template", servers.build_template)


@pytest.fixture
def plugin():
    """Register throwaway plugins on the process-wide manager and always unregister them."""
    import types

    from plugins import hookimpl
    from plugins.manager import get_plugin_manager

    pm = get_plugin_manager()
    registered = []

    def register(name, **hooks):
        module = types.SimpleNamespace(**{hook: hookimpl(fn) for hook, fn in hooks.items()})
        pm.register(module, name=name)
        registered.append(name)
        return module

    yield register
    for name in registered:
        pm.unregister(name=name)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium absent ({CHROMIUM}) : installez le paquet Debian « chromium » (make test le fait).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take

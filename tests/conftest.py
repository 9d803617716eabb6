import os
from pathlib import Path

import pytest

from tests import background

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def pytest_collection_finish(session):
    """Start the session's slow setups in the background when a collected test needs them
    (tests/background.py): the embedded demo database and the deployment's template database."""
    fixtures = {name for item in session.items for name in getattr(item, "fixturenames", ())}
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

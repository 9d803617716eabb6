"""A network's coordination builds widgets on /integrer/ in the embedded portal; Chromium shows them in
a page of the site it listed, refuses them in a page of any other site (CSP frame-ancestors), and
the portal stores no cookie for the visitors of that site."""
import re
import socket
import subprocess
import sys
import time

import pytest

from tests.deploy.servers import free_port

from .test_networks_walk import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def host_site(tmp_path):
    """A static web server for the framing pages, reached as http://127.0.0.1:PORT and, another
    origin, http://localhost:PORT."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "--directory", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield tmp_path, port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _register(page, base, title, kind, origin) -> str:
    """Fill /integrer/ for the RIPPS of Poitiers; return the snippet the page gives to copy."""
    page.goto(f"{base}/integrer/")
    page.fill("#id_title", title)
    page.select_option("#id_kind", kind)
    page.select_option("#id_network", label="RIPPS — académie de Poitiers")
    page.fill("#id_allowed_origins", origin)
    page.get_by_role("button", name="Enregistrer et obtenir le code").click()
    page.wait_for_selector(f"text=Widget « {title} » enregistré")
    section = page.locator("section", has=page.get_by_role("heading", name=title))
    return section.locator("textarea").input_value()


def test_a_network_embeds_its_fiches_on_its_own_site_only(browser, embedded_portal, host_site, screenshot):
    folder, port = host_site
    listed = f"http://127.0.0.1:{port}"
    coordination = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    log_in(coordination, embedded_portal, "coordination.ripps", "Ripps-Poitiers-2024", "/integrer/")
    snippets = [_register(coordination, embedded_portal, "Pratiques du RIPPS (liste)", "list", listed),
                _register(coordination, embedded_portal, "Pratiques du RIPPS (carte)", "map", listed)]
    assert all(re.fullmatch(r'<iframe src="[^"]+/integrer/[0-9a-f-]{36}/" title="Pratiques du RIPPS \((liste|carte)\)"'
                            r' width="100%" height="\d+" style="border:0" loading="lazy"></iframe>', s) for s in snippets)
    screenshot(coordination, "widget-1-integrer")
    (folder / "hote.html").write_text("<!DOCTYPE html><html lang='fr'><title>Site du RIPPS</title><body>"
                                      + "".join(snippets) + "</body></html>", encoding="utf-8")

    visitor = browser.new_context(locale="fr-FR", viewport={"width": 1000, "height": 1200})
    try:
        page = visitor.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            (embedded_portal, listed, f"http://localhost:{port}")) else route.abort())  # no tiles from outside
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{listed}/hote.html")
        listing, map_frame = (page.frame_locator("iframe").nth(i) for i in (0, 1))
        count = int(re.match(r"(\d+) fiche", listing.locator("main p").first.inner_text()).group(1))
        assert count >= 1 and listing.locator(".accroche-widget-list li a").count() == min(count, 100)
        map_frame.locator("#fiche-map[data-loaded]").wait_for()
        assert map_frame.locator(".leaflet-marker-icon").count() >= 1
        assert int(re.match(r"(\d+)", map_frame.locator("#map-status").inner_text()).group(1)) >= 1
        screenshot(page, "widget-2-site-autorise")
        assert not [m for m in console if "frame-ancestors" in m]

        page.goto(f"http://localhost:{port}/hote.html")  # the same page on a site the network did not list
        refusals = lambda: [m for m in console if "frame-ancestors" in m]  # noqa: E731
        for _wait in range(100):  # Chromium reports each refusal when its frame is refused: up to 10 s under load
            if len(refusals()) >= 2:
                break
            page.wait_for_timeout(100)
        assert len(refusals()) == 2, console
        assert page.frame_locator("iframe").nth(0).locator(".accroche-widget-list").count() == 0
        assert page.frame_locator("iframe").nth(1).locator("#fiche-map").count() == 0
        screenshot(page, "widget-3-site-refuse")
        assert not visitor.cookies()  # neither the portal nor the host stored anything
    finally:
        visitor.close()

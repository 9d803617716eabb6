"""In Chromium: a widget renders in a page of a site its owner listed, and is refused in a page of any
other site (CSP frame-ancestors), without storing a cookie."""
import socket
import subprocess
import sys
import time

import pytest

from portal.embeds.models import Widget
from tests.conftest import ARTIFACTS
from tests.deploy.servers import free_port

from .conftest import make_widget


@pytest.fixture
def host_site(tmp_path):
    """A static web server for the framing pages; reached as http://127.0.0.1:PORT and, another
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


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the bootstrapped portal
def test_a_widget_renders_for_its_listed_site_only(live_server, settings, browser, host_site, network_fiches):
    folder, port = host_site
    settings.ACCROCHE_MAP_TILES_URL = f"{live_server.url}/tuiles-absentes/{{z}}/{{x}}/{{y}}.png"
    network = network_fiches[0]
    listed = f"http://127.0.0.1:{port}"
    widgets = [make_widget(network, origins=listed), make_widget(network, kind=Widget.Kind.MAP, origins=listed)]
    (folder / "hote.html").write_text("<!DOCTYPE html><html lang='fr'><title>Site du réseau</title><body>" + "".join(
        f'<iframe src="{live_server.url}{w.get_absolute_url()}" title="{w.title}" width="800" height="500"></iframe>'
        for w in widgets) + "</body></html>", encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="fr-FR", viewport={"width": 1000, "height": 1100})
    try:
        page = context.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{listed}/hote.html")
        listing, map_frame = (page.frame_locator("iframe").nth(i) for i in (0, 1))
        assert "SAS Mily" in listing.locator(".accroche-widget-list").inner_text()
        map_frame.locator("#fiche-map[data-loaded]").wait_for()
        assert "2 fiches sur la carte" in map_frame.locator("#map-status").inner_text()
        assert map_frame.locator(".leaflet-marker-icon").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "widget-site-autorise.png"))
        assert not [m for m in console if "frame-ancestors" in m]

        page.goto(f"http://localhost:{port}/hote.html")  # the same page, from a site not listed
        page.wait_for_timeout(500)
        assert page.frame_locator("iframe").nth(0).locator(".accroche-widget-list").count() == 0
        assert page.frame_locator("iframe").nth(1).locator("#fiche-map").count() == 0
        assert len([m for m in console if "frame-ancestors" in m]) == 2, console
        page.screenshot(path=str(ARTIFACTS / "widget-site-refuse.png"))
        assert not [c for c in context.cookies() if c["domain"] in ("localhost", "127.0.0.1")]
    finally:
        context.close()

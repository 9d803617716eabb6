"""The production portal (entrypoint.sh, gunicorn, collected and hashed static files) in Debian's Chromium:
the browser accepts the DSFR stylesheets that django-dsfr loads with a Subresource Integrity digest, and
Leaflet finds its default marker images. Every request of the page goes to the production server as its
HTTPS proxy would pass it (Host, X-Forwarded-Proto), through Playwright's routing."""
import pytest

from .crawler import Client

pytestmark = pytest.mark.e2e

# Leaflet's own guess of its marker images (L.Icon.Default reads it back from leaflet.css), each fetched.
MARKER_IMAGES = """async () => { const icon = new L.Icon.Default(); const out = {};
  for (const name of ["icon", "shadow"]) { const url = new URL(icon._getIconUrl(name), location.href).href;
    const answer = await fetch(url); out[name] = [url, answer.status, answer.headers.get("content-type")]; }
  return out; }"""


@pytest.fixture
def production_page(browser, deployment):
    server = deployment["production"]
    client = Client(server)
    origin = client.public_origin

    def answer(route):
        request = route.request
        path = client.local_path(request.url)
        response = client.request(request.method, path, body=request.post_data_buffer)
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("set-cookie", "content-length")}
        route.fulfill(status=response.status, headers=headers, body=response.body)

    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.route(f"{origin}/**", answer)
    context.route(lambda url: not url.startswith(origin + "/"), lambda route: route.abort())  # map tiles
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "integrity" in m.text else None)
    yield page, origin, refused
    context.close()


@pytest.mark.parametrize("path", ["/", "/donnees/", "/evenements/"])
def test_the_dsfr_styles_load_in_production(production_page, path):
    page, origin, refused = production_page
    page.goto(origin + path)
    assert refused == []
    loaded = page.evaluate("[...document.styleSheets].map(s => s.href || '')")
    assert any("/dsfr/dist/dsfr/dsfr.min." in href for href in loaded), loaded
    assert any("/dsfr/dist/utility/utility.min." in href for href in loaded), loaded
    assert "Marianne" in page.evaluate("getComputedStyle(document.body).fontFamily")


@pytest.mark.parametrize("path", ["/evenements/", "/carte/"])
def test_leaflet_finds_its_marker_images_in_production(production_page, path):
    page, origin, _refused = production_page
    page.goto(origin + path)
    page.wait_for_function("() => Boolean(window.L && window.L.Icon && window.L.Icon.Default)")
    for name, (url, status, kind) in page.evaluate(MARKER_IMAGES).items():
        assert (status, kind) == (200, "image/png"), f"{path} : image « {name} » des marqueurs : {url} → {status}"

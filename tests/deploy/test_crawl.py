"""The portal as deployed answers: every public page, every SAS screen of the demo coordination, and
every stylesheet, script, font and image they link (url() in stylesheets included), in production
(entrypoint.sh, gunicorn, collected static files, behind an HTTPS proxy) and in development."""
import functools
import posixpath
import re

import pytest

from portal.staticfiles import KEPT_REFERENCES
from tests.databases import admin_connection

from .crawler import Client, crawl
from .servers import PRODUCTION_APPLICATION, database_name

DEPLOYMENTS = ["production", "development"]
PUBLIC_SEEDS = [
    "/synthese/2015-2016/", "/academies/", "/", "/recherche/", "/recherche/?q=d%C3%A9crochage", "/carte/",
    "/api/v1/fiches.geojson", "/synthese/", "/accessibilite/", "/mentions-legales/", "/fiches/export.csv",
]
SAS_ACCOUNT = ("sas.coordination", "Sas-Coordination-2024")  # the demo's (plugins/builtin/sas/demo.py)


@functools.cache
def app_prefixes() -> frozenset[str]:
    """First path segments of the URL patterns that are not CMS pages (from the URL configuration)."""
    from django.urls import get_resolver

    def walk(patterns):
        for pattern in patterns:
            route = str(pattern.pattern).lstrip("^")
            first = re.match(r"[\w.-]+", route)
            if first:
                yield first.group(0)
            elif route in ("", "$") and hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns)

    return frozenset(walk(get_resolver().url_patterns)) | {"static", "media"}


def assert_all_answer(report, deployment):
    failures = report.failures()
    assert not failures, f"{deployment.name} : {len(failures)} réponse(s) en erreur :\n" + "\n".join(failures[:40]) + (
        "\n" + deployment.log_tail() if failures else "")
    assert not report.outside, f"ressources chargées hors du site : {sorted(report.outside)[:20]}"


@pytest.mark.parametrize("name", DEPLOYMENTS)
def test_public_pages_and_their_assets(deployment, name):
    server = deployment[name]
    report = crawl(Client(server), PUBLIC_SEEDS, app_prefixes=app_prefixes(), per_shape=1, max_pages=90)
    assert_all_answer(report, server)
    pages = list(report.pages)
    # The crawl reached what it must: a section, fiches with their exports, the synthesis exports.
    assert any(re.fullmatch(r"/[\w-]+/", p) and p.strip("/") not in app_prefixes() for p in pages), pages
    assert any(re.fullmatch(r"/[\w-]+/[\w-]+/", p) and p.split("/")[1] not in app_prefixes() for p in pages), pages
    assert any(re.fullmatch(r"/fiches/\d+/pdf/", p) for p in pages) and any(p.endswith("/json/") for p in pages)
    for fmt in ("pdf", "docx", "csv", "xlsx"):
        assert any(p.split("?")[0] == f"/synthese/2015-2016/synthese.{fmt}" for p in pages), fmt
    kinds = {re.sub(r".*\.", "", a.split("?")[0]) for a in report.assets}
    assert {"css", "js", "woff2", "svg"} <= kinds, kinds
    assert any("portal/accroche" in a for a in report.assets)


@pytest.mark.parametrize("name", DEPLOYMENTS)
def test_sas_screens_of_the_demo_coordination(deployment, name):
    server = deployment[name]
    client = Client(server)
    landing = client.log_in(*SAS_ACCOUNT, next_path="/sas/")
    assert landing.status == 200 and landing.url.startswith("/sas/"), (landing.url, landing.text[:500])
    assert 'name="password"' not in landing.text and 'name="code"' not in landing.text
    report = crawl(client, ["/sas/"], within="/sas/", app_prefixes=app_prefixes(), per_shape=1, max_pages=60,
                   max_depth=3)
    assert_all_answer(report, server)
    screens = {re.sub(r"/[^/.]*\d[^/.]*(?=/)", "/N", p) for p in report.pages}
    for screen in ("/sas/campagnes/N/", "/sas/dossiers/N/", "/sas/campagnes/N/planification/",
                   "/sas/campagnes/N/imports/", "/sas/campagnes/N/journal/"):
        assert screen in screens, sorted(screens)


def test_production_headers_and_static_files(deployment):
    client = Client(deployment["production"])
    report = crawl(client, ["/", "/carte/"], app_prefixes=app_prefixes(), max_depth=0)
    assert_all_answer(report, deployment["production"])
    headers = report.headers["/"]
    policy = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";") if d.strip())
    assert "'self'" in policy["script-src"] and "unsafe" not in policy["script-src"]
    assert policy["object-src"] == "'none'" and "frame-ancestors" in policy
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff"
    statics = [a for a in report.assets if a.startswith("/static/")]
    # Under its own name, the one reference a script reads back from a stylesheet (portal/staticfiles.py).
    kept = {posixpath.normpath(posixpath.join("/static/", posixpath.dirname(css), url))
            for css, urls in KEPT_REFERENCES.items() for url in urls}
    assert statics and all(re.search(r"\.[0-9a-f]{12}\.\w+$", a.split("?")[0]) for a in statics
                           if a not in kept), statics
    assert "immutable" in report.asset_headers[statics[0]]["Cache-Control"]
    # Without the proxy's header, production sends the visitor to HTTPS.
    plain = client.request("GET", "/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status == 301 and plain.headers["Location"] == "https://accroche.test/"


def test_production_workers_keep_their_database_connections(deployment):
    """Production's workers keep their PostgreSQL connection between requests instead of opening one
    per request (some 5 ms each): after any request, each of the two workers (WEB_CONCURRENCY in
    conftest) holds one. Closed at the end of each request, only a worker that never answered would."""
    def backends() -> set[int]:
        with admin_connection() as conn:
            # This run's deployment only: another run on the same PostgreSQL has its own database.
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s AND datname = %s",
                                [PRODUCTION_APPLICATION, database_name()]).fetchall()
        return {pid for (pid,) in rows}

    client = Client(deployment["production"])
    seen = []
    for _ in range(3):
        for _ in range(6):
            assert client.get("/recherche/?q=atelier").status == 200
        seen.append(backends())
    assert all(len(pids) == 2 for pids in seen), seen

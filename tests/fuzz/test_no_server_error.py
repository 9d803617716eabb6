"""No input gives a 5xx: hostile and generated values at every URL parameter and form field of the
public pages, the API and the SAS screens (as each SAS role).

Each audience first crawls the site from its entry points (real ids, slugs and forms), every
route of the resolver no link reaches is filled with hostile path values, then every page gets
its query parameters and form fields set to hostile values (a sweep), and hypothesis mixes
generated values on top. Failures are gathered and reported together.
"""
from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.builtin.sas.models import SasMembership
from tests import factories
from tests.sas.conftest import campaign, establishment, other_case, pp_case, session, team, workshop  # noqa: F401

from . import site
from .values import HOSTILE, HOSTILE_BODIES, HOSTILE_FILES, HOSTILE_PATH_VALUES, repeated

pytestmark = pytest.mark.django_db

PUBLIC_START = ["/", "/carte/", "/recherche/", "/academies/", "/api/v1/fiches/", "/api/v1/fiches.geojson",
                "/api/v1/fiches/suggest", "/fiches/export.csv", "/reseaux/", "/evenements/", "/tableaux-de-bord/"]
SAS_START = ["/sas/"]
ROLES = [role.value for role in SasMembership.Role]
GET_VALUES_PER_PAGE = 2
POST_VALUES_PER_FORM = 1


class Probe:
    """Sends requests and notes every server error (status 5xx or exception) instead of stopping at the first."""

    def __init__(self, client: Client, who: str):
        self.client = client
        self.who = who
        self.failures: list[str] = []

    def send(self, method: str, path: str, data, **extra) -> None:
        try:
            response = getattr(self.client, method)(path, data, **extra)
            status = response.status_code
        except Exception as error:  # noqa: BLE001 - a crash is what we are looking for
            status = f"{type(error).__name__}: {str(error)[:120]}"
        if not isinstance(status, int) or status >= 500:
            shown = data if isinstance(data, str) else {
                key: (value[:1] if isinstance(value, list) else value) for key, value in list(data.items())[:4]
            }
            self.failures.append(f"{self.who} {method.upper()} {path} {str(shown)[:200]} -> {status}")


def _form_data(form: site.Form, values) -> dict:
    data = {}
    for name, kind in form.fields.items():
        value = next(values)
        data[name] = SimpleUploadedFile("fichier.csv", HOSTILE_FILES[len(value) % len(HOSTILE_FILES)]) if kind == "file" else value
    return data


def sweep(probe: Probe, targets: list[site.Target], get_values: int = GET_VALUES_PER_PAGE) -> None:
    """Each page with its parameters at hostile values, each form posted with hostile values."""
    values = itertools.cycle(HOSTILE)
    for target in targets:
        names = set(site.COMMON_PARAMETERS)
        for form in target.forms:
            if form.method == "get":
                names |= set(form.fields)
        for _ in range(get_values):
            probe.send("get", target.path, {name: next(values) for name in sorted(names)})
        for form in target.forms:
            if form.method == "post" and site.route_of(form.action) is not None:
                for _ in range(POST_VALUES_PER_FORM):
                    probe.send("post", form.action, _form_data(form, values))


def unreached_routes(targets: list[site.Target], per_route: int = 3) -> list[site.Target]:
    """Every route no crawled page belongs to, its path parameters filled with hostile values."""
    reached = {target.route.route for target in targets if target.route}
    values = itertools.cycle(HOSTILE_PATH_VALUES)
    found = []
    for route in site.routes():
        if route.route not in reached:
            paths = site.generated_paths(route, [next(values) for _ in range(per_route)])
            found += [site.Target(path, route, []) for path in dict.fromkeys(paths)]
    return found


@pytest.fixture
def public_data(establishment):  # noqa: F811
    return factories.fiche("Tutorat entre pairs", establishment)


def audience_client(who: str, team) -> Client:  # noqa: F811
    client = Client()  # a view that raises shows its exception in the failure list
    if who != "anonyme":
        client.force_login(team[who])
    return client


def test_routes_come_from_the_resolver_and_exclusions_are_real():
    routes = {route.route for route in site.routes()}
    assert {"carte/", "api/v1/fiches/", "fiches/<dbid:page_id>/json/", "sas/dossiers/<uuid:case_ref>/"} <= routes
    assert not any(route.startswith(tuple(site.EXCLUDED)) for route in routes)
    every = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            every.append(prefix + str(pattern.pattern))
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))

    from django.urls import get_resolver

    walk(get_resolver().url_patterns)
    for prefix in site.EXCLUDED:
        assert any(route.startswith(prefix) for route in every), f"exclusion {prefix} matches no route any more"


def test_public_pages_and_api_give_no_server_error(public_data, pp_case, team):  # noqa: F811
    probe = Probe(audience_client("anonyme", team), "anonyme")
    targets = site.crawl(probe.client, PUBLIC_START + ["/sas/questionnaire/inconnu/"])
    assert {"map", "api-fiches"} <= {target.route.name for target in targets if target.route}
    sweep(probe, targets)
    sweep(probe, unreached_routes(targets), get_values=1)
    for route in site.routes():
        if route.route.startswith("api/"):
            for path in dict.fromkeys(site.generated_paths(route, ["schema"])):
                for body in HOSTILE_BODIES:
                    probe.send("post", path, body, content_type="application/json")
    assert not probe.failures, "\n".join(probe.failures)


@pytest.mark.parametrize("role", ROLES)
def test_sas_screens_give_no_server_error(role, team, pp_case, other_case, session):  # noqa: F811
    probe = Probe(audience_client(role, team), role)
    targets = site.crawl(probe.client, SAS_START, limit=60)
    assert any(target.route.route.startswith("sas/campagnes/") for target in targets)
    sweep(probe, targets)
    sas_routes = [target for target in unreached_routes(targets, per_route=1) if target.route.route.startswith("sas/")]
    sweep(probe, sas_routes, get_values=1)
    assert not probe.failures, "\n".join(probe.failures)


def test_generated_values_give_no_server_error(public_data, team, pp_case, session):  # noqa: F811
    probes = {who: Probe(audience_client(who, team), who) for who in ["anonyme", *ROLES]}
    pages = {
        who: site.crawl(probe.client, SAS_START if who != "anonyme" else PUBLIC_START, per_route=1, limit=40)
        for who, probe in probes.items()
    }

    @settings(max_examples=60, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def throw(data):
        who = data.draw(st.sampled_from(sorted(probes)), label="who")
        target = data.draw(st.sampled_from(pages[who]), label="page")
        forms = [form for form in target.forms if site.route_of(form.action) is not None]
        names = sorted({*site.COMMON_PARAMETERS, *(name for form in forms for name in form.fields)})
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=6, unique=True), label="names")
        params = {name: data.draw(repeated, label=name) for name in chosen}
        post_forms = [form for form in forms if form.method == "post"]
        if post_forms and data.draw(st.booleans(), label="post"):
            form = data.draw(st.sampled_from(post_forms), label="form")
            probes[who].send("post", form.action, {name: params.get(name, [""]) for name in form.fields})
        else:
            probes[who].send("get", target.path, params)

    throw()
    failures = [failure for probe in probes.values() for failure in probe.failures]
    assert not failures, "\n".join(failures)

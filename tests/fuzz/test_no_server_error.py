"""No input gives a 5xx: hostile and generated values at every URL parameter and form field of the
public pages, the API, the SAS screens (as each SAS role) and the network half (as each of its
signed-in audiences, who must never see a pupil's name either).

Each audience first crawls the site from its entry points (real ids, slugs and forms), every
route of the resolver no link reaches is filled with hostile path values, then every page gets
its query parameters and form fields set to hostile values (a sweep), and hypothesis mixes
generated values on top. The forms of the network half and of the SAS (each form by the audience
of widest reach that has it; SAS cases at every step) are also posted as their page filled them in
but for one field (SAS blanks made valid), so that a hostile value gets past the form's other checks.
Failures are gathered and reported together.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.builtin.sas.models import Interview, SasMembership
from portal.accounts.models import Membership
from portal.indicators.models import ExpectedReport
from portal.networks.models import Event, Follow, Network, NetworkEstablishment, NetworkFiche, NetworkPerson
from portal.networks.tokens import active_token, renew_token, unsubscribe_token
from tests import factories
from tests.indicators.stored import cell, send, year
from tests.networks.conftest import make_event
from tests.sas.conftest import advance, make_student, open_case
from tests.sas.conftest import campaign, establishment, other_case, pp_case, session, team, workshop  # noqa: F401

from . import site
from .values import HOSTILE, HOSTILE_BODIES, HOSTILE_FILES, HOSTILE_PATH_VALUES, ONE_FIELD, repeated

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "plugins" / "builtin" / "sas" / "samples"
PUBLIC_START = ["/", "/carte/", "/recherche/", "/academies/", "/api/v1/fiches/", "/api/v1/fiches.geojson",
                "/api/v1/fiches/suggest", "/fiches/export.csv", "/reseaux/", "/evenements/", "/tableaux-de-bord/"]
SAS_START = ["/sas/"]
ROLES = [role.value for role in SasMembership.Role]
NETWORK_SLUG = "ripps-agenais"
#: Where every signed-in audience of the network half starts, besides the project's admin screens.
NETWORK_START = ["/reseaux/", "/evenements/", "/suivis/", "/tableaux-de-bord/", "/indicateurs/", "/synthese/"]
#: Each audience's own screens, that a link from the common start may not reach.
NETWORK_AUDIENCES = {
    "network_member": [f"/reseaux/{NETWORK_SLUG}/"],
    "network_coordinator": [f"/reseaux/{NETWORK_SLUG}/gerer/", f"/reseaux/{NETWORK_SLUG}/evenements/nouveau/",
                            f"/tableaux-de-bord/reseaux/{NETWORK_SLUG}/"],
    "editor": ["/admin/fiches/importer/"],
    "moderator": [f"/reseaux/{NETWORK_SLUG}/gerer/", "/reseaux/nouveau/"],
    "academie_admin": [f"/reseaux/{NETWORK_SLUG}/gerer/", "/reseaux/nouveau/", "/admin/invitations/"],
    "analyst": ["/tableaux-de-bord/academies/bordeaux/", "/indicateurs/2023-2024/agregats/"],
}
#: Route prefixes of the network half, swept with generated values where no link of an audience led.
NETWORK_PREFIXES = ("reseaux/", "evenements/", "agenda/", "suivis/", "tableaux-de-bord/", "flux/", "indicateurs/",
                    "synthese/", "admin/")
GET_VALUES_PER_PAGE = 2
POST_VALUES_PER_FORM = 1


class Probe:
    """Sends requests and notes every server error (status 5xx or exception) instead of stopping at the first."""

    def __init__(self, client: Client, who: str, secrets: tuple[str, ...] = ()):
        self.client = client
        self.who = who
        self.secrets = secrets  # what no answer may contain (pupils' names for the network half)
        self.failures: list[str] = []

    def send(self, method: str, path: str, data, **extra) -> None:
        try:
            response = getattr(self.client, method)(path, data, **extra)
            status = response.status_code
        except Exception as error:  # noqa: BLE001 - a crash is what we are looking for
            status = f"{type(error).__name__}: {str(error)[:120]}"
        else:
            status = self._leak(response) or status
        if not isinstance(status, int) or status >= 500:
            shown = data if isinstance(data, str) else {
                key: (value[:1] if isinstance(value, list) else value) for key, value in list(data.items())[:4]
            }
            self.failures.append(f"{self.who} {method.upper()} {path} {str(shown)[:200]} -> {status}")

    def _leak(self, response) -> str | None:
        """« leaks … » when the answer shows one of the secrets (streamed answers are not read)."""
        if not self.secrets or getattr(response, "streaming", False):
            return None
        content = response.content.decode(errors="replace")
        shown = [secret for secret in self.secrets if secret in content]
        return f"{response.status_code}, leaks {shown}" if shown else None


def _form_data(form: site.Form, values) -> dict:
    data = {}
    for name, kind in form.fields.items():
        value = next(values)
        data[name] = SimpleUploadedFile("fichier.csv", HOSTILE_FILES[len(value) % len(HOSTILE_FILES)]) if kind == "file" else value
    return data


def sweep(probe: Probe, targets: list[site.Target], get_values: int = GET_VALUES_PER_PAGE) -> None:
    """Each page with its parameters at hostile values, each form posted with hostile values."""
    values = itertools.cycle(HOSTILE)
    actions = []  # forms without a field: sent last, as they may remove what the others need (a coordinator)
    for target in targets:
        names = set(site.COMMON_PARAMETERS)
        for form in target.forms:
            if form.method == "get":
                names |= set(form.fields)
        for _ in range(get_values):
            probe.send("get", target.path, {name: next(values) for name in sorted(names)})
        for form in target.forms:
            if form.method != "post" or site.route_of(form.action) is None:
                continue
            if not form.fields:
                actions.append(form.action)
            for _ in range(POST_VALUES_PER_FORM if form.fields else 0):
                probe.send("post", form.action, _form_data(form, values))
    for action in actions:
        probe.send("post", action, {})


def post_one_field(probe: Probe, form: site.Form, valid: dict, per_field: int = len(ONE_FIELD)) -> None:
    """``form`` posted with ``valid`` but for one field at a value of ONE_FIELD, field after field: every value,
    or ``per_field`` of them taken in turn (each value still tried on the form when it has enough fields)."""
    turn = itertools.cycle(ONE_FIELD)
    for name, kind in form.fields.items():
        for value in ONE_FIELD if per_field >= len(ONE_FIELD) else [next(turn) for _ in range(per_field)]:
            hostile = SimpleUploadedFile("fichier.csv", HOSTILE_FILES[len(value) % len(HOSTILE_FILES)]) \
                if kind == "file" else value
            probe.send("post", form.action, {**valid, name: hostile})


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
    assert {"carte/", "api/v1/fiches/", "fiches/<dbid:page_id>/json/", "sas/dossiers/<uuid:case_ref>/",
            "admin/fiches/importer/", "admin/semaine/"} <= routes
    assert not any(route.startswith(tuple(set(site.EXCLUDED) - {"admin/"})) for route in routes)
    assert "admin/pages/" not in routes and "admin/login/" not in routes  # Wagtail's own screens
    assert "admin/" in routes  # the project's: a signed-in user without admin access goes to their workspace
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
    """Also a pupil the role may not see is never shown: the other class's for the PP, both for the workshop
    teacher (neither is in their group)."""
    hidden = {"pp": [other_case], "workshop_teacher": [pp_case, other_case]}.get(role, [])
    probe = Probe(audience_client(role, team), role, tuple(case.student.last_name for case in hidden))
    targets = site.crawl(probe.client, SAS_START, limit=60)
    assert any(target.route.route.startswith("sas/campagnes/") for target in targets)
    sweep(probe, targets)
    sas_routes = [target for target in unreached_routes(targets, per_route=1) if target.route.route.startswith("sas/")]
    sweep(probe, sas_routes, get_values=1)
    assert not probe.failures, "\n".join(probe.failures)


#: The SAS roles from the widest reach to the narrowest: a form is swept one field at a time by the first that posts it.
SAS_ROLES_BY_REACH = ["coordination", "direction", "cpe", "pp", "rds", "workshop_teacher"]
#: Valid values for the fields of SAS forms that their page leaves blank (by name, without the form's prefix), so
#: that a post with one hostile field gets past every other check to the save.
SAS_VALID = {
    "identifier": "recrue-fuzz@example.org", "school_year": "2024-2025", "local_id": "880001", "starts": "10:00",
    "ends": "11:00", "time": "17:00", "day": "27/11/2023", "first_day": "27/11/2023", "last_day": "22/12/2023",
    "referral_deadline": "10/11/2024", "interviews_start": "13/11/2024", "interviews_end": "22/11/2024",
    "information_meeting_date": "22/11/2024", "programme_start": "25/11/2024", "programme_end": "20/12/2024",
    "evaluation_date": "17/01/2025",
}
#: The last names of the pupils in ``sas_cases``, by state; the « hidden » one is in another class, in no group.
SAS_PUPILS = {state: f"Fuzz{state.replace('_', '').capitalize()}" for state in (
    "needs_analysed", "interviewed", "parcours_planned", "in_programme", "evaluated")}
HIDDEN_PUPIL = "Fuzzcachee"


def filled(form: site.Form) -> dict:
    """``form``'s values as its page filled them in, its blank fields given a valid value (the first option of a
    choice, a ticked box, SAS_VALID, a number, a text)."""
    values = dict(form.values)
    for name, kind in form.fields.items():
        bare = name.rsplit("-", 1)[-1]
        if values.get(name, "").strip() or kind in ("file", "hidden"):
            continue
        if form.choices.get(name):
            values[name] = form.choices[name][0]
        elif kind == "checkbox":
            values[name] = "on"
        else:
            values[name] = SAS_VALID.get(bare) or ("2" if kind == "number" else f"Essai {bare}")
    return values


@pytest.fixture
def sas_cases(campaign, team, session, pp_case, other_case):  # noqa: F811
    """A case of the PP's class at each open state (so that every step's form is on some case page), and a
    pupil of another class in no group (that neither the PP nor the workshop teacher may see)."""
    cases = {}
    for n, (state, name) in enumerate(SAS_PUPILS.items()):
        student = make_student(campaign.establishment, f"81000{n}", last_name=name)
        cases[state] = advance(open_case(team["pp"], campaign, student), team, session, state)
    Interview.objects.filter(case=cases["interviewed"]).update(parents_informed_on=None)  # the direction's step
    other_case.student.last_name = HIDDEN_PUPIL
    other_case.student.save(update_fields=["last_name"])
    make_student(campaign.establishment, "819999", last_name="Fuzzlibre")  # for the PP's referral form to choose
    return cases


def sas_forms_off_the_links(client, campaign) -> list[site.Form]:
    """Forms no link shows: the Planification screen in placement mode (a link with a query, which the crawl
    drops) and the import's confirmation (the answer to a valid upload)."""
    planning = reverse("sas:planning", args=[campaign.pk]) + "?mode=placer"
    _links, forms = site.parse_page(planning, client.get(planning).content.decode())
    imports = reverse("sas:imports", args=[campaign.pk])
    sample = SimpleUploadedFile("eleves.csv", (SAMPLES / "eleves_siecle.csv").read_bytes())
    answer = client.post(imports, {"kind": "students", "file": sample}).content.decode()
    _links, confirm = site.parse_page(imports, answer)
    return forms + [form for form in confirm if "content" in form.fields]


def sas_values_per_field(form: site.Form) -> int:
    """Every value of ONE_FIELD in a form of four fields or fewer; two in turn up to eight; one beyond, so that
    the sweep of every SAS form stays under half a minute."""
    return len(ONE_FIELD) if len(form.fields) <= 4 else 2 if len(form.fields) <= 8 else 1


def sas_secrets(role: str) -> tuple[str, ...]:
    """The names ``role`` may not see in ``sas_cases``: the other class's pupil for the PP; for the workshop
    teacher, every pupil outside their group (the parcours of the states from « parcours aménagé » on)."""
    if role == "pp":
        return (HIDDEN_PUPIL,)
    if role == "workshop_teacher":
        return (HIDDEN_PUPIL, SAS_PUPILS["needs_analysed"], SAS_PUPILS["interviewed"])
    return ()


def test_sas_forms_one_field_at_a_time(team, campaign, sas_cases):  # noqa: F811
    """Every SAS form, posted as its page filled it in (blank fields made valid) but for one field at a hostile
    value, field after field: the value reaches the step's check, the model and the save (the referral, each step
    of a case, the thread, attendance, setup screens, team, planning and placement, imports, questionnaires).

    Sampled to stay fast: each form (a route and its field names) is swept once, by the first role of
    SAS_ROLES_BY_REACH whose pages hold it; the other roles' refusals are swept by
    test_sas_screens_give_no_server_error. No answer may show a pupil the role may not see.
    """
    probes = {role: Probe(audience_client(role, team), role, sas_secrets(role)) for role in SAS_ROLES_BY_REACH}
    assert set(SAS_ROLES_BY_REACH) == set(ROLES)
    owners: dict = {}  # (route, field names) -> (role, form); every role crawls before any form is posted
    for role in SAS_ROLES_BY_REACH:
        targets = site.crawl(probes[role].client, SAS_START, per_route=1, limit=50 if role == "coordination" else 20,
                             more={"sas/dossiers/<uuid:case_ref>/": len(SAS_PUPILS) + 3})
        for target in targets:
            for form in target.forms + (sas_forms_off_the_links(probes[role].client, campaign)
                                        if role == "coordination" and target.path == SAS_START[0] else []):
                route = site.route_of(form.action) if form.method == "post" else None
                if route is not None and route.route.startswith("sas/") and form.fields:
                    owners.setdefault((route.route, frozenset(form.fields)), (role, form))
    swept = {(role, route) for (route, _fields), (role, _form) in owners.items()}
    expected = {("coordination", "sas/campagnes/<sas_id:campaign_id>/"),
                ("pp", "sas/campagnes/<sas_id:campaign_id>/"),
                ("direction", "sas/dossiers/<uuid:case_ref>/<slug:step>/"),
                ("coordination", "sas/seances/<sas_id:session_id>/presences/"),
                ("coordination", "sas/campagnes/<sas_id:campaign_id>/planification/disponibilites/"),
                ("coordination", "sas/campagnes/<sas_id:campaign_id>/planification/salles/"),
                ("coordination", "sas/campagnes/<sas_id:campaign_id>/imports/")}
    assert expected <= swept, expected - swept
    assert ("sas/campagnes/<sas_id:campaign_id>/imports/", frozenset({"kind", "content"})) in owners
    steps = {name.split("-")[0] for (route, fields) in owners if route.endswith("<slug:step>/") for name in fields}
    assert {"analyse", "interview", "parents", "needs", "plan", "evaluate", "withdraw"} <= steps, steps
    for role, form in owners.values():
        post_one_field(probes[role], form, filled(form), per_field=sas_values_per_field(form))
    failures = [failure for probe in probes.values() for failure in probe.failures]
    assert not failures, "\n".join(failures)


@pytest.fixture
def network_people(establishment, pp_case, other_case):  # noqa: F811
    """A RIPPS of Bordeaux around the SAS establishment, with its events, fiche, follows and indicator
    report, and one user per signed-in audience of the network half (who → user)."""
    network = Network.objects.create(slug=NETWORK_SLUG, name="RIPPS agenais", kind=Network.Kind.RIPPS,
                                     academie=factories.academie("bordeaux"))
    NetworkEstablishment.objects.create(network=network, establishment=establishment)
    fiche = factories.fiche("Atelier relais du réseau", establishment)
    NetworkFiche.objects.create(network=network, fiche=fiche)
    make_event(network, "Réunion publique")
    make_event(network, "Réunion des membres", audience=Event.Audience.MEMBERS)
    people = {
        "network_member": factories.user("reseau-membre"),
        "network_coordinator": factories.user("reseau-coordination"),
        "editor": factories.user("redaction", role=Membership.Role.EDITOR, establishment=establishment),
    }
    NetworkPerson.objects.create(network=network, user=people["network_member"])
    NetworkPerson.objects.create(network=network, user=people["network_coordinator"],
                                 role=NetworkPerson.Role.COORDINATOR)
    for role in (Membership.Role.MODERATOR, Membership.Role.ACADEMIE_ADMIN, Membership.Role.ANALYST):
        people[role.value] = factories.user(f"academie-{role.value}", role=role, academie_code="bordeaux")
    for user in people.values():
        Follow.objects.create(user=user, network=network)
        Follow.objects.create(user=user, search_query="q=tutorat")
        renew_token(user)
    period = year()
    ExpectedReport.objects.create(establishment=establishment, period=period)
    send(establishment, period, [cell("sas.students_identified", 30),
                                 cell("sas.students_identified", 0, "primary", sex="F")])
    return people


def project_admin_screens() -> list[str]:
    """The screens the project adds to Wagtail's administration that need no path value."""
    return ["/" + route.route for route in site.routes()
            if route.route.startswith("admin/") and not any(mark in route.route for mark in "<^")]


def network_probe(who: str, people: dict, *cases) -> Probe:
    """``who`` signed in, any answer showing the name or local id of the pupils of ``cases`` being a failure."""
    client = Client()
    client.force_login(people[who])
    secrets = tuple(value for case in cases for value in (case.student.last_name, case.student.local_id))
    return Probe(client, who, secrets)


def personal_addresses(user) -> list[str]:
    """The addresses only a person's mail or feed reader knows: private agenda and feed, unsubscription."""
    key = active_token(user).key
    return [f"/agenda/{key}.ics", f"/flux/prive/{key}/evenements.atom",
            f"/suivis/desabonnement/{unsubscribe_token(user.pk)}/"]


def network_start(who: str, people: dict) -> list[str]:
    return NETWORK_AUDIENCES[who] + NETWORK_START + personal_addresses(people[who]) + project_admin_screens()


@pytest.mark.parametrize("who", sorted(NETWORK_AUDIENCES))
def test_network_screens_give_no_server_error_nor_a_pupil_name(who, network_people, pp_case, other_case):  # noqa: F811
    probe = network_probe(who, network_people, pp_case, other_case)
    targets = site.crawl(probe.client, network_start(who, network_people), limit=60)
    assert any(target.route.route.startswith("reseaux/<slug:slug>/") for target in targets if target.route)
    sweep(probe, targets)
    sweep(probe, [target for target in unreached_routes(targets, per_route=1)
                  if target.route.route.startswith(NETWORK_PREFIXES)], get_values=1)
    assert not probe.failures, "\n".join(probe.failures)


#: The audiences of the network half from the widest reach to the narrowest (the académie's administrator moderates
#: and reads its indicators): a form is swept one field at a time by the first that posts it.
NETWORK_AUDIENCES_BY_REACH = ["academie_admin", "moderator", "analyst", "network_coordinator", "editor",
                              "network_member"]


def test_network_forms_one_field_at_a_time(network_people, pp_case, other_case):  # noqa: F811
    """Every form of the network half, posted as its page filled it in but for one field at a hostile value, field
    after field, so that the value meets the form's checks beside valid ones (an edit form's saved values): networks
    and their people, establishments and fiches, events, follows, invitations, keys, Semaine declarations, fiche
    import, embeds, indicator noise.

    Each form (a route and its field names, without a form's prefix) is swept once, by the first audience of
    NETWORK_AUDIENCES_BY_REACH whose pages hold it; every audience's GETs and refusals are swept by
    test_network_screens_give_no_server_error_nor_a_pupil_name. No answer may show a pupil's name.
    """
    assert set(NETWORK_AUDIENCES_BY_REACH) == set(NETWORK_AUDIENCES)
    probes = {who: network_probe(who, network_people, pp_case, other_case) for who in NETWORK_AUDIENCES_BY_REACH}
    owners: dict = {}  # (route, field names) -> (who, form); every audience crawls before any form is posted
    for who in NETWORK_AUDIENCES_BY_REACH:
        for target in site.crawl(probes[who].client, network_start(who, network_people), limit=60):
            for form in target.forms:
                route = site.route_of(form.action) if form.method == "post" else None
                if route is not None and form.fields:
                    bare = frozenset(name.rsplit("-", 1)[-1] for name in form.fields)  # « f12-frequency »
                    owners.setdefault((route.route, bare), (who, form))
    swept = {(who, route) for (route, _fields), (who, _form) in owners.items()}
    expected = {("academie_admin", route) for route in (
        "reseaux/nouveau/", "reseaux/<slug:slug>/gerer/personnes/", "reseaux/<slug:slug>/gerer/etablissements/",
        "reseaux/<slug:slug>/gerer/fiches/", "reseaux/<slug:slug>/evenements/nouveau/", "evenements/<int:pk>/modifier/",
        "suivis/<int:pk>/", "suivis/academie/", "suivis/recherche/", "admin/invitations/", "admin/semaine/declarer/",
        "admin/cles-etablissements/", "integrer/", "indicateurs/<slug:period_code>/agregats/bruit/")}
    expected.add(("moderator", "admin/fiches/importer/"))
    assert expected <= swept, expected - swept
    for who, form in owners.values():
        post_one_field(probes[who], form, form.values)
    failures = [failure for probe in probes.values() for failure in probe.failures]
    assert not failures, "\n".join(failures)


def test_generated_values_give_no_server_error(public_data, team, pp_case, other_case, session,  # noqa: F811
                                               network_people):
    probes = {who: Probe(audience_client(who, team), who) for who in ["anonyme", *ROLES]}
    probes |= {who: network_probe(who, network_people, pp_case, other_case) for who in NETWORK_AUDIENCES}
    starts = {"anonyme": PUBLIC_START, **dict.fromkeys(ROLES, SAS_START),
              **{who: network_start(who, network_people) for who in NETWORK_AUDIENCES}}
    pages = {who: site.crawl(probe.client, starts[who], per_route=1, limit=40) for who, probe in probes.items()}

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

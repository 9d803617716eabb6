"""Dashboards: who sees what, and a suppressed cell reads « secret statistique » on the page, in the
chart, on the map and in the CSV and XLSX exports, never 0 and never blank."""
import base64
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import uuid
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import load_workbook

from portal.accounts.models import Membership
from portal.indicators.ingest import store_report
from portal.indicators.models import EstablishmentKey, ExpectedReport, ReportingPeriod
from portal.indicators.rollups import rollup
from tests import factories

pytestmark = pytest.mark.django_db
IDENTIFIED = "sas.students_identified"


def _report(establishment, period, cells):
    raw = os.urandom(32)
    key = EstablishmentKey.objects.create(establishment=establishment, public_key=base64.b64encode(raw).decode(),
                                          fingerprint=hashlib.sha256(raw).hexdigest())
    payload = {"schema_version": 1, "establishment": establishment.uai, "sequence": 1,
               "cells": [{"indicator": IDENTIFIED, "breakdown": breakdown, "value": value, "status": status}
                         for breakdown, value, status in cells]}
    store_report(payload=payload, body_digest="0" * 64, key=key, period=period, idempotency_key=str(uuid.uuid4()),
                 created=dt.datetime.now(dt.timezone.utc))


@pytest.fixture
def reports(ripps):
    """Two RIPPS members in two départements; the second's girls are a primary secret, so its boys are too."""
    period = ReportingPeriod.objects.create(code="2023-2024", kind="school_year", label="Année scolaire 2023-2024",
                                            start=dt.date(2023, 9, 1), end=dt.date(2024, 8, 31))
    ripps.school.uai = "0860001A"
    ripps.school.save()
    other = factories.establishment("Collège Deux", "poitiers", uai="0790002B", commune="Niort", departement="79")
    ripps.establishment_links.create(establishment=other)
    missing = factories.establishment("Lycée Silencieux", "poitiers", uai="0170003C", departement="17")
    ripps.establishment_links.create(establishment=missing)
    _report(ripps.school, period, [({}, 40, "published"), ({"sex": "F"}, 22, "published"),
                                   ({"sex": "M"}, 18, "published")])
    _report(other, period, [({}, 15, "published"), ({"sex": "F"}, None, "primary_secret"),
                            ({"sex": "M"}, None, "secondary_secret")])
    for establishment in (ripps.school, other, missing):
        ExpectedReport.objects.create(establishment=establishment, period=period)
    return period


def test_who_sees_which_dashboard(ripps, reports, client):
    analyst = factories.user("analyste", role=Membership.Role.ANALYST, academie_code="poitiers")
    lyon_analyst = factories.user("analyste-lyon", role=Membership.Role.ANALYST, academie_code="lyon")
    editor = factories.user("redac", role=Membership.Role.EDITOR, establishment=ripps.school)
    admin = factories.user("admin", is_superuser=True)
    cases = {
        "/tableaux-de-bord/academies/poitiers/": {analyst: 200, lyon_analyst: 403, ripps.coordinator: 403, admin: 200},
        f"/tableaux-de-bord/reseaux/{ripps.slug}/": {ripps.coordinator: 200, ripps.member: 403, analyst: 200,
                                                    lyon_analyst: 403},
        "/tableaux-de-bord/national/": {admin: 200, analyst: 403, ripps.coordinator: 403},
        f"/tableaux-de-bord/etablissements/{ripps.school.pk}/": {editor: 200, analyst: 404, ripps.coordinator: 404},
    }
    for url, expected in cases.items():
        client.logout()
        assert client.get(url).status_code == 302, url  # anonymous: to the login page
        for user, status in expected.items():
            client.force_login(user)
            assert client.get(url).status_code == status, (url, user.username)
    client.force_login(editor)
    own = client.get(f"/tableaux-de-bord/etablissements/{ripps.school.pk}/").content.decode()
    assert "40" in own and "Collège Deux" not in own


def test_the_dashboards_page_leads_those_who_read_the_reports_to_completeness_and_rollups(ripps, client):
    """The pages where an analyst sees which reports are missing, sends reminders and reads roll-ups
    (/indicateurs/) were linked from nowhere: the analyst had to type their address."""
    analyst = factories.user("analyste", role=Membership.Role.ANALYST, academie_code="poitiers")
    academie_admin = factories.user("admin-poitiers", role=Membership.Role.ACADEMIE_ADMIN, academie_code="poitiers")
    for reader in (analyst, academie_admin):
        client.force_login(reader)
        index = client.get("/tableaux-de-bord/").content.decode()
        assert 'href="/indicateurs/"' in index, reader.username
        assert client.get("/indicateurs/").status_code == 200
    client.force_login(ripps.coordinator)  # a network's dashboard, not the académie's reports
    assert 'href="/indicateurs/"' not in client.get("/tableaux-de-bord/").content.decode()


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_suppressed_cells_read_secret_statistique_everywhere(ripps, reports, client):
    client.force_login(ripps.coordinator)
    url = f"/tableaux-de-bord/reseaux/{ripps.slug}/"
    html = client.get(url).content.decode()
    text = _text(html)
    assert "Collège Test (0860001A) 40" in text and "Collège Deux (0790002B) 15" in text
    # The network's girls and boys: one establishment's part is secret, so the groups are withheld.
    assert "sexe : F secret statistique" in text and "sexe : M secret statistique" in text
    assert "sexe : F 0" not in text and "sexe : F  " not in html
    assert "2 rapports reçus sur 3 attendus" in text
    assert "Pas de graphique : toutes les valeurs de ce tableau sont couvertes par le secret statistique" in text
    charts = re.findall(r"<bar-chart x='([^']*)' y='([^']*)'", html)
    by_establishment = [(json.loads(unescape(x))[0], json.loads(unescape(y))[0]) for x, y in charts if "Collège" in x]
    assert by_establishment == [(["Collège Deux (0790002B)", "Collège Test (0860001A)"], [15.0, 40.0])]

    rows = list(csv.reader(io.StringIO(client.get(url + "?format=csv").content.decode("utf-8-sig")), delimiter=";"))
    exported = {row[2]: row[5] for row in rows[1:]}
    assert exported["sexe : F"] == exported["sexe : M"] == "secret statistique"
    assert exported["Collège Test (0860001A)"] == "40.0"
    published = {c.breakdown_key: c for c in rollup(IDENTIFIED, reports, "network",
                                                     list(ripps.establishment_links.values_list("establishment_id", flat=True)))}
    assert {k for k, c in published.items() if c.value is not None} == {""}  # only the total is published
    workbook = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    values = {row[2]: row[5] for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert values["sexe : F"] == "secret statistique" and values["Collège Deux (0790002B)"] == 15


def test_map_leaves_secret_departements_uncoloured(ripps, reports, client):
    analyst = factories.user("analyste", role=Membership.Role.ANALYST, academie_code="poitiers")
    client.force_login(analyst)
    html = client.get("/tableaux-de-bord/academies/poitiers/").content.decode()
    data = json.loads(unescape(re.search(r"<map-chart data='([^']*)'", html).group(1)))
    assert data == {"86": 40.0, "79": 15.0}
    text = _text(html)
    assert "Vienne (86) 40" in text and "Deux-Sèvres (79) 15" in text
    assert "RIPPS test 55" in text



def test_a_map_whose_every_departement_is_secret_is_not_drawn(ripps, client):
    """With no département published, DSFR's map drew nothing but its legend, « ∞ » and « -∞ »: no map then,
    a sentence as for a chart without a published bar."""
    period = ReportingPeriod.objects.create(code="2023-2024", kind="school_year", label="Année scolaire 2023-2024",
                                            start=dt.date(2023, 9, 1), end=dt.date(2024, 8, 31))
    _report(ripps.school, period, [({}, None, "primary_secret")])
    client.force_login(factories.user("analyste", role=Membership.Role.ANALYST, academie_code="poitiers"))
    html = client.get("/tableaux-de-bord/academies/poitiers/").content.decode()
    assert "<map-chart" not in html
    text = _text(html)
    assert "Pas de carte : toutes les valeurs par département sont couvertes par le secret statistique." in text
    assert "Vienne (86) secret statistique" in text


def test_dashboard_without_reports_says_so(ripps, client):
    client.force_login(ripps.coordinator)
    html = client.get(f"/tableaux-de-bord/reseaux/{ripps.slug}/").content.decode()
    assert "Aucun rapport d'indicateurs n'a encore été reçu" in html
    assert client.get(f"/tableaux-de-bord/reseaux/{ripps.slug}/?periode=nope&indicateur=x&format=csv").status_code == 200


def test_a_secret_bar_is_absent_and_labelled_never_zero():
    from portal.networks.dashboards.tables import Cell, Row, Table

    table = Table("t", "Élèves", "Établissement", "establishment",
                  [Row("A", Cell(12.0, "published")), Row("B", Cell(None, "primary_secret")),
                   Row("C", Cell(None, "secondary_secret"))])
    assert json.loads(table.chart_x()) == [["A", "B (secret statistique)", "C (secret statistique)"]]
    assert json.loads(table.chart_y()) == [[12.0, None, None]]
    assert [row.cell.display for row in table.rows] == ["12", "secret statistique", "secret statistique"]


def test_exports_never_carry_a_formula(ripps, reports, client):
    ripps.school.name = "=HYPERLINK(\"http://evil.example\")"
    ripps.school.save()
    client.force_login(ripps.coordinator)
    url = f"/tableaux-de-bord/reseaux/{ripps.slug}/"
    text = client.get(url + "?format=csv").content.decode("utf-8-sig")
    assert "\n=HYPERLINK" not in text and ";=HYPERLINK" not in text and "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_a_cached_dashboard_follows_an_establishment_to_another_bassin(ripps, reports, client):
    """The académie's establishments stay the same, but the roll-up table changed: the cached page is not served."""
    client.force_login(factories.user("analyste", role=Membership.Role.ANALYST, academie_code="poitiers"))
    url = "/tableaux-de-bord/academies/poitiers/"
    assert "Bassin de Châtellerault 40" not in _text(client.get(url).content.decode())
    ripps.school.bassin = "Bassin de Châtellerault"
    ripps.school.save()
    assert "Bassin de Châtellerault 40" in _text(client.get(url).content.decode())


def test_a_report_warms_its_dashboards_and_the_export_is_served_from_the_cache(
        ripps, reports, client, settings, django_capture_on_commit_callbacks):
    """A burst of two reports defers one warming task per dashboard per report; the first académie task
    computes the page and exports, the second finds them done; the CSV request then reads no roll-up and
    holds the new figure."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    from portal.networks.tasks import warm_dashboard

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a backend that defers
    with django_capture_on_commit_callbacks(execute=True):
        _report(ripps.school, reports, [({}, 39, "published")])
    with django_capture_on_commit_callbacks(execute=True):
        _report(ripps.school, reports, [({}, 41, "published")])
    enqueued = sorted(tuple(task.args_kwargs["args"]) for task in DBTaskResult.objects.filter(
        task_path="portal.networks.tasks.warm_dashboard"))
    assert enqueued == [("academie", "poitiers")] * 2 + [("network", "ripps-test")] * 2

    assert warm_dashboard.call("academie", "poitiers") == ["", "csv", "xlsx"]
    assert warm_dashboard.call("academie", "poitiers") == []

    client.force_login(factories.user("analyste", role=Membership.Role.ANALYST, academie_code="poitiers"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/tableaux-de-bord/academies/poitiers/?format=csv")
    assert response.status_code == 200
    # The roll-up table is read only for its latest change (the cache key), the cells not at all.
    figures = [query["sql"] for query in queries if "indicators_rolluptotal" in query["sql"]
               or "indicators_reportcell" in query["sql"]]
    assert figures == ['SELECT MAX("indicators_rolluptotal"."changed_at") AS "last" FROM "indicators_rolluptotal"']
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [float(line[5]) for line in lines if "0860001A" in line[2]] == [41]


def test_unknown_periods_and_indicators_are_refused_in_french_and_fill_no_cache(ripps, reports, client):
    """Each value of ?periode= or ?indicateur= was a cache entry of its own (the page shown was the default one):
    a visitor could fill the cache with as many as they sent. A value the dashboard does not offer now gets the
    default page with a French notice, and no entry; a period or an indicator it offers is still cached."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    cache = caches["default"]
    assert isinstance(cache, LocMemCache)  # its keys are counted below
    client.force_login(ripps.coordinator)
    url = f"/tableaux-de-bord/reseaux/{ripps.slug}/"
    assert client.get(url).status_code == 200
    keys = set(cache._cache)
    invalid = ([f"?periode=2023-{n}" for n in range(20)] + [f"?indicateur=sas.x{n}&format=csv" for n in range(20)]
               + [f"?periode=2023-2024&indicateur={n}" + "é" * 500 for n in range(20)] + ["?periode=%00"])
    for query in invalid:
        response = client.get(url + query)
        assert response.status_code == 200, query
        text = _text(unescape(response.content.decode()))
        assert ("n'a pas de rapport dans ce tableau de bord : voici la plus récente" in text
                or "n'a pas été reçu pour cette période : voici le premier de la liste" in text), query
        assert "Indicateurs — RIPPS test" in text
    assert set(cache._cache) == keys

    for query in ("?periode=2023-2024", f"?periode=2023-2024&indicateur={IDENTIFIED}", "?format=csv"):
        response = client.get(url + query)
        assert response.status_code == 200 and b"voici" not in response.content
    assert len([key for key in set(cache._cache) - keys if "networks:dashboard:" in key]) == 3


@pytest.mark.parametrize("received, expected, text", [
    (0, 1, "0 rapport reçu sur 1 attendu : 0 %."),
    (1, 1, "1 rapport reçu sur 1 attendu : 100 %."),
    (1, 2, "1 rapport reçu sur 2 attendus : 50 %."),
    (2, 3, "2 rapports reçus sur 3 attendus : 66,7 %."),
])
def test_the_dashboards_completeness_counts_each_number_in_french(received, expected, text):
    """The received and the expected reports each agree with their own number; 0 and 1 take the singular."""
    rates = {"received": received, "expected": expected, "rate": text.split(" : ")[1].removesuffix(" %.")}
    dashboard = {"periods": ["2023-2024"], "has_data": True, "rates": rates}
    with translation.override("fr"):
        html = render_to_string("networks/dashboard_body.html", {"dashboard": dashboard})
    assert text in _text(html)

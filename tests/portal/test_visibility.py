"""Visibility levels (issue 17, item 5): every kind of visitor × every surface that lists or shows fiches.

A small world in Poitiers: a public fiche and a network-only fiche led by a member establishment
of a network, an académie-only fiche led by another establishment, and a public fiche in Bordeaux,
all about the same theme and level so that a leaked fiche would change a facet count. For each
visitor the test works out the fiches they should see from the world (not from the code under
test) and checks that every surface shows exactly those: pages, exports, search (results, total,
facets, suggestions, similar fiches), the map and its GeoJSON (points and cluster counts), feeds,
the académie and network pages, the home figures, digests. A hidden fiche answers 404 and its
title appears nowhere. Database search backend; tests/search/test_visibility_es.py checks
Elasticsearch.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import transaction
from django.utils import timezone

from fiches.models import Level, Theme
from fiches.visibility import Visibility
from portal.embeds.models import Widget
from portal.networks.digests.collect import NewsIndex
from portal.networks.models import Follow, Network, NetworkEstablishment, NetworkPerson
from tests import factories

VISITORS = ["anonymous", "no_network", "network_member", "other_network_member", "staff_same_academie",
            "staff_other_academie", "editor_of_lead", "moderator", "superuser"]
# What each visitor sees, by fiche key: the expectation, written from the rule of issue 17.
SEES = {
    "anonymous": {"public", "public_bordeaux"},
    "no_network": {"public", "public_bordeaux"},
    "network_member": {"public", "public_bordeaux", "network"},
    "other_network_member": {"public", "public_bordeaux"},
    "staff_same_academie": {"public", "public_bordeaux", "academie"},
    "staff_other_academie": {"public", "public_bordeaux"},
    "editor_of_lead": {"public", "public_bordeaux", "academie"},
    "moderator": {"public", "public_bordeaux", "network", "academie"},
    "superuser": {"public", "public_bordeaux", "network", "academie"},
}
TITLES = {
    "public": "Tutorat entre pairs au collège",
    "network": "Tutorat renforcé réservé au réseau Vigie",
    "academie": "Tutorat de veille réservé à l'académie",
    "public_bordeaux": "Tutorat du soir à Agen",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end (each test runs in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_world()
        transaction.set_rollback(True)


def make_world():
    poitiers_school = factories.establishment("Collège Vigie", "poitiers", commune="Poitiers", departement="86",
                                              latitude=46.58, longitude=0.34)
    other_school = factories.establishment("Collège Veille", "poitiers", commune="Niort", departement="79",
                                           latitude=46.32, longitude=-0.46)
    agen = factories.establishment("Collège d'Agen", "bordeaux", commune="Agen", departement="47",
                                   latitude=44.2, longitude=0.62)
    network = Network.objects.create(slug="vigie", name="Réseau Vigie", academie=factories.academie("poitiers"))
    NetworkEstablishment.objects.create(network=network, establishment=poitiers_school)
    other_network = Network.objects.create(slug="autre", name="Autre réseau", academie=factories.academie("creteil"))
    level, theme = Level.objects.get(slug="college"), Theme.objects.get(slug="prevention")
    leads = {"public": poitiers_school, "network": poitiers_school, "academie": other_school, "public_bordeaux": agen}
    visibility = {"network": Visibility.NETWORK, "academie": Visibility.ACADEMIE}
    fiches = {}
    for key, title in TITLES.items():
        page = factories.fiche(title, leads[key], live=False, summary="Des élèves tuteurs accompagnent leurs pairs.",
                               visibility=visibility.get(key, Visibility.PUBLIC))
        page.levels.add(level)
        page.themes.add(theme)
        page.save_revision().publish()
        fiches[key] = page
    people = {
        "no_network": factories.user("sans.reseau"),
        "network_member": factories.user("membre.vigie"),
        "other_network_member": factories.user("membre.autre"),
        "staff_same_academie": factories.user("analyse.poitiers", role="analyst", academie_code="poitiers"),
        "staff_other_academie": factories.user("analyse.bordeaux", role="analyst", academie_code="bordeaux"),
        "editor_of_lead": factories.user("redaction.veille", role="editor", establishment=other_school),
        "moderator": factories.user("moderation.poitiers", role="moderator", academie_code="poitiers"),
        "superuser": factories.user("super", is_superuser=True, is_staff=True),
    }
    NetworkPerson.objects.create(network=network, user=people["network_member"])
    NetworkPerson.objects.create(network=other_network, user=people["other_network_member"])
    widgets = [Widget.objects.create(title=f"Fiches {kind}", kind=kind, network=network if kind == "map" else None,
                                     academie=factories.academie("poitiers"), allowed_origins="https://vigie.example")
               for kind in (Widget.Kind.LIST, Widget.Kind.MAP)]
    return {"fiches": fiches, "people": people, "network": network, "widgets": widgets}


def visitor_client(client, world, visitor):
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    return client


def shown_titles(html: str) -> set[str]:
    return {key for key, title in TITLES.items() if title in html or title.replace("'", "&#x27;") in html}


def served(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content) if response.streaming else response.content


def ids_of(world, keys) -> set[int]:
    return {world["fiches"][key].pk for key in keys}


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_surface_shows_exactly_what_the_visitor_may_see(db, client, world, visitor, monkeypatch):
    client = visitor_client(client, world, visitor)
    sees = SEES[visitor]
    hidden = set(TITLES) - sees
    fiches = world["fiches"]

    # The fiche page, its JSON and PDF: 200 when visible, else 404 naming nothing (one PDF rendered: they are slow).
    for key, page in fiches.items():
        urls = [page.url, f"/fiches/{page.pk}/json/"]
        if key not in sees or key == "network":
            urls.append(f"/fiches/{page.pk}/pdf/")
        for url in urls:
            response = client.get(url)
            assert response.status_code == (200 if key in sees else 404), (visitor, key, url)
            if key not in sees:
                assert TITLES[key].encode() not in response.content
        if key in sees and key in ("network", "academie"):
            assert "Accès réservé" in client.get(page.url).content.decode()

    # Search API: results, total and every facet count are those of the visible fiches.
    data = client.get("/api/v1/fiches/").json()
    assert {hit["id"] for hit in data["results"]} == ids_of(world, sees)
    assert data["count"] == len(sees)
    facets = {name: {v["value"]: v["count"] for v in values} for name, values in data["facets"].items()}
    assert facets["theme"] == {"prevention": len(sees)}
    assert facets["niveau"] == {"college": len(sees)}
    assert facets["academie"] == {code: n for code, n in (
        ("poitiers", len(sees - {"public_bordeaux"})), ("bordeaux", 1)) if n}
    found = client.get("/api/v1/fiches/", {"q": "tutorat réservé", "sort": "relevance"}).json()
    assert {hit["id"] for hit in found["results"]} == ids_of(world, sees) and found["count"] == len(sees)

    # Suggestions, the search page, similar fiches on the public fiche's page.
    suggested = client.get("/api/v1/fiches/suggest", {"q": "tutorat"}).json()["suggestions"]
    assert {s["id"] for s in suggested} == ids_of(world, sees)
    assert shown_titles(client.get("/recherche/", {"q": "tutorat"}).content.decode()) == sees
    public_page = client.get(fiches["public"].url).content.decode()
    assert not shown_titles(public_page) & hidden

    # The map: its list, its GeoJSON points, and its clusters' counts (threshold lowered to cluster four).
    assert shown_titles(client.get("/carte/").content.decode()) == sees
    points = client.get("/api/v1/fiches.geojson").json()
    assert {f["properties"]["id"] for f in points["features"]} == ids_of(world, sees) and points["count"] == len(sees)
    monkeypatch.setattr("search.map.api.CLUSTER_THRESHOLD", 1)
    clustered = client.get("/api/v1/fiches.geojson", {"zoom": "2"}).json()
    assert clustered["clustered"] and clustered["count"] == len(sees)
    assert sum(f["properties"].get("count", 1) for f in clustered["features"]) == len(sees)

    # Exports and lists: CSV, the académie's section page, the network's page, the home page's figures.
    assert shown_titles(client.get("/fiches/export.csv").content.decode("utf-8-sig")) == sees
    assert shown_titles(client.get(fiches["public"].get_parent().url).content.decode()) == sees - {"public_bordeaux"}
    assert shown_titles(client.get("/reseaux/vigie/").content.decode()) == sees & {"public", "network"}
    home = client.get("/").content.decode()
    assert not shown_titles(home) & hidden

    # Atom feeds and embedded widgets are read without a session: public fiches only, whoever asks.
    for feed in ("/flux/fiches.atom", "/flux/academies/poitiers.atom", "/flux/reseaux/vigie/fiches.atom",
                 "/flux/recherche.atom?q=tutorat"):
        assert shown_titles(client.get(feed).content.decode()) <= {"public", "public_bordeaux"}, feed
    # Open data: the published files hold the public fiches only, whoever downloads them.
    assert shown_titles(served(client, "/donnees/fiches.csv").decode("utf-8-sig")) == {"public", "public_bordeaux"}
    jsonl = served(client, "/donnees/fiches.jsonl").decode().splitlines()
    assert {json.loads(line)["title"] for line in jsonl} == {TITLES["public"], TITLES["public_bordeaux"]}
    listed, mapped = world["widgets"]
    assert shown_titles(client.get(f"/integrer/{listed.key}/").content.decode()) == {"public"}
    widget_points = client.get(f"/integrer/{mapped.key}/fiches.geojson").json()
    assert {f["properties"]["id"] for f in widget_points["features"]} == ids_of(world, {"public"})


def test_digests_hold_only_what_each_follower_may_see(db, world):
    """One batch for every kind of follower, each following the académie, the network and a search."""
    since = timezone.now() - dt.timedelta(days=1)
    follows = {}
    for visitor in VISITORS[1:]:
        user = world["people"][visitor]
        follows[visitor] = [
            Follow.objects.create(user=user, academie=factories.academie("poitiers"), last_digest_at=since),
            Follow.objects.create(user=user, network=world["network"], last_digest_at=since),
            Follow.objects.create(user=user, search_query="q=tutorat", last_digest_at=since)]
    news = NewsIndex([follow for batch in follows.values() for follow in batch], timezone.now())
    for visitor, batch in follows.items():
        sees, user = SEES[visitor], world["people"][visitor]
        for follow, expected in zip(batch, (sees - {"public_bordeaux"}, sees & {"public", "network"}, sees)):
            assert {fiche.pk for fiche in news.section(follow, user).fiches} == ids_of(world, expected), (visitor, follow)


def test_home_figures_and_open_counts_ignore_hidden_fiches(db, client, world):
    """The public figures count public fiches only: hiding a fiche lowers nothing a visitor could subtract."""
    from portal.home.figures import key_figures

    assert key_figures()["fiches"] == 2
    data = client.get("/api/v1/fiches/", {"academie": "poitiers"}).json()
    assert data["count"] == 1 and json.dumps(data).count("réservé") == 0


def test_network_visibility_follows_the_network_membership(db, client, world):
    """An establishment leaving the network takes its network-only fiche away from the members (re-indexed)."""
    member = world["people"]["network_member"]
    client.force_login(member)
    network_fiche = world["fiches"]["network"]
    assert client.get(network_fiche.url).status_code == 200
    NetworkEstablishment.objects.filter(network=world["network"]).delete()
    assert client.get(network_fiche.url).status_code == 404
    assert network_fiche.pk not in {hit["id"] for hit in client.get("/api/v1/fiches/").json()["results"]}
    world["network"].fiche_tags.create(fiche=network_fiche)
    assert network_fiche.pk in {hit["id"] for hit in client.get("/api/v1/fiches/").json()["results"]}


def test_a_coordinator_cannot_open_a_hidden_fiche_by_tagging_it(db, client, world):
    """A tag opens a network-only fiche to the network's members: only a fiche the coordinator sees may be tagged."""
    other = Network.objects.get(slug="autre")
    coordinator = world["people"]["other_network_member"]
    NetworkPerson.objects.filter(network=other, user=coordinator).update(role=NetworkPerson.Role.COORDINATOR)
    client.force_login(coordinator)
    refused = client.post("/reseaux/autre/gerer/fiches/", {"fiche": str(world["fiches"]["network"].pk)})
    assert refused.status_code == 400 and not other.fiche_tags.exists()
    assert TITLES["network"] not in refused.content.decode()
    accepted = client.post("/reseaux/autre/gerer/fiches/", {"fiche": str(world["fiches"]["public"].pk)})
    assert accepted.status_code == 302 and other.fiche_tags.get().fiche_id == world["fiches"]["public"].pk


def test_a_renewal_does_not_name_its_hidden_predecessor(db, client, world):
    hidden = world["fiches"]["network"]
    renewal = factories.fiche("Tutorat renforcé, deuxième année", hidden.lead_structure, school_year="2024-2025",
                              renewed_from=hidden)
    page = client.get(renewal.url).content.decode()
    assert "Reconduction de" not in page and TITLES["network"] not in page
    client.force_login(world["people"]["network_member"])
    assert TITLES["network"] in client.get(renewal.url).content.decode()


def test_the_synthesis_counts_and_names_public_fiches_only(db, world):
    """A published synthesis is public: a hidden fiche of the week is neither counted in the registry's figure
    nor listed among the académie's examples."""
    from fiches.models import FichePage, PerseveranceWeek, PerseveranceWeekExample, SchoolYear
    from portal.synthesis.compute import compute_synthesis

    declared = {"raw": "N.C.", "value": None, "min": None, "max": None, "qualifier": None, "scope": None,
                "unknown": True}
    week = PerseveranceWeek.objects.create(academie=factories.academie("poitiers"),
                                           school_year=SchoolYear.objects.get(code="2023-2024"),
                                           actions_declared=declared, establishments_declared=declared, levels={})
    fiches = world["fiches"]
    FichePage.objects.filter(pk__in=[fiches[key].pk for key in ("public", "network", "academie")]).update(
        perseverance_week=week)
    for order, key in enumerate(("public", "network", "academie")):
        PerseveranceWeekExample.objects.create(week=week, fiche=fiches[key], sort_order=order)
    [academie] = compute_synthesis("2023-2024")["academies"]
    assert [example["title"] for example in academie["examples"]] == [TITLES["public"]]
    assert academie["figures"]["actions"]["registry"] == 1


def test_a_spelling_correction_never_offers_a_word_only_a_restricted_fiche_holds(db, world):
    from search.backends.database import DatabaseSearchBackend

    backend = DatabaseSearchBackend()
    # « renforcé » is only in the network fiche's title; « tutorat » is in the public ones too.
    assert "renforce" not in backend.corrections("renfroce")
    assert backend.corrections("tutroat")[:1] == ["tutorat"]

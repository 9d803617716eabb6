"""Widgets (/integrer/): who builds them, what they show, who may frame them, and no cookie."""
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fiches.models import FichePage
from portal.embeds.models import Widget
from portal.embeds.origins import parse_origins
from portal.networks.models import NetworkFiche
from tests import factories

from .conftest import make_widget


def _frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(d.strip() for d in policy.split(";") if d.strip().startswith("frame-ancestors"))


@pytest.mark.django_db
def test_a_coordinator_registers_a_widget_and_gets_its_snippet(client, network_fiches):
    network, coordinator, prevention = network_fiches
    client.force_login(coordinator)
    response = client.post(reverse("embeds:builder"), {
        "title": "Nos pratiques", "kind": "map", "network": network.pk, "theme": prevention.pk,
        "allowed_origins": "https://www.Ac-Bordeaux.fr/\n\nhttp://ripps.example.org:8080",
    })
    assert response.status_code == 302
    widget = Widget.objects.get()
    assert (widget.created_by, widget.origins) == (coordinator, ["https://www.ac-bordeaux.fr",
                                                                 "http://ripps.example.org:8080"])
    page = client.get(response["Location"]).content.decode()
    assert (f'&lt;iframe src=&quot;http://testserver/integrer/{widget.key}/&quot; title=&quot;Nos pratiques&quot;'
            in page)


@pytest.mark.parametrize("text", ["https://ac-bordeaux.fr; script-src *", "https://ac-bordeaux.fr 'unsafe-inline'",
                                  "javascript:alert(1)", "https://ac-bordeaux.fr/page", "https://user@ac-bordeaux.fr",
                                  "ftp://ac-bordeaux.fr", "https://*", "https://ac_bordeaux.fr"])
def test_an_origin_that_could_change_the_header_is_refused(text):
    with pytest.raises(ValidationError, match="n'est pas l'adresse d'un site"):
        parse_origins(text)


def test_origins_are_normalised():
    assert parse_origins("HTTPS://www.Ac-Bordeaux.fr/\n\nhttps://*.ac-bordeaux.fr\nhttps://www.ac-bordeaux.fr") == [
        "https://www.ac-bordeaux.fr", "https://*.ac-bordeaux.fr"]


@pytest.mark.django_db
def test_a_bad_origin_is_refused_in_french_and_nothing_is_saved(client, network_fiches):
    network, coordinator, _theme = network_fiches
    client.force_login(coordinator)
    for origins, message in (("https://ac-bordeaux.fr; script-src *", "n&#x27;est pas l&#x27;adresse d&#x27;un site"),
                             ("", "Indiquez au moins un site")):
        response = client.post(reverse("embeds:builder"), {"title": "Nos pratiques", "kind": "list",
                                                           "network": network.pk, "allowed_origins": origins})
        assert response.status_code == 400 and message in response.content.decode()
        assert "Nos pratiques" in response.content.decode()  # what was typed is kept
    assert not Widget.objects.exists()


@pytest.mark.django_db
def test_only_network_and_academie_managers_register_widgets(client, network_fiches):
    network, _coordinator, _theme = network_fiches
    assert "connectez-vous pour créer un widget" in client.get(reverse("embeds:builder")).content.decode()
    client.force_login(factories.user("lecteur"))
    data = {"title": "X", "kind": "list", "network": network.pk, "allowed_origins": "https://a.example"}
    assert client.post(reverse("embeds:builder"), data).status_code == 200  # no form: the POST is ignored
    moderator = factories.user("moderation", role="moderator", academie_code="lyon")
    client.force_login(moderator)
    response = client.post(reverse("embeds:builder"), {**data, "network": "", "academie": factories.academie("bordeaux").pk})
    assert response.status_code == 400 and "Vous ne modérez pas cette académie" in response.content.decode()
    response = client.post(reverse("embeds:builder"), {**data, "network": "", "academie": factories.academie("lyon").pk})
    assert response.status_code == 302 and not Widget.objects.get().network


@pytest.mark.django_db
def test_a_list_widget_shows_its_network_fiches_in_its_theme(client, network_fiches):
    network, _coordinator, prevention = network_fiches
    everything = client.get(make_widget(network).get_absolute_url()).content.decode()
    assert "SAS Mily" in everything and "Tutorat du réseau" in everything and "Atelier hors réseau" not in everything
    themed = client.get(make_widget(network, theme=prevention).get_absolute_url()).content.decode()
    assert "SAS Mily" in themed and "Tutorat du réseau" not in themed
    assert "fr-header" not in themed and "dsfr.min.css" in themed  # the DSFR look without the site's frame


@pytest.mark.django_db
def test_the_map_widget_geojson_holds_only_its_fiches(client, network_fiches, monkeypatch):
    network, _coordinator, _theme = network_fiches
    widget = make_widget(network, kind=Widget.Kind.MAP)
    page = client.get(widget.get_absolute_url()).content.decode()
    config = json.loads(re.search(r'<script id="map-config" type="application/json">(.*?)</script>', page).group(1))
    assert config["bounds"] == [[44.2032, 0.6155], [44.2032, 0.6155]]  # the map opens on the network's fiches
    data = client.get(reverse("embeds:geojson", args=[widget.key])).json()
    assert sorted(f["properties"]["title"] for f in data["features"]) == ["SAS Mily", "Tutorat du réseau"]
    assert client.get(reverse("embeds:geojson", args=[widget.key]), {"zoom": "99"}).status_code == 400
    # Clustered in SQL: a fiche both led by a member and tagged for the network counts once.
    NetworkFiche.objects.create(network=network, fiche=FichePage.objects.get(title="SAS Mily"))
    monkeypatch.setattr("search.map.api.CLUSTER_THRESHOLD", 1)
    data = client.get(reverse("embeds:geojson", args=[widget.key]), {"zoom": "5"}).json()
    assert data["clustered"] and [f["properties"]["count"] for f in data["features"]] == [2]


@pytest.mark.django_db
def test_each_widget_may_be_framed_by_its_own_sites_only(client, network_fiches):
    network, _coordinator, _theme = network_fiches
    first = make_widget(network, origins="https://www.ac-bordeaux.fr\nhttps://ripps.example.org")
    second = make_widget(network, kind=Widget.Kind.MAP, origins="http://127.0.0.1:8123")
    unlisted = make_widget(network, origins="")
    for widget, expected in ((first, "frame-ancestors https://www.ac-bordeaux.fr https://ripps.example.org"),
                             (second, "frame-ancestors http://127.0.0.1:8123"),
                             (unlisted, "frame-ancestors 'none'")):
        for url in (widget.get_absolute_url(), reverse("embeds:geojson", args=[widget.key])):
            response = client.get(url)
            if response.status_code == 404:  # a list widget has no GeoJSON
                continue
            assert _frame_ancestors(response) == expected
            assert "X-Frame-Options" not in response
    builder = client.get(reverse("embeds:builder"))  # every other page keeps its own rule
    assert _frame_ancestors(builder) == "frame-ancestors 'self'" and builder["X-Frame-Options"] in ("DENY", "SAMEORIGIN")


@pytest.mark.django_db
def test_the_embedded_views_set_no_cookie(client, network_fiches):
    network, coordinator, _theme = network_fiches
    map_widget = make_widget(network, kind=Widget.Kind.MAP)
    urls = [make_widget(network).get_absolute_url(), map_widget.get_absolute_url(),
            reverse("embeds:geojson", args=[map_widget.key])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and not response.cookies, (url, response.cookies)
        assert "Cookie" not in response.get("Vary", "")  # the same response for everyone: caches may share it
        assert "csrfmiddlewaretoken" not in response.content.decode()
    client.force_login(coordinator)  # a visitor who is also logged in to the portal: the session is left alone
    for url in urls:
        response = client.get(url)
        assert not response.cookies and "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_its_managers_change_or_remove_a_widget_and_no_one_else(client, network_fiches):
    network, coordinator, _theme = network_fiches
    widget = make_widget(network)
    client.force_login(factories.user("autre-coordination"))
    assert client.get(reverse("embeds:edit", args=[widget.key])).status_code == 403
    assert client.post(reverse("embeds:delete", args=[widget.key])).status_code == 403
    client.force_login(coordinator)
    response = client.post(reverse("embeds:edit", args=[widget.key]), {
        "title": widget.title, "kind": "list", "network": network.pk, "allowed_origins": "https://ripps.example.org"})
    assert response.status_code == 302
    assert _frame_ancestors(client.get(widget.get_absolute_url())) == "frame-ancestors https://ripps.example.org"
    assert client.post(reverse("embeds:delete", args=[widget.key])).status_code == 302
    assert client.get(widget.get_absolute_url()).status_code == 404

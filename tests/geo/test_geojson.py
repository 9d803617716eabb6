"""GeoJSON of fiches (RFC 7946), its filters and its server-side clustering."""
import random

import pytest
from geopy.distance import geodesic
from django.urls import reverse

from fiches.models import Level
from search.map import api
from geo.clustering import grid_cluster
from geo.gazetteer import get_gazetteer
from tests import factories

pytestmark = pytest.mark.django_db
AGEN = (44.20323, 0.61553)


def _fiche(title, academie_code, lat, lon, commune="", **fields):
    est = factories.establishment(f"Structure {title}", academie_code, commune=commune, latitude=lat, longitude=lon,
                                  location_precision="commune")
    return factories.fiche(title, est, **fields)


def _get(client, **params):
    return client.get(reverse("fiches_geojson"), params)


def _check_feature_collection(data):
    assert data["type"] == "FeatureCollection" and isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert all(isinstance(v, float | int) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        if "bbox" in feature:
            west, south, east, north = feature["bbox"]
            assert west <= lon <= east and south <= lat <= north


@pytest.fixture
def spread(db):
    """Fiches around Agen at known geodesic distances, some just inside or outside 50 km."""
    random.seed(7)
    fiches = {}
    for i, km in enumerate([1, 10, 30, 49.7, 49.95, 50.05, 50.3, 70, 120, 400]):
        point = geodesic(kilometers=km).destination(AGEN, bearing=random.uniform(0, 360))
        fiches[f"Fiche {i} à {km} km"] = _fiche(f"Fiche {i} à {km} km", "bordeaux", point.latitude, point.longitude)
    return fiches


def test_distance_filter_matches_geodesic(client, spread):
    for km in (5, 50, 100, 450):
        data = _get(client, near="%s,%s" % AGEN, km=km).json()
        expected = {f.pk for f in spread.values()
                    if geodesic(AGEN, (f.lead_structure.latitude, f.lead_structure.longitude)).km <= km}
        assert {feature["properties"]["id"] for feature in data["features"]} == expected, km


def test_feature_collection_is_valid_rfc7946(client):
    fiche = _fiche("SAS Mily", "bordeaux", 44.20323, 0.61553, commune="Agen")
    _fiche("Sans position", "bordeaux", None, None)
    response = _get(client)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    _check_feature_collection(data)
    assert data["count"] == 1 and not data["clustered"]
    feature = data["features"][0]
    assert feature["geometry"]["coordinates"] == [0.61553, 44.20323]  # [lon, lat]
    props = feature["properties"]
    assert props == {"id": fiche.pk, "title": "SAS Mily", "url": fiche.url, "academie": "bordeaux",
                     "academie_label": "Bordeaux", "etablissement": "Structure SAS Mily", "commune": "Agen",
                     "precision": "commune"}
    assert client.get(props["url"]).status_code == 200


def test_filters_academie_taxonomy_bbox_and_q(client):
    college = Level.objects.get_or_create(slug="college", defaults={"label": "Collège"})[0]
    agen = _fiche("Tutorat à Agen", "bordeaux", 44.2, 0.62)
    agen.levels.add(college)
    agen.save_revision().publish()
    caen = _fiche("Atelier à Caen", "normandie", 49.18, -0.37)
    ids = lambda **p: {f["properties"]["id"] for f in _get(client, **p).json()["features"]}  # noqa: E731
    assert ids(academie="normandie") == {caen.pk}
    assert ids(niveau="college") == {agen.pk}
    assert ids(bbox="-5,47,5,51") == {caen.pk}
    assert ids(q="tutorat") == {agen.pk}
    assert ids(annee="2023-2024") == {agen.pk, caen.pk} and ids(annee="2019-2020") == set()


@pytest.mark.parametrize("params, parameter", [
    ({"near": "44.2"}, "near"), ({"near": "abc,def"}, "near"), ({"near": "95,0"}, "near"),
    ({"near": "44.2,0.6", "km": "0"}, "km"), ({"near": "44.2,0.6", "km": "1001"}, "km"), ({"km": "loin"}, "km"),
    ({"academie": "atlantide"}, "academie"), ({"niveau": "maternelle-sup"}, "niveau"), ({"annee": "2023"}, "annee"),
    ({"zoom": "-1"}, "zoom"), ({"zoom": "30"}, "zoom"), ({"bbox": "5,47,-5,51"}, "bbox"), ({"bbox": "1,2,3"}, "bbox"),
])
def test_invalid_parameters_give_a_french_400(client, params, parameter):
    response = _get(client, **params)
    assert response.status_code == 400
    error = response.json()
    assert error["parameter"] == parameter and error["error"].startswith(("Le paramètre", "Valeur inconnue"))


def test_low_zoom_clusters_with_counts_summing_to_total(client, monkeypatch, spread):
    monkeypatch.setattr(api, "CLUSTER_THRESHOLD", 3)
    data = _get(client, zoom=5).json()
    _check_feature_collection(data)
    assert data["clustered"] and data["count"] == len(spread)
    clusters = [f for f in data["features"] if f["properties"].get("cluster")]
    assert clusters and all(f["properties"]["count"] >= 2 for f in clusters)
    assert sum(f["properties"].get("count", 1) for f in data["features"]) == len(spread)
    high = _get(client, zoom=api.MAX_CLUSTER_ZOOM).json()
    assert not high["clustered"] and len(high["features"]) == len(spread)


def test_grid_cluster_keeps_every_point_once():
    communes = [c for c in get_gazetteer().communes if c.has_point][:20000]
    points = [(c.lon, c.lat, c.insee) for c in communes]
    for zoom in (0, 5, 9, 13):
        groups = grid_cluster(points, zoom)
        assert sum(g.count for g in groups) == len(points)
        assert all(g.bbox[0] <= g.lon <= g.bbox[2] and g.bbox[1] <= g.lat <= g.bbox[3] for g in groups)
    assert len(grid_cluster(points, 5)) < len(grid_cluster(points, 9)) < len(points)


def test_sql_grouped_clustering_matches_python_clustering(client, monkeypatch, spread):
    from fiches.listing import published_fiches

    for title, lat, lon in [("Caen", 49.18, -0.37), ("Caen bis", 49.181, -0.371), ("Lille", 50.63, 3.06),
                            ("Nice", 43.70, 7.27), ("Brest", 48.39, -4.49)]:
        _fiche(title, "normandie" if title.startswith("Caen") else "bordeaux", lat, lon)
    queryset = api.placed(published_fiches())
    rows = api.fiche_rows(published_fiches())
    for zoom in (0, 3, 5, 7, 9, 13):
        python = grid_cluster(((row[7], row[6], row[0]) for row in rows), zoom)
        sql = api.sql_grid_cluster(queryset, zoom)
        assert [(g.count, g.item, g.bbox) for g in sql] == [(g.count, g.item, g.bbox) for g in python], zoom
        assert all(s.lon == pytest.approx(p.lon) and s.lat == pytest.approx(p.lat) for s, p in zip(sql, python))
    monkeypatch.setattr(api, "CLUSTER_THRESHOLD", 3)
    for params in ({"zoom": 5}, {"zoom": 9}, {"zoom": 3, "near": "%s,%s" % AGEN, "km": 450},
                   {"zoom": 5, "academie": "bordeaux"}, {"zoom": 5, "bbox": "-5,40,10,51"}, {"zoom": 13}):
        monkeypatch.setattr(api, "SQL_CLUSTERING", True)
        grouped = _get(client, **params).json()
        monkeypatch.setattr(api, "SQL_CLUSTERING", False)
        assert grouped == _get(client, **params).json(), params
        assert grouped["clustered"] or params["zoom"] == 13


def test_grouping_search_entries_matches_grouping_the_join(client, monkeypatch, spread):
    """The clustered path reads FicheSearchEntry (filled on publication); same bytes as the join, every filter."""
    from fiches.models import AcademiePage, Dispositif, FichePage, Level, TargetPublic, Theme
    from search.models import FicheSearchEntry

    college = Level.objects.get_or_create(slug="college", defaults={"label": "Collège"})[0]
    lycee = Level.objects.get_or_create(slug="lycee", defaults={"label": "Lycée"})[0]
    theme = Theme.objects.get_or_create(slug="sante", defaults={"label": "Santé"})[0]
    dispositif = Dispositif.objects.get_or_create(slug="cordees", defaults={"label": "Cordées"})[0]
    public = TargetPublic.objects.get_or_create(slug="eleves", defaults={"label": "Élèves"})[0]
    extra = [("Caen", 49.18, -0.37, "normandie"), ("Caen bis", 49.181, -0.371, "normandie"),
             ("Rouen", 49.44, 1.10, "normandie"), ("Lille", 50.63, 3.06, "lille"), ("Nice", 43.70, 7.27, "nice"),
             ("Brest", 48.39, -4.49, "rennes"), ("Agen tutorat", 44.21, 0.63, "bordeaux")]
    for i, (title, lat, lon, code) in enumerate(extra):
        fiche = _fiche(title, code, lat, lon, school_year="2022-2023" if i % 2 else "2023-2024")
        fiche.levels.add(college if i % 2 else lycee)
        if i % 3 == 0:
            fiche.themes.add(theme)
            fiche.dispositifs.add(dispositif)
            fiche.publics.add(public)
        fiche.save_revision().publish()
    for i, fiche in enumerate(spread.values()):
        fiche.levels.add(college if i % 3 else lycee)
        fiche.save_revision().publish()
    # Filed under the historical section of Caen (normandie includes it), and a lead structure of the
    # historical académie filed under Normandie: the académie filter goes by section, not by the entry's code.
    in_caen_section = FichePage(title="Archive caennaise", lead_structure=factories.establishment(
        "Structure archive", "normandie", latitude=49.2, longitude=-0.35, location_precision="commune"), live=False)
    AcademiePage.objects.get(academie__code="caen").add_child(instance=in_caen_section)
    in_caen_section.save_revision().publish()
    _fiche("Lycée historique", "caen", 49.19, -0.36)
    unpublished = _fiche("Hors ligne", "bordeaux", 44.3, 0.5, live=False)
    assert FicheSearchEntry.objects.filter(lat__isnull=False).count() == len(spread) + len(extra) + 2
    assert not FicheSearchEntry.objects.filter(pk=unpublished.pk).exists()
    monkeypatch.setattr(api, "CLUSTER_THRESHOLD", 2)
    cases = [{}, {"academie": "normandie"}, {"academie": "bordeaux"}, {"academie": ["lille", "nice"]},
             {"niveau": "college"}, {"niveau": ["college", "lycee"]}, {"theme": "sante"}, {"dispositif": "cordees"},
             {"public": "eleves"}, {"annee": "2022-2023"}, {"annee": ["2022-2023", "2023-2024"]},
             {"near": "%s,%s" % AGEN, "km": 50}, {"near": "%s,%s" % AGEN, "km": 450}, {"bbox": "-5,40,10,51"},
             {"bbox": "-1,49,2,50"}, {"q": "caen"}, {"q": "km", "niveau": "college", "near": "%s,%s" % AGEN, "km": 100},
             {"academie": "normandie", "annee": "2023-2024", "bbox": "-5,40,10,51"}]
    clustered = 0
    for filters in cases:
        for zoom in (0, 3, 5, 9, 13, 14):
            params = {"zoom": zoom, **filters}
            monkeypatch.setattr(api, "CLUSTER_FROM_ENTRIES", True)
            new = _get(client, **params)
            monkeypatch.setattr(api, "CLUSTER_FROM_ENTRIES", False)
            former = _get(client, **params)
            assert new.status_code == former.status_code == 200, params
            assert new.content == former.content, params
            clustered += new.json()["clustered"]
    assert clustered >= 40
    assert in_caen_section.pk in {f["properties"]["id"] for f in _get(client, academie="normandie").json()["features"]}

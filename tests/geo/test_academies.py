import json

from geo.academies import DATA_FILE, academie_for, academies_on, get_academie

CURRENT = {
    "aix-marseille", "amiens", "besancon", "bordeaux", "clermont-ferrand", "corse", "creteil",
    "dijon", "grenoble", "guadeloupe", "guyane", "la-reunion", "lille", "limoges", "lyon",
    "martinique", "mayotte", "montpellier", "nancy-metz", "nantes", "nice", "normandie",
    "orleans-tours", "paris", "poitiers", "reims", "rennes", "strasbourg", "toulouse", "versailles",
}


def test_schema_and_current_list():
    records = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for r in records:
        assert {"code", "name", "region", "departements", "valid_from", "valid_to"} <= set(r)
        assert all(isinstance(d, str) for d in r["departements"])
    current = {r["code"] for r in academies_on("2024-09-01") if r["kind"] == "academie"}
    assert current == CURRENT
    deps = [d for r in academies_on("2024-09-01") for d in r["departements"]]
    assert len(deps) == len(set(deps)) == 101  # each département in exactly one académie
    assert get_academie("normandie")["departements"] == ["14", "27", "50", "61", "76"]


def test_by_date():
    assert academie_for("14", "2016-03-01") == "caen"
    assert academie_for("14", "2021-01-01") == "normandie"
    assert academie_for("76", "2019-12-31") == "rouen"
    assert academie_for("76", "2020-01-01") == "normandie"
    assert academie_for("976", "2016-03-01") == "vice-rectorat-mayotte"
    assert academie_for("976", "2020-01-01") == "mayotte"
    assert academie_for("2A") == "corse" and academie_for("2b") == "corse"
    assert academie_for("974") == "la-reunion"
    assert academie_for(1) == "lyon"
    assert academie_for("987") is None


def test_geocoded_commune_carries_current_academie():
    from geo.geocoders import OfflineGazetteer

    assert OfflineGazetteer().geocode("Caen").raw["academie"] == "normandie"

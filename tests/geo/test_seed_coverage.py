"""Every commune named in seeds 000, 001 and 003 resolves near its hand-written position.

tests/geo/seed_communes.csv is written by hand (not generated from the
gazetteer): seed_text as in the seed, INSEE code when known by heart, name,
approximate town-centre lat/lon, the département the seed's académie implies
when the name alone is ambiguous or partial, and a status: "ok" (must resolve
within 5 km) or "not_commune" (must give no point; the note says why).
"""

import csv
import gzip
from pathlib import Path

import pytest

from geo.distance import haversine_km
from geo.gazetteer import COMMUNES_FILE
from geo.geocoders import OfflineGazetteer

ROWS = list(csv.DictReader(open(Path(__file__).with_name("seed_communes.csv"), encoding="utf-8")))
G = OfflineGazetteer()


@pytest.mark.parametrize("row", ROWS, ids=[r["seed_text"] for r in ROWS])
def test_seed_commune_resolves_within_5_km(row):
    loc = G.geocode(row["seed_text"], departement=row["departement"] or None)
    if row["status"] == "not_commune":
        assert loc is None, row["note"]
        return
    assert loc is not None, (row["seed_text"], G.resolve(row["seed_text"], row["departement"] or None).status)
    if row["insee"]:
        assert loc.raw["insee"] == row["insee"]
    distance = haversine_km(float(row["lat"]), float(row["lon"]), loc.latitude, loc.longitude)
    assert distance <= 5, (row["seed_text"], loc.raw["name"], distance)


def test_seed_list_is_long_enough():
    assert len([r for r in ROWS if r["status"] == "ok"]) >= 100


def test_coordinate_coverage_of_communes_over_1000_inhabitants():
    with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    big = [r for r in rows if r["kind"] == "C" and r["population"] and int(r["population"]) >= 1000]
    assert len(big) > 9000
    located = [r for r in big if r["precision"] == "c"]
    assert len(located) / len(big) >= 0.95

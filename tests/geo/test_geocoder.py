import geopy.geocoders
from geopy.location import Location

from geo.geocoders import OfflineGazetteer, ban_precision, get_geocoder

G = OfflineGazetteer()
REQUIRED = {"insee", "name", "departement", "postal_codes", "academie", "precision", "match"}


def test_is_a_geopy_geocoder_returning_locations():
    assert isinstance(G, geopy.geocoders.base.Geocoder)
    loc = G.geocode("Saint-Flour")
    assert isinstance(loc, Location)
    assert REQUIRED <= set(loc.raw)
    assert loc.raw["insee"] == "15187"
    assert loc.raw["academie"] == "clermont-ferrand"
    assert loc.raw["precision"] == "commune" and loc.raw["match"] == "exact"


def test_query_forms():
    for q in ("Saint-Flour", "saint flour", "Saint Flour (15)", "Saint-Flour, Cantal",
              "15100 Saint-Flour", "15187", "SAINT-FLOUR"):
        loc = G.geocode(q)
        assert loc is not None and loc.raw["insee"] == "15187", q
    assert G.geocode("AGEN- Lot et Garonne").raw["insee"] == "47001"
    assert G.geocode({"city": "Saint-Flour", "postalcode": "15100"}).raw["insee"] == "15187"


def test_homonyms_need_departement_or_postal_code():
    assert G.geocode("Saint-Denis") is None  # 93 and 974 both large: ambiguous
    both = G.geocode("Saint-Denis", exactly_one=False)
    assert {"93066", "97411"} <= {l.raw["insee"] for l in both}
    assert all(l.raw["match"] == "ambiguous" for l in both)
    assert G.geocode("Saint-Denis (93)").raw["insee"] == "93066"
    assert G.geocode("Saint-Denis, La Réunion").raw["insee"] == "97411"
    assert G.geocode("97400 Saint-Denis").raw["insee"] == "97411"
    assert G.geocode("Saint-Denis", departement="974").raw["insee"] == "97411"


def test_arrondissements():
    assert G.geocode("Paris 18e").raw["insee"] == "75118"
    assert G.geocode("Paris XVIIIe").raw["insee"] == "75118"
    assert G.geocode("Lyon 3e").raw["insee"] == "69383"
    assert G.geocode("Marseille 1er").raw["insee"] == "13201"
    assert G.geocode("75018").raw["insee"] == "75118"
    assert G.geocode("Paris").raw["insee"] == "75056"


def test_fuzzy_is_flagged_with_candidate_and_score():
    cases = {
        "Ribécourt-Drelincourt": "60537",
        "Biscarosse": "40046",
        "Haÿ-les-roses": "94038",
        "Petit-Quevilly": "76498",
    }
    for query, insee in cases.items():
        loc = G.geocode(query)
        assert loc.raw["insee"] == insee, query
        assert loc.raw["match"] == "fuzzy", query
        assert 0.85 <= loc.raw["score"] < 1, query
        assert loc.raw["method"] in ("similar", "article", "prefix", "compact")
    loc = G.geocode("Saint-Maixent", departement="79")
    assert loc.raw["insee"] == "79270" and loc.raw["match"] == "fuzzy" and loc.raw["method"] == "prefix"
    # the other prefix candidate is reported, not hidden
    assert any(c["insee"] == "79269" for c in loc.raw["candidates"])


def test_exact_names_are_not_fuzzy():
    assert G.geocode("Fontanil Cornillon").raw["match"] == "exact"
    assert G.geocode("Epinay-sur-Seine").raw["insee"] == "93031"
    assert G.geocode("Château-Renard").raw["departement"] == "45"
    assert G.geocode("Châteaurenard").raw["departement"] == "13"


def test_unknown_name_gives_no_point():
    assert G.geocode("Zorglubville") is None
    assert G.geocode("Zorglubville", exactly_one=False) == []
    assert G.geocode("") is None
    assert G.geocode("Plaine des Cafres", departement="974") is None
    assert G.resolve("Zorglubville").status == "not_found"


def test_fallback_precision_is_stated():
    """A commune without its own point says so, and why."""
    approx = [c for c in G.gazetteer.communes if c.kind == "C" and c.precision == "a"]
    assert approx, "some communes only have an approximate point"
    loc = G.geocode(approx[0].insee)
    assert loc.raw["precision"] == "approximate"
    assert loc.raw["approximation"] in ("parent_commune", "postal_code", "departement")
    # Commune with no point at all (TAAF): no location rather than a wrong one.
    assert G.geocode("98412") is None


def test_former_commune_resolves_to_itself():
    loc = G.geocode("Doué-la-Fontaine")
    assert loc.raw["type"] == "commune-deleguee" and loc.raw["parent_insee"]


def test_reverse():
    assert G.reverse("45.034, 3.093").raw["insee"] == "15187"


def test_get_geocoder_offline_by_default_and_ban_when_configured(monkeypatch):
    monkeypatch.delenv("ACCROCHE_ONLINE_GEOCODER", raising=False)
    assert isinstance(get_geocoder(), OfflineGazetteer)
    monkeypatch.setenv("ACCROCHE_ONLINE_GEOCODER", "ban")
    geocoder = get_geocoder()
    assert isinstance(geocoder, geopy.geocoders.BANFrance)
    feature = {"geometry": {"coordinates": [2.35, 48.85]},
               "properties": {"label": "8 Rue X 75001 Paris", "type": "housenumber"}}
    loc = geocoder._parse_feature(feature)
    assert loc.raw["precision"] == "address" == ban_precision(loc)
    feature["properties"]["type"] = "municipality"
    assert geocoder._parse_feature(feature).raw["precision"] == "commune"

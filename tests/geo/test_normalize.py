from geo.normalize import normalize_name, parse_arrondissement, strip_article


def test_accents_case_hyphens_and_saint():
    assert normalize_name("Saint-Flour") == normalize_name("saint flour") == normalize_name("ST FLOUR")
    assert normalize_name("Ste-Anne") == "sainte anne"
    assert normalize_name("L'Haÿ-les-Roses") == "l hay les roses"
    assert normalize_name("Boulogne s/ Mer") == "boulogne sur mer"
    assert strip_article("l hay les roses") == "hay les roses"


def test_arrondissement_spellings():
    for text in ("Paris 18e", "Paris 18ème", "Paris XVIIIe", "18e arrondissement de Paris", "paris 18"):
        assert parse_arrondissement(text) == ("paris", 18, "75118"), text
    assert parse_arrondissement("Lyon 3e")[2] == "69383"
    assert parse_arrondissement("Lyon 3")[2] == "69383"
    assert parse_arrondissement("Marseille 1er")[2] == "13201"
    assert parse_arrondissement("Paris 21e") is None
    assert parse_arrondissement("Paris") is None

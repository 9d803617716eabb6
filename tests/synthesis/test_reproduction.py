"""The 2015-2016 synthesis reproduces seed 003: figures and levels as declared, highlighted examples."""
import json
from pathlib import Path

import pytest

from fiches.demo import SEMAINE_FILE
from fiches.ordinals import clean_ordinals
from portal.synthesis.compute import compute_synthesis
from tests.seed003 import example_headings_by_academie

SEED_003 = Path(__file__).resolve().parents[1] / "data" / "seed_003_synthese_2015_2016.txt"


@pytest.fixture(scope="module")
def semaine():
    with open(SEMAINE_FILE, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture
def content(demo):
    return compute_synthesis("2015-2016")


@pytest.mark.django_db
def test_every_academie_has_its_declared_figures_levels_period_and_edition(content, semaine):
    records = {r["academie"]: r for r in semaine["academies"]}
    assert [a["name"] for a in content["academies"]] == [r["academie"] for r in semaine["academies"]]
    for academie in content["academies"]:
        record = records[academie["name"]]
        assert academie["figures"]["actions"]["declared"] == record["actions_declared"]
        assert academie["figures"]["establishments"]["declared"] == record["establishments_declared"]
        assert academie["levels"] == {k: v for k, v in record["levels"].items() if k != "raw"}
        assert academie["period"]["raw"] == ((record.get("period") or {}).get("raw") or "")
        assert academie["edition"]["number"] == (record.get("edition") or {}).get("number")
        assert academie["axes"] == (record.get("axes_de_travail") or [])
        assert academie["theme"] == (record.get("theme") or "")
        assert academie["examples_note"] == (record.get("examples_note") or "")
        assert [e["title"] for e in academie["examples"]] == [clean_ordinals(x["title"]) for x in record["examples"]]
        assert all(e["url"] for e in academie["examples"])


@pytest.mark.django_db
def test_examples_are_the_highlighted_actions_of_the_seed(content):
    headings = example_headings_by_academie(SEED_003)
    by_name = {a["name"]: a for a in content["academies"]}
    assert set(headings) == set(by_name)
    for name, expected in headings.items():
        examples = by_name[name]["examples"]
        assert len(examples) == len(expected), name
        for example, heading in zip(examples, expected):
            assert clean_ordinals(heading).startswith(example["title"]), (name, heading, example["title"])


@pytest.mark.django_db
def test_figures_shown_as_declared_with_approximations_flagged(content):
    by_code = {a["code"]: a for a in content["academies"]}
    assert by_code["amiens"]["figures"]["actions"]["text"] == "112"
    assert by_code["bordeaux"]["figures"]["establishments"]["kind"] == "approximate"
    assert by_code["bordeaux"]["figures"]["establishments"]["text"] == "Une trentaine d'établissements"
    assert by_code["rennes"]["figures"]["establishments"]["low"] == 30
    assert by_code["creteil"]["figures"]["establishments"]["text"] == "N.C."
    assert by_code["strasbourg"]["figures"]["actions"]["registry"] == 0
    lyon = by_code["lyon"]["figures"]["establishments"]
    assert [p["scope"] for p in lyon["parts"]] == ["week", "year"] and (lyon["low"], lyon["high"]) == (14, 70)
    # The registry holds only the highlighted examples: never more than declared in 2015-2016.
    assert content["national"]["flags"] == 0


@pytest.mark.django_db
def test_national_totals_show_how_pres_de_800_arises(content):
    establishments = content["national"]["totals"]["establishments"]
    assert (establishments["exact_sum"], establishments["exact_count"]) == (603, 19)
    assert [a["academie"] for a in establishments["approximate"]] == ["Bordeaux", "La Réunion", "Lyon", "Rennes"]
    assert establishments["unknown"] == ["Créteil", "Guyane", "Reims", "Rouen", "Strasbourg", "Toulouse", "Versailles"]
    assert establishments["low"] == 603 + 14 + 30 and establishments["high"] is None
    actions = content["national"]["totals"]["actions"]
    assert (actions["exact_sum"], actions["exact_count"]) == (983, 21)
    assert (actions["low"], actions["high"]) == (983 + 19 + 31 + 13, 983 + 144 + 58 + 49)
    assert len(actions["unknown"]) == 6
    assert content["national"]["academies"] == 30

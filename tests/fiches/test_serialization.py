"""fiches.serialization: schema errors in French, all-or-nothing import, export round trip."""
import copy
import json

import pytest

from fiches.models import Academie, Establishment, FichePage, Partner, PerseveranceWeek, SchoolYear
from fiches.serialization import FicheDataError, apply_fiche_data, fiche_to_data, load_schema, validate_fiche_data
from fiches.demo import SAS_MILY_FILE


def sas_mily() -> dict:
    with open(SAS_MILY_FILE, encoding="utf-8") as fh:
        return json.load(fh)


def minimal(**fields) -> dict:
    data = {
        "schema": "accroche.fiche/1",
        "title": "Tutorat entre pairs",
        "school_years": ["2023-2024"],
        "lead_structure": {"name": "Collège Test Tutorat", "kind": "college", "commune": "Agen", "academie": "bordeaux"},
    }
    data.update(fields)
    return data


def assert_provided_equal(expected, actual, path="$"):
    """``actual`` equals ``expected`` on every field ``expected`` provides (recursively)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} absent"
            assert_provided_equal(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual!r} != {expected!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            assert_provided_equal(e, a, f"{path}[{i}]")
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def counts():
    return Establishment.objects.count(), Partner.objects.count(), FichePage.objects.count()


def test_schema_is_draft_2020_12_and_sas_mily_is_valid():
    assert load_schema()["$schema"].endswith("2020-12/schema")
    assert validate_fiche_data(sas_mily()) == []


def test_schema_errors_are_listed_in_french_with_their_paths():
    data = minimal(
        school_years=["2023/2024"],
        unexpected="x",
        steps=[{"name": "Repérage", "start_date": "10 novembre"}],
        programme=[{"type": "paragraph"}, {"type": "video", "url": "x"}],
    )
    data["lead_structure"]["kind"] = "lycee_agricole"
    del data["title"]

    errors = validate_fiche_data(data)

    assert "$ : champ obligatoire manquant : title" in errors
    assert "$ : champ non prévu par le schéma : unexpected" in errors
    assert any(e.startswith("$.school_years[0] : « 2023/2024 » n'a pas le format attendu (AAAA-AAAA") for e in errors)
    assert any(e.startswith("$.lead_structure.kind : valeur « lycee_agricole » non permise") for e in errors)
    assert "$.steps[0].start_date : « 10 novembre » n'est pas une date au format AAAA-MM-JJ" in errors
    assert "$.programme[0] : champ obligatoire manquant : text" in errors
    assert any(e.startswith("$.programme[1] : bloc non reconnu") for e in errors)
    assert len(errors) == 7


def test_non_object_document_is_rejected():
    assert validate_fiche_data([]) == ["$ : type attendu : objet (reçu : [])"]


@pytest.mark.django_db
def test_invalid_document_creates_nothing():
    before = counts()
    data = minimal(
        partner_establishments=[{"name": "Lycée Partenaire Neuf", "kind": "lycee", "academie": "bordeaux"}],
        external_partners=[{"name": "Association Nouvelle"}],
        school_years=["2023-2025"],
    )
    with pytest.raises(FicheDataError) as exc:
        apply_fiche_data(data, publish=True)
    assert exc.value.errors == [
        "$.school_years[0] : Une année scolaire s'écrit AAAA-AAAA avec deux années qui se suivent (ex. 2023-2024)."
    ]
    with pytest.raises(FicheDataError):
        apply_fiche_data(dict(data, schema="accroche.fiche/2"))
    assert counts() == before
    assert not SchoolYear.objects.filter(code="2023-2025").exists()


@pytest.mark.django_db
def test_unknown_taxonomy_slug_is_an_error_not_a_silent_drop():
    before = counts()
    data = minimal(levels=["college", "lycee-agricole"], dispositifs=["sas", "cordee"])
    with pytest.raises(FicheDataError) as exc:
        apply_fiche_data(data)
    messages = exc.value.errors
    assert len(messages) == 2
    assert messages[0].startswith("$.levels[1] : « lycee-agricole » n'est pas dans le vocabulaire")
    assert messages[1].startswith("$.dispositifs[1] : « cordee » n'est pas dans le vocabulaire")
    assert counts() == before


@pytest.mark.django_db
def test_academie_comes_from_the_departement_at_the_school_year_or_is_reported_missing():
    data = minimal(school_years=["2015-2016"])
    data["lead_structure"] = {"name": "Lycée Historique", "kind": "lycee", "commune": "Caen", "departement": "14"}
    page = apply_fiche_data(data)
    # The fiche is filed under the académie of its time; the structure follows Establishment.save()
    # (the current académie of its département).
    assert page.get_parent().specific.academie.code == "caen"
    assert page.lead_structure.academie.code == "normandie"
    assert page.live is False and page.status == "draft"
    assert apply_fiche_data(data).lead_structure == page.lead_structure

    data["lead_structure"] = {"name": "Lycée Sans Lieu", "kind": "lycee"}
    with pytest.raises(ValueError) as exc:
        apply_fiche_data(data)
    assert "impossible de déterminer l'académie de « Lycée Sans Lieu »" in str(exc.value)
    assert "« academie »" in str(exc.value) and "« departement »" in str(exc.value)


@pytest.mark.django_db
def test_sas_mily_round_trip():
    data = sas_mily()
    page = apply_fiche_data(data, publish=True)
    exported = fiche_to_data(page)
    assert validate_fiche_data(exported) == []
    assert_provided_equal(data, exported)
    assert exported["status"] == "published" and exported["id"] == page.pk
    assert exported["url"].endswith("/bordeaux/sas-mily-micro-lycee-perseverance-scolaire/")
    # The stored page, read back from the database, exports the same document.
    assert fiche_to_data(FichePage.objects.get(pk=page.pk)) == exported


@pytest.mark.django_db
def test_round_trip_of_partners_links_week_and_rich_text():
    academie = Academie.objects.get(code="bordeaux")
    year = SchoolYear.objects.get_or_create(code="2015-2016")[0]
    PerseveranceWeek.objects.create(academie=academie, school_year=year)
    data = minimal(
        academie="caen",
        school_years=["2015-2016"],
        summary="Un résumé.",
        partner_establishments=[
            {"name": "CIO de Test", "kind": "cio", "uai": "0470099Z", "commune": "Agen", "academie": "bordeaux"},
            {"name": "Lycée Partenaire", "kind": "lycee", "commune": "Nérac", "departement": "47",
             "academie": "bordeaux", "latitude": 44.13, "longitude": 0.34},
        ],
        programme=[
            {"type": "paragraph", "text": "Ligne 1 <b>&</b>\nligne 2\n\nSecond paragraphe."},
            {"type": "item", "title": "Sous-action", "structure": "CIO de Test", "commune": None, "description": "Texte"},
        ],
        external_partners=[{"name": "Association Relais", "kind": "association", "website": "https://example.org/"}],
        links=[{"url": "https://www.youtube.com/watch?v=x", "label": "Vidéo", "kind": "video"}],
        contact={"name": "Équipe de coordination", "email": "coordination@example.org"},
        perseverance_week={"academie": "bordeaux", "school_year": "2015-2016"},
        licence="cc-by-4.0",
    )
    page = apply_fiche_data(copy.deepcopy(data))
    exported = fiche_to_data(page)
    assert_provided_equal(data, exported)
    assert "<p>Ligne 1 &lt;b&gt;&amp;&lt;/b&gt;<br/>ligne 2</p><p>Second paragraphe.</p>" in str(page.programme.raw_data[0]["value"])

    # Updating the fiche saves a new revision; the same structures are found again, not duplicated.
    before = counts()
    data["title"] = "Tutorat entre pairs (2e version)"
    updated = apply_fiche_data(data, page=page)
    assert counts() == before
    assert fiche_to_data(updated)["title"] == data["title"]
    assert updated.revisions.count() == 2


@pytest.mark.django_db
def test_a_structure_named_without_a_commune_is_found_again_once_placed_at_its_seat():
    """Placing « Services académiques — Versailles » at its rectorat (the demo, place_structures, the admin form)
    writes « Versailles » into its commune: a second fiche naming it without a commune links to it, as the first
    did, instead of creating its double (the demo had it twice in the lists of structures)."""
    from geo.placement import place_establishment

    lead = {"name": "Services académiques — Versailles", "kind": "academie_service", "academie": "versailles"}
    structure = apply_fiche_data(minimal(title="Chaîne humaine", lead_structure=dict(lead))).lead_structure
    assert place_establishment(structure).status == "seat" and structure.commune == "Versailles"
    structure.save()
    second = apply_fiche_data(minimal(title="Journée départementale", lead_structure=dict(lead)))
    assert second.lead_structure == structure
    assert Establishment.objects.filter(name=lead["name"]).count() == 1

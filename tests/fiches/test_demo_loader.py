"""manage.py load_demo: idempotent, SAS MILY fully structured, the 2015-2016 synthesis as declared."""
import io
import json
import os
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from elasticsearch import Elasticsearch
from wagtail.models import ReferenceIndex
from wagtail.search.models import IndexEntry

from fiches.demo import SEMAINE_FILE, link_kind
from fiches.ordinals import clean_ordinals
from fiches.models import (
    AcademiePage,
    Establishment,
    FichePage,
    Partner,
    PerseveranceWeek,
    PerseveranceWeekExample,
)
from tests.seed003 import example_counts_by_academie

SEED_003 = Path(__file__).resolve().parents[1] / "data" / "seed_003_synthese_2015_2016.txt"


def snapshot() -> dict:
    return {
        "fiches": FichePage.objects.count(),
        "live": FichePage.objects.live().count(),
        "revisions": sum(p.revisions.count() for p in FichePage.objects.all()),
        "establishments": Establishment.objects.count(),
        "partners": Partner.objects.count(),
        "weeks": PerseveranceWeek.objects.count(),
        "examples": PerseveranceWeekExample.objects.count(),
        "users": get_user_model().objects.count(),
    }


ES_URL = os.environ.get("ACCROCHE_TEST_ES_URL", "")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo twice once for the module, inside a transaction rolled back at the end; with
    Elasticsearch as the search service when ``ACCROCHE_TEST_ES_URL`` names a node (an index of this
    module's own, deleted at the end), as production has it."""
    with ExitStack() as stack:
        if ES_URL:
            alias = f"test-demo-{uuid.uuid4().hex[:8]}"
            stack.enter_context(override_settings(ELASTICSEARCH_URL=ES_URL, ELASTICSEARCH_INDEX=alias))
            stack.callback(_delete_indices, alias)
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(transaction.atomic())
        first_out, second_out = io.StringIO(), io.StringIO()
        call_command("load_demo", stdout=first_out)
        first = snapshot()
        call_command("load_demo", stdout=second_out)
        yield {"first": first, "second": snapshot(), "first_out": first_out.getvalue(), "second_out": second_out.getvalue()}
        transaction.set_rollback(True)


def _delete_indices(alias: str) -> None:
    client = Elasticsearch(ES_URL, request_timeout=10)
    indices = list(client.indices.get(index=f"{alias}*", expand_wildcards="all"))
    if indices:  # the node refuses wildcard deletes: name them
        client.indices.delete(index=",".join(indices))


@pytest.fixture(scope="module")
def semaine():
    with open(SEMAINE_FILE, encoding="utf-8") as fh:
        return json.load(fh)


def sas_mily() -> FichePage:
    return FichePage.objects.live().get(slug="sas-mily")


@pytest.mark.django_db
def test_second_run_changes_nothing_and_says_so(demo):
    assert demo["first"] == demo["second"]
    assert demo["first"]["weeks"] == 30 and demo["first"]["examples"] == 97
    assert "Rien à faire" not in demo["first_out"]
    assert "Rien à faire : les données de démonstration sont déjà chargées." in demo["second_out"]
    assert "Comptes de DÉMONSTRATION" in demo["second_out"]
    for username in ("admin", "admin.bordeaux", "moderation.bordeaux", "redaction.lomet"):
        assert username in demo["first_out"]


@pytest.mark.django_db
def test_demo_accounts_walk_the_moderation_workflow(demo):
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="admin.bordeaux").memberships.get().role == "academie_admin"
    moderator = users.get(username="moderation.bordeaux")
    assert moderator.groups.filter(name__startswith="Modérateurs — Bordeaux").exists()
    editor = users.get(username="redaction.lomet").memberships.get()
    assert editor.role == "editor" and editor.establishment == sas_mily().lead_structure


@pytest.mark.django_db
def test_sas_mily_is_published_with_every_section_structured(demo):
    page = sas_mily()
    assert page.get_parent().specific.academie.code == "bordeaux"
    lead = page.lead_structure
    assert (lead.name, lead.kind, lead.commune, lead.departement) == ("LP Antoine Lomet", "lycee_professionnel", "Agen", "47")
    assert lead.commune_insee == "47001" and lead.has_position and lead.location_precision == "commune"
    assert len(page.objectives) == 8
    workshops = [child.value for child in page.workshops]
    assert len(workshops) == 8
    for workshop in workshops:
        expected = (8, 9) if workshop["name"].startswith("CPS") else (4, 5)
        assert (workshop["group_size_min"], workshop["group_size_max"]) == expected
        assert workshop["discipline"]
    steps = [child.value for child in page.steps]
    assert len(steps) == 8
    assert all(list(step["actors"]) for step in steps)
    assert [s["dates_text"] for s in steps if s["dates_text"]] == [
        "jusqu'au 10 novembre", "du 13 nov. au 23 nov.", "à l'issue des entretiens", "23 nov.",
        "du 27 nov. au 22 déc.", "du 27 nov. au 22 déc.", "janvier 2024",
    ]
    assert str(steps[0]["end_date"]) == "2023-11-10" and str(steps[7]["start_date"]) == "2024-01-01"
    assert "Fiche repérage Pronote" in steps[0]["tools"]
    indicators = [child.value for child in page.indicators]
    assert {i["category"] for i in indicators} == {
        "3 Questionnaires de satisfaction élaborés", "Compétences psycho sociales", "Scolarité", "Communauté éducative",
    }
    assert len(indicators) == 17
    assert len(page.internal_roles) == 5
    assert "Pronote" in page.communication
    assert [m.value["kind"] for m in page.means] == ["space", "tool", "hours"]
    assert sorted(d.slug for d in page.dispositifs.all()) == ["atelier", "micro-lycee", "sas"]
    assert page.school_year_codes == ["2023-2024"]
    assert (str(page.start_date), str(page.end_date)) == ("2023-11-27", "2023-12-22")


@pytest.mark.django_db
def test_published_examples_per_academie_match_the_seed_and_the_json(demo, semaine):
    from_json = {a["academie"]: len(a["examples"]) for a in semaine["academies"]}
    in_registry = {}
    for record in semaine["academies"]:
        section = AcademiePage.objects.get(academie__code=record["slug"])
        fiches = FichePage.objects.live().child_of(section).filter(school_year_links__school_year__code="2015-2016")
        week = PerseveranceWeek.objects.get(academie__code=record["slug"], school_year__code="2015-2016")
        highlighted = list(week.examples.select_related("fiche"))
        # Titles are stored without the transcription's ordinal markup (« 6^e » -> « 6e »).
        assert [e.fiche.title for e in highlighted] == [clean_ordinals(x["title"]) for x in record["examples"]]
        assert [e.award for e in highlighted] == [x["award"] or "" for x in record["examples"]]
        assert all(f.perseverance_week_id == week.pk for f in fiches)
        in_registry[record["academie"]] = fiches.count()
    assert in_registry == from_json
    assert in_registry == example_counts_by_academie(SEED_003)


@pytest.mark.django_db
def test_example_fiches_keep_only_what_the_seed_says(demo):
    caen = AcademiePage.objects.get(academie__code="caen")
    fiche = FichePage.objects.child_of(caen).get(title="Inventer un métier du futur")
    assert fiche.lead_structure.name == "Services académiques — Caen"
    assert fiche.lead_structure.kind == "academie_service"
    assert not fiche.themes.exists() and not fiche.dispositifs.exists() and not fiche.levels.exists()
    lyon = FichePage.objects.get(title="Actions du Collège Hector Berlioz")
    assert [c.block_type for c in lyon.programme].count("item") == 5
    amiens = FichePage.objects.get(title__startswith="La classe d'accueil et de mobilisation")
    assert [link.value["kind"] for link in amiens.links] == ["video"]
    assert link_kind("http://www.dailymotion.com/video/x4eam76") == "video"
    assert link_kind("http://podcast.ac-rouen.fr/emission.php?id=3918") == "link"
    # Fuzzy commune matches are stored, but flagged as approximate.
    biscarosse = Establishment.objects.get(commune="Biscarosse")
    assert biscarosse.commune_insee == "40046" and biscarosse.location_precision == "approximate"
    for academie in ("caen", "rouen"):
        section = AcademiePage.objects.get(academie__code=academie)
        slugs = list(FichePage.objects.child_of(section).values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs)) > 0


@pytest.mark.django_db
def test_declared_figures_are_stored_verbatim(demo, semaine):
    records = {a["slug"]: a for a in semaine["academies"]}
    weeks = {w.academie.code: w for w in PerseveranceWeek.objects.select_related("academie")}
    for code, record in records.items():
        assert weeks[code].actions_declared == record["actions_declared"]
        assert weeks[code].establishments_declared == record["establishments_declared"]
        assert weeks[code].levels == record["levels"]
    assert weeks["bordeaux"].establishments_declared["qualifier"] == "une trentaine"
    assert [f["scope"] for f in weeks["rennes"].actions_declared] == ["year", "week"]
    creteil = weeks["creteil"].establishments_declared
    assert creteil["unknown"] is True and creteil["raw"].endswith("N.C.")
    strasbourg = weeks["strasbourg"].levels
    assert [strasbourg[k] for k in ("premier_degre", "college", "lycee", "lycee_professionnel")] == [None] * 4
    assert weeks["dijon"].edition_number == 1 and weeks["aix-marseille"].edition_number is None
    assert weeks["limoges"].period_precision == "year" and weeks["limoges"].start_date is None


@pytest.mark.django_db
def test_every_live_fiche_is_found_by_the_search_service(demo):
    from search.backends import get_search_backend
    from search.lifecycle import measure_drift
    from search.params import MAX_SIZE, SearchParams

    backend = get_search_backend()
    assert [backend.name for backend in backend.members] == (["database", "elasticsearch"] if ES_URL else ["database"])
    for member in backend.members:  # each index holds every live fiche at its live revision, and nothing else
        assert measure_drift(member).clean, member.name
    fiches = FichePage.objects.live().select_related("lead_structure__academie")
    assert fiches.count() == 98
    for fiche in fiches:
        params = SearchParams(q=fiche.title, filters={"academie": [fiche.lead_structure.academie.code]}, size=MAX_SIZE)
        assert fiche.pk in [hit.id for hit in backend.search(params).hits], fiche.title


@pytest.mark.django_db
def test_the_reference_index_is_what_a_full_rebuild_makes(demo):
    def rows():
        return sorted(ReferenceIndex.objects.values_list(
            "content_type", "base_content_type", "object_id", "to_content_type", "to_object_id", "model_path",
            "content_path", "content_path_hash"))

    loaded = rows()
    call_command("rebuild_references_index", verbosity=0)
    assert loaded == rows()


@pytest.mark.django_db
def test_wagtail_search_index_holds_the_demo_fiches_and_structures_as_a_rebuild_does(demo):
    from django.contrib.contenttypes.models import ContentType

    kinds = ContentType.objects.get_for_models(FichePage, Establishment).values()

    def entries():
        return sorted((entry.content_type_id, entry.object_id, str(entry.title), str(entry.autocomplete),
                       str(entry.body)) for entry in IndexEntry.objects.filter(content_type__in=kinds))

    loaded = entries()
    assert len(loaded) == FichePage.objects.count() + Establishment.objects.count()
    call_command("update_index", verbosity=0)
    assert loaded == entries()


@pytest.mark.django_db
def test_no_structure_is_loaded_twice(demo):
    """« Services académiques — Versailles » leads two fiches named without a commune: one structure."""
    doubles = (Establishment.objects.values("name", "academie__code").annotate(n=Count("pk")).filter(n__gt=1))
    assert list(doubles) == []

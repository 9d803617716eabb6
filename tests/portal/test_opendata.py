"""Open data: every file follows the schema it names, the DCAT catalogue points at them, and a fiche
withdrawn from publication leaves the files when they are regenerated (signal, then deferred task)."""
import csv
import io
import json

import pytest
import rdflib
from django_tasks import default_task_backend
from frictionless import Resource, Schema
from jsonschema import Draft202012Validator
from rdflib.namespace import DCAT, DCTERMS, RDF

from fiches.models import PerseveranceWeek, SchoolYear
from portal.opendata import storage
from portal.opendata.datasets import ETALAB_LICENCE
from portal.opendata.fiches import version_key
from portal.opendata.tasks import regenerate_dataset
from portal.synthesis.compute import compute_synthesis
from portal.synthesis.models import SynthesisVersion
from portal.synthesis.publishing import synthesis_for
from tests import a11y, factories
from tests.indicators.stored import cell, send, year

pytestmark = pytest.mark.django_db
IDENTIFIED = "sas.students_identified"


def fig(raw, value=None, **extra):
    return {"raw": raw, "value": value, "min": None, "max": None, "qualifier": None, "scope": None, "unknown": False,
            **extra}


@pytest.fixture
def registry(django_capture_on_commit_callbacks):
    """Two published fiches and a draft, a published synthesis, reports of three establishments."""
    with django_capture_on_commit_callbacks(execute=True):
        lomet = factories.establishment("LP Antoine Lomet", "bordeaux", uai="0470018L", commune="Agen",
                                        bassin="Agen", departement="47")
        palissy = factories.establishment("LP Palissy", "bordeaux", commune="Agen", bassin="Agen", departement="47")
        lumiere = factories.establishment("LP Lumière", "lyon", commune="Lyon", bassin="Lyon", departement="69")
        kept = factories.fiche("SAS Mily", lomet, contact_name="Mme Coordinatrice", contact_email="coord@example.org")
        withdrawn = factories.fiche("Tutorat entre pairs", palissy)
        draft = factories.fiche("Brouillon", palissy, live=False)
        week = PerseveranceWeek.objects.create(
            academie=lomet.academie, school_year=SchoolYear.objects.get(code="2023-2024"),
            actions_declared=fig("Nombre d'actions identifiées : 2 à 3", None, min=2, max=3),
            establishments_declared=fig("Nombre d'établissements : N.C.", unknown=True),
            levels={"raw": "", "college": True, "lycee_professionnel": True})
        SynthesisVersion.publish(synthesis_for("2023-2024"), compute_synthesis("2023-2024"))
    period = year()
    send(lomet, period, [cell(IDENTIFIED, 40), cell(IDENTIFIED, 22, sex="F"), cell(IDENTIFIED, 18, sex="M")])
    send(palissy, period, [cell(IDENTIFIED, 30), cell(IDENTIFIED, 15, sex="F"), cell(IDENTIFIED, 15, sex="M")])
    send(lumiere, period, [cell(IDENTIFIED, 7)])
    return {"kept": kept, "withdrawn": withdrawn, "draft": draft, "week": week}


def served(client, path: str, media_type: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].split(";")[0] == media_type, path
    return b"".join(response.streaming_content) if response.streaming else response.content


def valid_csv(client, tmp_path, name: str) -> list[dict]:
    """The served CSV, validated by frictionless against the served Table Schema; its rows."""
    body = served(client, f"/donnees/{name}.csv", "text/csv")
    descriptor = json.loads(served(client, f"/donnees/{name}.tableschema.json", "application/json"))
    (tmp_path / f"{name}.csv").write_bytes(body)
    report = Resource(path=f"{name}.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def valid_jsonl(client) -> list[dict]:
    validator = Draft202012Validator(json.loads(served(client, "/donnees/fiche-1.json", "application/schema+json")))
    lines = served(client, "/donnees/fiches.jsonl", "application/jsonl").decode("utf-8").splitlines()
    documents = [json.loads(line) for line in lines]
    for document in documents:
        assert [error.message for error in validator.iter_errors(document)] == []
    return documents


def test_each_file_follows_its_schema_and_a_withdrawn_fiche_leaves_the_files(client, registry, tmp_path, settings,
                                                                               django_capture_on_commit_callbacks):
    kept, withdrawn = registry["kept"], registry["withdrawn"]
    fiches = valid_csv(client, tmp_path, "fiches")
    assert [int(row["id"]) for row in fiches] == sorted([kept.pk, withdrawn.pk]), "published fiches only"
    row = next(row for row in fiches if int(row["id"]) == kept.pk)
    assert (row["titre"], row["uai"], row["academie"], row["annees"], row["licence"]) == (
        "SAS Mily", "0470018L", "bordeaux", "2023-2024", "etalab-2.0")
    documents = valid_jsonl(client)
    assert {d["id"] for d in documents} == {kept.pk, withdrawn.pk}
    assert all(d["contact"] == {"name": None, "email": None} for d in documents), "no person in the open data"

    syntheses = valid_csv(client, tmp_path, "syntheses")
    assert [(r["annee"], r["version"], r["code"], r["actions_min"], r["actions_max"], r["etablissements_nc"])
            for r in syntheses] == [("2023-2024", "1", "bordeaux", "2", "3", "true")]

    indicators = valid_csv(client, tmp_path, "indicateurs")
    cells = {(r["academie"], r["ventilation"]): r for r in indicators}
    assert cells[("bordeaux", "")]["valeur"] == "70" and cells[("bordeaux", "sex=F")]["valeur"] == "37"
    assert (cells[("lyon", "")]["valeur"], cells[("lyon", "")]["statut"]) == ("secret statistique", "primary_secret")
    assert {r["academie"] for r in indicators} == {"bordeaux", "lyon"}, "académie level only, no national total"

    # Withdrawn: the signal enqueues the regeneration (deferred, as the database backend runs it), the
    # task regenerates the stored files, and the files no longer hold the fiche.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.unpublish()
    (queued,) = [r for r in default_task_backend.results if r.task.func is regenerate_dataset.func]
    assert queued.args[0] == "fiches" and queued.task.run_after
    assert len(valid_csv(client, tmp_path, "fiches")) == 2, "until the worker runs it, the files stay as they were"
    queued.task.call(*queued.args, **queued.kwargs)
    manifest = storage.read_manifest("fiches")
    assert manifest["count"] == 1 and manifest["version"] == json.loads(json.dumps(version_key(), default=str))
    queued.task.call(*queued.args, **queued.kwargs)
    assert storage.read_manifest("fiches") == manifest, "a task older than the files does nothing"
    assert [int(row["id"]) for row in valid_csv(client, tmp_path, "fiches")] == [kept.pk]
    assert [d["id"] for d in valid_jsonl(client)] == [kept.pk]


def test_the_dcat_catalogue_and_the_page_describe_every_file_with_its_schema_and_licence(client, registry):
    graph = rdflib.Graph().parse(data=served(client, "/donnees/catalogue.jsonld", "application/ld+json"),
                                 format="json-ld", publicID="http://testserver/donnees/")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert {str(graph.value(d, DCTERMS.identifier)) for d in datasets} == {"fiches", "syntheses", "indicateurs"}
    downloads = set()
    for dataset in datasets:
        assert graph.value(dataset, DCTERMS.license) == rdflib.URIRef(ETALAB_LICENCE)
        assert graph.value(dataset, DCTERMS.title).language == "fr"
        for distribution in graph.objects(dataset, DCAT.distribution):
            url = str(graph.value(distribution, DCAT.downloadURL))
            media_type = str(graph.value(distribution, DCAT.mediaType)).rsplit("/", 2)[-2:]
            body = served(client, url.removeprefix("http://testserver"), "/".join(media_type))
            assert int(graph.value(distribution, DCAT.byteSize)) == len(body)
            assert client.get(str(graph.value(distribution, DCTERMS.conformsTo)).removeprefix("http://testserver")).status_code == 200
            downloads.add(url.rsplit("/", 1)[-1])
    assert downloads == {"fiches.csv", "fiches.jsonl", "syntheses.csv", "indicateurs.csv"}
    service = next(graph.subjects(RDF.type, DCAT.DataService))
    assert str(graph.value(service, DCAT.endpointDescription)).endswith("/api/v1/openapi.json")

    # The page says the same to people, in French.
    page = client.get("/donnees/").content.decode()
    for text in ("Données ouvertes", "Licence Ouverte / Open Licence 2.0 (Etalab)", "Fiches actions publiées",
                 "Synthèses annuelles", "Indicateurs agrégés", "secret statistique", "Colonnes de fiches.csv",
                 'href="/donnees/fiches.csv"', 'href="/donnees/fiche-1.json"', 'href="/donnees/catalogue.jsonld"'):
        assert text in page, text
    assert a11y.problems(page) == []
    assert 'href="/donnees/"' in client.get("/academies/").content.decode(), "linked from the footer"

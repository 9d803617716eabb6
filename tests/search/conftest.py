"""Fixtures of the search tests: a small French corpus and the two backends.

Elasticsearch tests use the node at ``ACCROCHE_TEST_ES_URL`` (``make test`` sets it
and starts the node): they are skipped, with the reason, only when it is not set,
and fail when it is set but the node does not answer. Every index they create is
named ``test-<session>-…`` and deleted at the end of the session.
"""
from __future__ import annotations

import itertools
import os
import uuid
from datetime import datetime, timezone

import pytest
from elasticsearch import Elasticsearch

from fiches.models import Dispositif, Establishment, Level, TargetPublic, Theme
from search.backends.database import DatabaseSearchBackend
from search.backends.elasticsearch import ElasticsearchSearchBackend
from tests import factories

ES_URL = os.environ.get("ACCROCHE_TEST_ES_URL", "")
SESSION_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
_aliases = itertools.count(1)


@pytest.fixture(scope="session")
def es_url():
    if not ES_URL:
        pytest.skip("ACCROCHE_TEST_ES_URL n'est pas défini : pas de nœud Elasticsearch pour ces tests (make test le démarre).")
    client = Elasticsearch(ES_URL, request_timeout=5)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="30s")
    except Exception as error:  # noqa: BLE001 - any failure means the configured node is unusable
        pytest.fail(f"ACCROCHE_TEST_ES_URL={ES_URL} est défini mais Elasticsearch ne répond pas : {error}")
    yield ES_URL
    leftovers = list(client.indices.get(index=f"{SESSION_PREFIX}-*", expand_wildcards="all"))
    if leftovers:  # the node refuses wildcard deletes: name them
        client.indices.delete(index=",".join(leftovers))


@pytest.fixture
def es_backend(es_url):
    return ElasticsearchSearchBackend(es_url, f"{SESSION_PREFIX}-{next(_aliases)}")


@pytest.fixture
def db_backend(db):
    return DatabaseSearchBackend()


def _terms(model, *slugs):
    return list(model.objects.filter(slug__in=slugs))


def _when(day: int) -> datetime:
    return datetime(2024, 1, day, 12, tzinfo=timezone.utc)


@pytest.fixture
def corpus(db):
    """Seven published fiches and one draft, in Agen, Poitiers, Créteil and Lille."""
    return make_corpus()


@pytest.fixture(scope="class")
def everyday_corpus(django_db_setup, django_db_blocker):
    """The corpus plus two fiches about the MLDS (one spells it out), created once for a class of
    tests that only read (committed, then deleted with their index entries at the end of the class)."""
    with django_db_blocker.unblock():
        fiches = make_corpus()
        lead = factories.establishment("Lycée Condorcet", "lille", commune="Arras")
        fiches["mlds_spelled"] = factories.fiche(
            "Parcours de retour en formation", lead,
            summary="Avec la mission de lutte contre le décrochage scolaire du bassin.")
        fiches["mlds_short"] = factories.fiche(
            "Entretiens de situation", lead, summary="La MLDS reçoit chaque jeune sorti sans diplôme.")
        # A common word in a town's name (Nuits-Saint-Georges) and the same word in a body.
        nuits = factories.establishment("Espace Félix Tisserand", "dijon", commune="Nuits-Saint-Georges",
                                        departement="21")
        fiches["town_word"] = factories.fiche(
            "Atelier de calligraphie", nuits,
            summary="Les participants tracent des lettres à la plume, composent des affiches pour le foyer, "
                    "exposent leurs travaux au centre de documentation et présentent leur démarche au public "
                    "lors d'une exposition de fin d'année, avec un calligraphe venu de la région.")
        fiches["body_word"] = factories.fiche("Veillée contée", lead, summary="Une nuit de contes à la médiathèque.")
        # A partner of the school named in full: its two-letter acronym (ML) must find it.
        fiches["partner_spelled"] = factories.fiche(
            "Forum de l'insertion", lead, summary="Les conseillers de la mission locale rencontrent les terminales.")
    yield fiches
    with django_db_blocker.unblock():
        delete_corpus(fiches)


@pytest.fixture(scope="class")
def class_corpus(django_db_setup, django_db_blocker):
    """The corpus of :func:`corpus` created once for a class of tests (committed, then deleted with its index
    entries at the end of the class): each test runs in a transaction, so what a test adds is rolled back,
    from the database backend's index too; an Elasticsearch index a test rebuilt is rebuilt for the next
    (tests/search/test_backends.py)."""
    yield from committed_corpus(django_db_blocker)


def committed_corpus(django_db_blocker):
    """Make the corpus outside any test's transaction, give it, then delete it (a fixture's body)."""
    with django_db_blocker.unblock():
        fiches = make_corpus()
    yield fiches
    with django_db_blocker.unblock():
        delete_corpus(fiches)


def delete_corpus(fiches: dict) -> None:
    """Delete a committed corpus, its lead structures and its entries in the database backend's index."""
    leads = {page.lead_structure_id for page in fiches.values()}
    for page in fiches.values():
        page.delete()
    Establishment.objects.filter(pk__in=leads).delete()
    DatabaseSearchBackend().rebuild()


def make_corpus() -> dict:
    agen = factories.establishment("Lycée professionnel Antoine Lomet", "bordeaux", commune="Agen", departement="47",
                                   latitude=44.2031, longitude=0.6163)
    boe = factories.establishment("Collège Jean Rostand", "bordeaux", commune="Boé", departement="47",
                                  latitude=44.1600, longitude=0.6290)
    poitiers = factories.establishment("Lycée Camille Guérin", "poitiers", commune="Poitiers",
                                       latitude=46.5802, longitude=0.3404)
    creteil = factories.establishment("CIO de Créteil", "creteil", commune="Créteil",
                                      latitude=48.7904, longitude=2.4556)
    lille = factories.establishment("Collège Verlaine", "lille", commune="Lille",
                                    latitude=50.6292, longitude=3.0573)

    def make(key, title, lead, day, *, levels=(), themes=(), dispositifs=(), publics=(), year="2023-2024", **fields):
        page = factories.fiche(title, lead, school_year=year, first_published_at=_when(day), **fields)
        page.levels.set(_terms(Level, *levels))
        page.themes.set(_terms(Theme, *themes))
        page.dispositifs.set(_terms(Dispositif, *dispositifs))
        page.publics.set(_terms(TargetPublic, *publics))
        page.save_revision().publish()
        page.refresh_from_db()
        return key, page

    fiches = dict([
        make("sas", "SAS MILY : un sas de remobilisation", agen, 1,
             summary="Ateliers de remobilisation pour des élèves en risque de décrochage du lycée professionnel.",
             levels=["lycee-professionnel"], themes=["prevention"], dispositifs=["sas", "atelier"],
             publics=["risque-decrochage"]),
        make("metier", "Découverte professionnelle au collège", boe, 2,
             summary="Chaque élève explore un métier avec un professionnel et présente son métier à la classe. "
                     "La confiance se construit : confiance en soi, confiance dans l'adulte, confiance du groupe.",
             levels=["college"], themes=["prevention"], dispositifs=["partenariat"], publics=["tous-eleves"]),
        make("evaluer", "Évaluer les acquis des élèves décrocheurs", poitiers, 3,
             summary="Des grilles d'évaluation par compétences pour le micro-lycée.",
             levels=["lycee"], themes=["remediation"], dispositifs=["micro-lycee"], publics=["decroches"],
             year="2022-2023"),
        make("tutorat_title", "Tutorat entre pairs", creteil, 4,
             summary="Des lycéens accompagnent des collégiens chaque semaine.",
             levels=["college", "lycee"], themes=["prevention"], dispositifs=["tutorat"], publics=["tous-eleves"]),
        make("tutorat_body", "Accompagnement personnalisé renforcé", creteil, 5,
             summary="Un adulte référent suit chaque élève ; un tutorat est proposé aux volontaires.",
             levels=["lycee"], themes=["intervention"], dispositifs=["partenariat"], publics=["risque-decrochage"]),
        make("markup", "Semaine de la persévérance au collège", lille, 6,
             summary="<script>alert('x')</script> Forum des métiers et rencontres avec les parents.",
             levels=["college"], themes=["prevention"], dispositifs=["evenement"], publics=["parents"]),
        make("cps", "Atelier CPS : compétences psychosociales", agen, 7,
             summary="Groupes de 8 à 9 élèves pour travailler la confiance en soi.",
             levels=["lycee-professionnel"], themes=["prevention"], dispositifs=["atelier"],
             publics=["risque-decrochage"]),
    ])
    fiches["draft"] = factories.fiche("Brouillon sur le tutorat", agen, live=False, summary="tutorat métier")
    return fiches

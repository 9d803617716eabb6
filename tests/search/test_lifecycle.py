"""Index lifecycle: signals and tasks, alias swap, drift check and repair."""
import pytest
from django.core.management import CommandError, call_command

from search.backends import get_search_backend
from search.documents import TWO_SHARDS_FROM, make_index
from search.lifecycle import measure_drift, repair
from search.models import FicheSearchEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_publish_unpublish_delete_follow_the_database_index(corpus):
    page = corpus["draft"]
    assert not FicheSearchEntry.objects.filter(pk=page.pk).exists()
    page.save_revision().publish()
    page.refresh_from_db()
    assert FicheSearchEntry.objects.filter(pk=page.pk).exists()
    page.unpublish()
    assert not FicheSearchEntry.objects.filter(pk=page.pk).exists()
    live = corpus["sas"]
    live.delete()
    assert not FicheSearchEntry.objects.filter(pk=live.pk).exists()


def test_command_check_and_repair_database(corpus, capsys):
    FicheSearchEntry.objects.filter(pk=corpus["sas"].pk).delete()
    FicheSearchEntry.objects.filter(pk=corpus["cps"].pk).update(revision_id=None)
    with pytest.raises(CommandError):
        call_command("search_index", "--check")
    out = capsys.readouterr().out
    assert "manquantes : 1" in out and "périmées : 1" in out
    call_command("search_index", "--repair")
    call_command("search_index", "--check")
    assert "à jour" in capsys.readouterr().out


@pytest.mark.es
class TestElasticsearchLifecycle:
    @pytest.fixture
    def es_settings(self, settings, es_backend):
        settings.ELASTICSEARCH_URL = es_backend.client.transport.node_pool.get().base_url
        settings.ELASTICSEARCH_INDEX = es_backend.alias
        return es_backend

    def test_signals_update_the_index(self, corpus, es_settings):
        es = es_settings
        es.rebuild()
        page = corpus["draft"]
        page.save_revision().publish()
        page.refresh_from_db()
        assert page.pk in es.indexed_revisions()
        page.unpublish()
        assert page.pk not in es.indexed_revisions()
        live = corpus["sas"]
        live.delete()
        assert live.pk not in es.indexed_revisions()
        assert measure_drift(es).clean

    def test_rebuild_swaps_the_alias_and_deletes_the_old_index(self, corpus, es_backend):
        es_backend.rebuild()
        first = list(es_backend.client.indices.get_alias(name=es_backend.alias))
        steps = []
        assert es_backend.rebuild(lambda done, total: steps.append((done, total))) == 7
        second = list(es_backend.client.indices.get_alias(name=es_backend.alias))
        assert len(first) == len(second) == 1 and first != second
        assert not es_backend.client.indices.exists(index=first[0])
        assert steps[-1] == (7, 7)
        assert es_backend.count_indexed() == 7

    def test_a_rebuild_that_fails_deletes_the_index_it_created(self, corpus, es_backend, monkeypatch):
        """Each failed rebuild (a timeout on a busy node, a worker stopped) left its new index, which no later
        rebuild deletes: seen piling up on the deployed portal after edits of the vocabulary."""
        es_backend.rebuild()
        current = list(es_backend.client.indices.get_alias(name=es_backend.alias))

        def documents_then_a_failure():
            raise RuntimeError("la base ne répond plus")
            yield

        monkeypatch.setattr("search.document_data.iter_documents", documents_then_a_failure)
        with pytest.raises(RuntimeError):
            es_backend.rebuild()
        assert list(es_backend.client.indices.get(index=f"{es_backend.alias}-*")) == current
        assert es_backend.count_indexed() == 7

    def test_merge_segments_leaves_one_segment_per_shard(self, db, es_backend):
        index = es_backend.create_versioned_index()
        for n in (1, 2):  # one refresh each: two segments
            es_backend.client.index(index=index, id=str(n), document={"title": f"fiche {n}"}, refresh=True)

        def segments():
            shards = es_backend.client.indices.segments(index=index)["indices"][index]["shards"]
            return [len(copy["segments"]) for copies in shards.values() for copy in copies]

        assert segments() == [2]
        es_backend.merge_segments(index)
        assert segments() == [1]
        es_backend.client.indices.delete(index=index)

    def test_drift_check_and_repair(self, corpus, es_backend):
        es_backend.rebuild()
        es_backend.remove_fiche(corpus["sas"].pk)
        stale = corpus["cps"]
        stale.title = "Atelier CPS renouvelé"
        stale.save_revision().publish()  # the signal indexes the database backend only
        es_backend.client.index(index=es_backend.alias, id="999999999", document={"title": "orpheline", "revision_id": 1})
        drift = measure_drift(es_backend)
        assert (drift.missing, drift.stale, drift.orphans) == ([corpus["sas"].pk], [stale.pk], [999999999])
        repair(es_backend, drift)
        assert measure_drift(es_backend).clean

    def test_command_rebuild_shows_progress(self, corpus, es_settings, capsys):
        call_command("search_index", "--rebuild")
        out = capsys.readouterr().out
        assert "7/7" in out and "elasticsearch" in out and "database" in out
        assert get_search_backend().count_indexed() == 7


def test_index_task_retries_a_bounded_number_of_times(corpus, monkeypatch, caplog):
    from search import tasks
    from search.backends import SearchUnavailable
    from search.backends.database import DatabaseSearchBackend

    calls = []

    def unavailable(self, fiche_id):
        calls.append(fiche_id)
        raise SearchUnavailable("nœud arrêté")

    monkeypatch.setattr(DatabaseSearchBackend, "index_fiche", unavailable)
    tasks.index_fiche.enqueue(corpus["sas"].pk)
    assert calls == [corpus["sas"].pk] * tasks.MAX_ATTEMPTS
    assert "search_index --repair" in caplog.text


def test_plugins_enrich_the_document(corpus):
    from plugins import hookimpl
    from plugins.manager import get_plugin_manager
    from search.document_data import document_for

    class Plugin:
        @hookimpl
        def enrich_search_document(self, fiche, document):
            return {"body": document["body"] + " cartable numérique", "sas_campaign": 2024}

    manager = get_plugin_manager()
    manager.register(Plugin(), name="test-enrich")
    try:
        document = document_for(corpus["sas"].pk)
        get_search_backend().index_document(document)
    finally:
        manager.unregister(name="test-enrich")
    assert document["sas_campaign"] == 2024
    assert "cartable" in FicheSearchEntry.objects.get(pk=corpus["sas"].pk).body


@pytest.mark.django_db
def test_moving_a_lead_structure_updates_its_fiches_entries():
    lead = factories.establishment("Lycée de Bayeux", "normandie", commune="Bayeux", latitude=49.276, longitude=-0.703)
    fiche = factories.fiche("Micro-lycée de Bayeux", lead)
    assert FicheSearchEntry.objects.get(pk=fiche.pk).lat == pytest.approx(49.276)
    lead.latitude, lead.longitude = 49.18, -0.37
    lead.save()
    entry = FicheSearchEntry.objects.get(pk=fiche.pk)
    assert (entry.lat, entry.lon) == (pytest.approx(49.18), pytest.approx(-0.37))


def test_an_index_for_many_fiches_gets_two_shards():
    def shards(documents):
        return make_index("fiches-test", documents=documents).to_dict()["settings"]["number_of_shards"]

    assert (shards(0), shards(TWO_SHARDS_FROM - 1), shards(TWO_SHARDS_FROM)) == (1, 1, 2)


@pytest.mark.django_db
def test_an_extract_without_the_querys_words_starts_with_what_the_fiche_says_not_its_places():
    """A result's extract begins where the body does when the query's words are in the title alone; it read
    « Fontanil-Cornillon Lycée professionnel Dolto Fontanil-Cornillon L'objectif… » when the names of the fiche's
    places came first in its body."""
    from search.params import SearchParams

    lead = factories.establishment("Lycée professionnel Dolto", "grenoble", commune="Fontanil-Cornillon")
    fiche = factories.fiche("Vigie numérique", lead, location_text="Fontanil-Cornillon", duration_text="Toute l'année",
                            programme=[("paragraph", "<p>L'objectif est de repérer tôt les absences répétées.</p>")])
    get_search_backend().index_fiche(fiche.pk)
    hit = next(hit for hit in get_search_backend().search(SearchParams(q="vigie")).hits if hit.id == fiche.pk)
    assert str(hit.highlight).startswith("L&#x27;objectif est de repérer"), hit.highlight

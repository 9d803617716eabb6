"""Index updates held back while a loader writes many objects, then made once per object.

Every save of a page or a structure enqueues Wagtail's reference-index update and Wagtail's search-index
update, and every publication the fiche search service's update: a page is saved three times when it is
created and published, so the demo's 98 fiches cost 1,366 tasks, run one by one where tasks run at once
(development, tests) and left to the worker in production. Wagtail can switch off its reference-index
updates (:func:`wagtail.signal_handlers.disable_reference_index_auto_update`) but has no such switch for
its search index, whose signal handler always enqueues; the fiche search service holds its own back
(:func:`search.signals.index_updates_held_back`). Within :func:`indexing_deferred`, the objects saved are
noted, and when the block ends each one is indexed once, from what it is then: its references, its
Wagtail search entry (one bulk write per model) and, for fiches, the search service's documents (one bulk
write per index, Elasticsearch included when configured).

For management commands and test set-up only: Wagtail's search-index handler is disconnected for the
whole process during the block (the saves of other threads are noted and indexed at the end too).
"""
from __future__ import annotations

import logging
from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from modelsearch import signal_handlers as wagtail_search_signals
from modelsearch.backends import get_search_backends
from modelsearch.index import get_indexed_models
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from search.signals import index_updates_held_back

logger = logging.getLogger(__name__)
SAVE_UID = "bulk-indexing-saved"
DELETE_UID = "bulk-indexing-deleted"


@contextmanager
def indexing_deferred():
    """Hold back the reference-index, Wagtail search-index and fiche search updates of the block; make them
    once per saved object when it ends (not when its transaction is to be rolled back)."""
    saved: dict[type, set] = defaultdict(set)

    def note_save(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    post_save.connect(note_save, weak=False, dispatch_uid=SAVE_UID)
    # For each model (a receiver of every model's deletions would deprive them all of Django's fast delete).
    for model in ReferenceIndex.tracked_models:
        post_delete.connect(_remove_references, sender=model, dispatch_uid=DELETE_UID)
    try:
        with index_updates_held_back(), disable_reference_index_auto_update(), _wagtail_search_paused():
            yield
    finally:
        post_save.disconnect(dispatch_uid=SAVE_UID)
        for model in ReferenceIndex.tracked_models:
            post_delete.disconnect(sender=model, dispatch_uid=DELETE_UID)
        if not transaction.get_connection().needs_rollback:
            with transaction.atomic():
                _index_references(saved)
                _index_wagtail_search(saved)


@contextmanager
def _wagtail_search_paused():
    models = [model for model in get_indexed_models() if getattr(model, "search_auto_update", True)]
    paused = [model for model in models
              if post_save.disconnect(wagtail_search_signals.post_save_signal_handler, sender=model)]
    try:
        yield
    finally:
        for model in paused:
            post_save.connect(wagtail_search_signals.post_save_signal_handler, sender=model)


def _remove_references(sender, instance, **kwargs):
    """What Wagtail does when an object is deleted, which its switch turns off too (not deferred: the
    object is gone at the end)."""
    ReferenceIndex.remove_for_object(instance)
    ReferenceIndex.remove_references_to(instance)


def _index_references(saved: dict[type, set]) -> None:
    """As :func:`wagtail.tasks.update_reference_index_task` for each saved object: a child object (by its
    ``ParentalKey``) is indexed through its parent."""
    sources = defaultdict(set)
    for model, pks in saved.items():
        if model not in ReferenceIndex.tracked_models:
            continue
        while parental_key := next((f for f in model._meta.get_fields() if isinstance(f, ParentalKey)), None):
            pks = set(model.objects.filter(pk__in=pks).values_list(parental_key.attname, flat=True)) - {None}
            model = parental_key.related_model
        sources[model] |= pks
    for model, pks in sources.items():
        if ReferenceIndex.is_indexed(model):
            for instance in model.objects.filter(pk__in=pks):
                ReferenceIndex.create_or_update_for_object(instance)


def _index_wagtail_search(saved: dict[type, set]) -> None:
    """As :func:`modelsearch.index.insert_or_update_object` for each saved object, one bulk write per model."""
    indexed = set(get_indexed_models())
    for model, pks in saved.items():
        if model not in indexed or not getattr(model, "search_auto_update", True):
            continue
        by_model = defaultdict(dict)  # a page is indexed as its specific page
        for instance in model.objects.filter(pk__in=pks):
            if (indexed_instance := instance.get_indexed_instance()) is not None:
                by_model[type(indexed_instance)][indexed_instance.pk] = indexed_instance
        for indexed_model, instances in by_model.items():
            kept = indexed_model.get_indexed_objects().filter(pk__in=instances).values_list("pk", flat=True)
            instances = [instances[pk] for pk in sorted(kept)]
            for backend in get_search_backends(with_auto_update=True):
                try:
                    backend.add_bulk(indexed_model, instances)
                except Exception:
                    logger.exception("Index de recherche de Wagtail : %s non indexés.", indexed_model.__name__)
                    if not backend.catch_indexing_errors:
                        raise

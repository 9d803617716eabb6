"""Publication signals of fiches and edits of the vocabulary -> background index updates (connected in SearchConfig.ready)."""
from contextlib import contextmanager

from asgiref.local import Local
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from . import tasks
from .lifecycle import reindex
from .vocabulary import forget_vocabulary

_held = Local()


@contextmanager
def index_updates_held_back():
    """Within the block (in this thread) a changed fiche enqueues no task: the fiches changed are gathered,
    then indexed together when the block ends (:func:`search.lifecycle.reindex`, one bulk write per index),
    unless its transaction is to be rolled back. For loaders that publish many fiches at once."""
    _held.fiche_ids = fiche_ids = set()
    try:
        yield
    finally:
        del _held.fiche_ids
        if not transaction.get_connection().needs_rollback:
            reindex(fiche_ids)


def _index_later(fiche_id: int, task=tasks.index_fiche) -> None:
    held = getattr(_held, "fiche_ids", None)
    if held is None:
        task.enqueue(fiche_id)
    else:
        held.add(fiche_id)


def fiche_changed(sender, instance, **kwargs):
    _index_later(instance.pk)


def fiche_deleted(sender, instance, **kwargs):
    _index_later(instance.pk, tasks.remove_fiche)


def establishment_changed(sender, instance, created=False, **kwargs):
    """A moved or renamed lead structure changes its live fiches' documents (position, commune)."""
    if created:
        return
    for fiche_id in instance.led_fiches.live().values_list("pk", flat=True):
        _index_later(fiche_id)


def vocabulary_changed(sender, **kwargs):
    """An edited vocabulary: this process forgets its copy, indices holding it are rebuilt."""
    forget_vocabulary()
    tasks.vocabulary_changed.enqueue()


def connect():
    from fiches.models import Establishment, FichePage

    from .models import SearchSynonym

    post_save.connect(vocabulary_changed, sender=SearchSynonym, dispatch_uid="search-vocabulary-saved")
    post_delete.connect(vocabulary_changed, sender=SearchSynonym, dispatch_uid="search-vocabulary-deleted")

    page_published.connect(fiche_changed, sender=FichePage, dispatch_uid="search-fiche-published")
    page_unpublished.connect(fiche_changed, sender=FichePage, dispatch_uid="search-fiche-unpublished")
    post_delete.connect(fiche_deleted, sender=FichePage, dispatch_uid="search-fiche-deleted")
    post_save.connect(establishment_changed, sender=Establishment, dispatch_uid="search-establishment-changed")

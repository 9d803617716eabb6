"""Publication signals of fiches and edits of the vocabulary -> background index updates (connected in SearchConfig.ready)."""
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from . import tasks
from .vocabulary import forget_vocabulary


def fiche_changed(sender, instance, **kwargs):
    tasks.index_fiche.enqueue(instance.pk)


def fiche_deleted(sender, instance, **kwargs):
    tasks.remove_fiche.enqueue(instance.pk)


def establishment_changed(sender, instance, created=False, **kwargs):
    """A moved or renamed lead structure changes its live fiches' documents (position, commune)."""
    if created:
        return
    for fiche_id in instance.led_fiches.live().values_list("pk", flat=True):
        tasks.index_fiche.enqueue(fiche_id)


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

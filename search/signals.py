"""Publication signals of fiches -> background index updates (connected in SearchConfig.ready)."""
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from . import tasks


def fiche_changed(sender, instance, **kwargs):
    tasks.index_fiche.enqueue(instance.pk)


def fiche_deleted(sender, instance, **kwargs):
    tasks.remove_fiche.enqueue(instance.pk)


def connect():
    from fiches.models import FichePage

    page_published.connect(fiche_changed, sender=FichePage, dispatch_uid="search-fiche-published")
    page_unpublished.connect(fiche_changed, sender=FichePage, dispatch_uid="search-fiche-unpublished")
    post_delete.connect(fiche_deleted, sender=FichePage, dispatch_uid="search-fiche-deleted")

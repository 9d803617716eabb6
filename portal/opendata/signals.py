"""Publication signals -> regeneration of the open data files (connected in OpenDataConfig.ready).

The task is enqueued once the transaction commits (a rolled-back change regenerates nothing) and
carries the moment of the change: a task finding the files generated since then does nothing, so a
bulk publication (``load_demo``, an import) regenerates them once.
"""
from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from . import tasks


def regenerate_after_commit(kind: str) -> None:
    transaction.on_commit(partial(tasks.regenerate_dataset.enqueue, kind, timezone.now().isoformat()))


def fiche_changed(sender, instance, **kwargs):
    regenerate_after_commit("fiches")


def synthesis_published(sender, instance, created=False, **kwargs):
    if created:
        regenerate_after_commit("syntheses")


def connect():
    from fiches.models import FichePage
    from portal.synthesis.models import SynthesisVersion

    page_published.connect(fiche_changed, sender=FichePage, dispatch_uid="opendata-fiche-published")
    page_unpublished.connect(fiche_changed, sender=FichePage, dispatch_uid="opendata-fiche-unpublished")
    post_delete.connect(fiche_changed, sender=FichePage, dispatch_uid="opendata-fiche-deleted")
    post_save.connect(synthesis_published, sender=SynthesisVersion, dispatch_uid="opendata-synthesis-published")

"""Publications (fiche, synthesis) and received reports -> background regeneration of the open data files (connected in OpenDataConfig.ready).

Once the transaction commits, the task is enqueued to run ``DELAY`` later, with the moment of the
change: the first task of a burst of publications regenerates the files, the others find them made
after their change and do nothing. A task backend that cannot defer runs tasks inside the request
(ImmediateBackend: development, tests); there nothing is enqueued, and the next read of the files
regenerates them (:func:`.served.current` compares the data versions), so that a bulk publication
such as ``load_demo`` does not rebuild them at every commit.
"""
from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from . import tasks

DELAY = timedelta(seconds=30)


def enqueue_regeneration(kind: str, changed_at) -> None:
    task = tasks.regenerate_dataset
    if task.get_backend().supports_defer:
        task.using(run_after=changed_at + DELAY).enqueue(kind, changed_at.isoformat())


def regenerate_after_commit(kind: str) -> None:
    transaction.on_commit(partial(enqueue_regeneration, kind, timezone.now()))


def fiche_changed(sender, instance, **kwargs):
    regenerate_after_commit("fiches")


def synthesis_published(sender, instance, created=False, **kwargs):
    if created:
        regenerate_after_commit("syntheses")


def report_received(sender, instance, created=False, **kwargs):
    if created:
        regenerate_after_commit("indicateurs")


def connect():
    from fiches.models import FichePage
    from portal.indicators.models import ReceivedReport
    from portal.synthesis.models import SynthesisVersion

    page_published.connect(fiche_changed, sender=FichePage, dispatch_uid="opendata-fiche-published")
    page_unpublished.connect(fiche_changed, sender=FichePage, dispatch_uid="opendata-fiche-unpublished")
    post_delete.connect(fiche_changed, sender=FichePage, dispatch_uid="opendata-fiche-deleted")
    post_save.connect(synthesis_published, sender=SynthesisVersion, dispatch_uid="opendata-synthesis-published")
    post_save.connect(report_received, sender=ReceivedReport, dispatch_uid="opendata-report-received")

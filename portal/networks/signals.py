"""A fiche's networks decide who sees a network-only fiche: when they change, its search documents follow;
a report received changes its académie's and networks' dashboards: they are computed beforehand.

An establishment joining or leaving a network, or a fiche tagged or untagged, re-indexes the live
fiches concerned (their ``audience`` tokens, see fiches.visibility), through the search tasks.

Once a report's transaction commits, a warming task per dashboard it changed is enqueued to run ``DELAY``
later, as the open data regeneration is (portal.opendata.signals): the first task of a burst of reports
computes the dashboard for all of them, the others find it in the cache and do nothing. A task backend
that cannot defer (ImmediateBackend: development, tests) would compute it inside the ingest request:
there nothing is enqueued, and the first visitor computes it.
"""
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from fiches.models import Establishment, FichePage
from portal.indicators.models import ReceivedReport
from search import tasks

from . import tasks as network_tasks
from .models import Network, NetworkEstablishment, NetworkFiche

DELAY = timedelta(seconds=30)


def establishment_link_changed(sender, instance, **kwargs):
    for fiche_id in FichePage.objects.live().filter(lead_structure_id=instance.establishment_id).values_list("pk", flat=True):
        tasks.index_fiche.enqueue(fiche_id)


def fiche_tag_changed(sender, instance, **kwargs):
    tasks.index_fiche.enqueue(instance.fiche_id)


def enqueue_warming(establishment_id: int, received_at) -> None:
    task = network_tasks.warm_dashboard
    if not task.get_backend().supports_defer:
        return
    later = task.using(run_after=received_at + DELAY)
    for code in Establishment.objects.filter(pk=establishment_id, academie__isnull=False).values_list(
            "academie__code", flat=True):
        later.enqueue("academie", code)
    for slug in Network.objects.filter(establishment_links__establishment_id=establishment_id).values_list(
            "slug", flat=True):
        later.enqueue("network", slug)


def report_received(sender, instance, created=False, **kwargs):
    if created:
        transaction.on_commit(partial(enqueue_warming, instance.establishment_id, timezone.now()))


def connect():
    post_save.connect(report_received, sender=ReceivedReport, dispatch_uid="networks-report-received")
    for signal in (post_save, post_delete):
        signal.connect(establishment_link_changed, sender=NetworkEstablishment,
                       dispatch_uid=f"networks-establishment-link-{signal is post_save}")
        signal.connect(fiche_tag_changed, sender=NetworkFiche, dispatch_uid=f"networks-fiche-tag-{signal is post_save}")

"""A fiche's networks decide who sees a network-only fiche: when they change, its search documents follow.

An establishment joining or leaving a network, or a fiche tagged or untagged, re-indexes the live
fiches concerned (their ``audience`` tokens, see fiches.visibility), through the search tasks.
"""
from django.db.models.signals import post_delete, post_save

from fiches.models import FichePage
from search import tasks

from .models import NetworkEstablishment, NetworkFiche


def establishment_link_changed(sender, instance, **kwargs):
    for fiche_id in FichePage.objects.live().filter(lead_structure_id=instance.establishment_id).values_list("pk", flat=True):
        tasks.index_fiche.enqueue(fiche_id)


def fiche_tag_changed(sender, instance, **kwargs):
    tasks.index_fiche.enqueue(instance.fiche_id)


def connect():
    for signal in (post_save, post_delete):
        signal.connect(establishment_link_changed, sender=NetworkEstablishment,
                       dispatch_uid=f"networks-establishment-link-{signal is post_save}")
        signal.connect(fiche_tag_changed, sender=NetworkFiche, dispatch_uid=f"networks-fiche-tag-{signal is post_save}")

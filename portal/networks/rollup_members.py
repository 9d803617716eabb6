"""A network's membership changes reach the indicators' pre-aggregated roll-ups: an establishment's
current figures join (or leave) the network's rows when it joins (or leaves) the network.

``QuerySet.bulk_create`` and ``QuerySet.delete`` of memberships send no per-row signal (the demo
uses ``get_or_create``, the coordination's screens save and delete one link at a time); after such
bulk writes, ``manage.py rebuild_rollup_totals`` recomputes the table."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.indicators import rollup_totals

from .models import NetworkEstablishment


@receiver(post_save, sender=NetworkEstablishment, dispatch_uid="networks_rollup_member_joined")
def _joined(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        rollup_totals.member_joined(instance.network_id, instance.establishment_id)


@receiver(post_delete, sender=NetworkEstablishment, dispatch_uid="networks_rollup_member_left")
def _left(sender, instance, **kwargs):
    rollup_totals.member_left(instance.network_id, instance.establishment_id)

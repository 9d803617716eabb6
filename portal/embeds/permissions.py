"""Who registers widgets: a network's coordination (and its académie's moderators, see
``portal.networks.permissions``) for its network, an académie's moderators and administrators
for their académie, superusers for all."""
from __future__ import annotations

from fiches.models import Academie
from fiches.roles import administered_academie_ids, moderated_academie_ids
from portal.networks.models import Network
from portal.networks.permissions import managed_network_ids


def managed_academie_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Academie.objects.values_list("pk", flat=True))
    return moderated_academie_ids(user) | administered_academie_ids(user)


def manageable_networks(user):
    return Network.objects.filter(pk__in=managed_network_ids(user))


def can_register(user) -> bool:
    return bool(managed_network_ids(user) or managed_academie_ids(user))



def can_manage(user, widget) -> bool:
    """A network's widget is its managers'; an académie-only widget its académie's."""
    if widget.network_id:
        return widget.network_id in managed_network_ids(user)
    return widget.academie_id in managed_academie_ids(user)

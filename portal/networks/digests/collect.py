"""What is new for a batch of follows, in a fixed number of queries whatever the batch size.

For a batch, the fiches published and the events created or cancelled since the oldest cursor of the batch
are read once; each follow then keeps, in memory, those of its target published after its own
cursor. A saved search is asked once to the search service per distinct query, not per follower, for
every match published since that oldest cursor (as many result pages as that takes).
Each follower gets only the fiches they may see (fiches.visibility): the batch's fiches carry their
tokens, and a follower's audience is worked out only when the batch holds a fiche that is not public.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from fiches.listing import published_fiches
from fiches.models import AcademiePage
from fiches.visibility import EVERYONE, PUBLIC_AUDIENCE, PUBLIC_TOKEN, tokens_of
from portal.accounts.models import Membership

from ..audience import audience_for
from ..models import Event, Follow, NetworkEstablishment, NetworkFiche, NetworkPerson
from ..searches import fiche_ids_published_after

MAX_ITEMS = 20  # per followed thing in one e-mail; the e-mail links to the rest


@dataclass
class Section:
    follow: Follow
    fiches: list = field(default_factory=list)
    events: list = field(default_factory=list)
    more_fiches: int = 0


class NewsIndex:
    """New fiches and events of one batch, indexed by network, académie and saved search."""

    def __init__(self, follows: list[Follow], until):
        self.until = until
        since = min(follow.last_digest_at for follow in follows)
        fiches = list(
            published_fiches(EVERYONE).filter(first_published_at__gt=since, first_published_at__lte=until)
            .prefetch_related("lead_structure__network_links", "network_tags")
            .order_by("-first_published_at", "-pk")
        )
        self.fiches = fiches
        self.tokens = {fiche.pk: tokens_of(fiche) for fiche in fiches}
        self.all_public = all(PUBLIC_TOKEN in tokens for tokens in self.tokens.values())
        self.audiences = {}
        network_ids = {f.network_id for f in follows if f.network_id}
        academie_ids = {f.academie_id for f in follows if f.academie_id}
        self.fiches_by_network = self._fiches_by_network(fiches, network_ids)
        self.fiches_by_academie = self._fiches_by_academie(fiches, academie_ids)
        self.events = list(
            Event.objects.filter(Q(created_at__gt=since, created_at__lte=until)
                                 | Q(cancelled_at__gt=since, cancelled_at__lte=until))
            .filter(Q(network_id__in=network_ids) | Q(network__academie_id__in=academie_ids))
            .select_related("network").order_by("starts_at")
        )
        self.member_networks = self._member_networks({f.user_id for f in follows})
        new_ids = {fiche.pk for fiche in fiches}
        fiche_by_id = {fiche.pk: fiche for fiche in fiches}
        self.fiches_by_search = {}
        for query in {f.search_query for f in follows if f.search_query}:
            found = ([fiche_by_id[pk] for pk in fiche_ids_published_after(query, since, EVERYONE) if pk in new_ids]
                     if new_ids else [])
            self.fiches_by_search[query] = found

    @staticmethod
    def _fiches_by_network(fiches, network_ids) -> dict[int, list]:
        if not network_ids or not fiches:
            return {}
        networks_of_establishment = defaultdict(set)
        for network_id, establishment_id in NetworkEstablishment.objects.filter(
                network_id__in=network_ids).values_list("network_id", "establishment_id"):
            networks_of_establishment[establishment_id].add(network_id)
        tagged = defaultdict(set)
        for network_id, fiche_id in NetworkFiche.objects.filter(
                network_id__in=network_ids, fiche_id__in=[f.pk for f in fiches]).values_list("network_id", "fiche_id"):
            tagged[fiche_id].add(network_id)
        result = defaultdict(list)
        for fiche in fiches:
            for network_id in networks_of_establishment.get(fiche.lead_structure_id, set()) | tagged.get(fiche.pk, set()):
                result[network_id].append(fiche)
        return result

    @staticmethod
    def _fiches_by_academie(fiches, academie_ids) -> dict[int, list]:
        if not academie_ids or not fiches:
            return {}
        sections = dict(AcademiePage.objects.filter(academie_id__in=academie_ids).values_list("path", "academie_id"))
        result = defaultdict(list)
        for fiche in fiches:
            for path, academie_id in sections.items():
                if fiche.path.startswith(path):
                    result[academie_id].append(fiche)
        return result

    @staticmethod
    def _member_networks(user_ids) -> dict[int, set[int]]:
        """Networks each user is a member of (see permissions.member_network_ids), for the whole batch."""
        members = defaultdict(set)
        for user_id, network_id in NetworkPerson.objects.filter(user_id__in=user_ids).values_list("user_id", "network_id"):
            members[user_id].add(network_id)
        editors = defaultdict(set)
        for user_id, establishment_id in Membership.objects.filter(
                user_id__in=user_ids, role=Membership.Role.EDITOR).values_list("user_id", "establishment_id"):
            editors[establishment_id].add(user_id)
        for establishment_id, network_id in NetworkEstablishment.objects.filter(
                establishment_id__in=editors).values_list("establishment_id", "network_id"):
            for user_id in editors[establishment_id]:
                members[user_id].add(network_id)
        return members

    def audience(self, user):
        """What ``user`` may see; not asked when every fiche of the batch is public."""
        if self.all_public:
            return PUBLIC_AUDIENCE
        if user.pk not in self.audiences:
            self.audiences[user.pk] = audience_for(user)
        return self.audiences[user.pk]

    def section(self, follow: Follow, user) -> Section:
        """What is new for ``follow`` after its cursor, as its user may see it."""
        if follow.network_id:
            fiches = self.fiches_by_network.get(follow.network_id, [])
            events = [e for e in self.events if e.network_id == follow.network_id]
        elif follow.academie_id:
            fiches = self.fiches_by_academie.get(follow.academie_id, [])
            events = [e for e in self.events if e.network.academie_id == follow.academie_id]
        else:
            fiches, events = self.fiches_by_search.get(follow.search_query, []), []
        cursor = follow.last_digest_at
        audience = self.audience(user)
        fiches = [fiche for fiche in fiches
                  if fiche.first_published_at > cursor and audience.sees(self.tokens[fiche.pk])]
        member_of = self.member_networks.get(user.pk, set())
        events = [e for e in events if (e.created_at > cursor or (e.is_cancelled and e.cancelled_at > cursor))
                  and (e.is_public or user.is_superuser or e.network_id in member_of)]
        return Section(follow, fiches[:MAX_ITEMS], events[:MAX_ITEMS], max(0, len(fiches) - MAX_ITEMS))

"""Who may see a published fiche: the visibility levels and the one rule every surface applies.

A fiche is *public*, visible to the members of its networks (*network*), or to its académie
only (*academie*). The rule is :data:`GRANTS`: for each level, the kinds of ties to the fiche
that open it. A visitor is described by an :class:`Audience` (plain data, worked out by the
portal, which knows networks and memberships: ``portal.audience``); this module never asks
who the visitor is.

The rule is applied three ways, all derived from :data:`GRANTS`:

- as *tokens*: a fiche carries the tokens that open it (:func:`fiche_tokens`, stored in the
  search documents of both backends), a visitor holds tokens (:attr:`Audience.tokens`), and the
  fiche is visible when they share one (:meth:`Audience.sees`);
- as a filter on ``FichePage`` querysets (:func:`visible_q`, used by :func:`fiches.listing.published_fiches`);
- on one fiche in Python (:func:`can_see`).

Ties: ``network`` — the fiche's networks (those of its lead structure and those that tagged it)
among the visitor's; ``academie`` — the visitor is attached to the fiche's académie (académie role,
or editor in one of its establishments); ``moderation`` — the visitor moderates or administers
that académie; ``establishment`` — the visitor edits for the lead structure. Superusers see all
(:attr:`Audience.sees_all`, token ``all`` that every fiche carries).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Publique")
    NETWORK = "network", _("Membres des réseaux de la fiche")
    ACADEMIE = "academie", _("Personnels de l'académie seulement")


#: The rule: which ties to a fiche open each level (besides ``all``, a superuser's).
GRANTS: dict[str, tuple[str, ...]] = {
    Visibility.PUBLIC: ("public",),
    Visibility.NETWORK: ("network", "moderation", "establishment"),
    Visibility.ACADEMIE: ("academie", "moderation", "establishment"),
}
#: Each tie and the :class:`Audience` field that holds the visitor's values of it.
AUDIENCE_FIELDS = {"network": "network_ids", "academie": "academie_codes",
                   "moderation": "moderated_academie_codes", "establishment": "establishment_ids"}
EVERY_FICHE = "all"
PUBLIC_TOKEN = "public"


@dataclass(frozen=True)
class Audience:
    """Who is looking, as plain data: the ties that may open a non-public fiche."""

    network_ids: frozenset[int] = frozenset()
    academie_codes: frozenset[str] = frozenset()
    moderated_academie_codes: frozenset[str] = frozenset()
    establishment_ids: frozenset[int] = frozenset()
    sees_all: bool = False

    def ties(self, kind: str) -> frozenset:
        """The visitor's values of one kind of tie (network ids, académie codes, establishment ids)."""
        return getattr(self, AUDIENCE_FIELDS[kind])

    @property
    def tokens(self) -> frozenset[str]:
        if self.sees_all:
            return frozenset({EVERY_FICHE})
        return frozenset({PUBLIC_TOKEN, *(token for kind in AUDIENCE_FIELDS for token in _tokens(kind, self.ties(kind)))})

    def sees(self, tokens) -> bool:
        """Whether a fiche carrying ``tokens`` (:func:`fiche_tokens`) is visible to this audience."""
        return not self.tokens.isdisjoint(tokens)


PUBLIC_AUDIENCE = Audience()
EVERYONE = Audience(sees_all=True)


def _tokens(kind: str, values) -> list[str]:
    return [f"{kind}:{value}" for value in sorted(values)]


def grants(visibility: str) -> tuple[str, ...]:
    """The ties that open ``visibility`` (an unknown level is treated as the narrowest)."""
    return GRANTS.get(visibility, GRANTS[Visibility.ACADEMIE])


def fiche_tokens(visibility: str, *, academie_code: str, lead_id: int, network_ids) -> list[str]:
    """The tokens that open a fiche (stored in its search document)."""
    ties = {"network": network_ids, "academie": [academie_code], "moderation": [academie_code],
            "establishment": [lead_id]}
    tokens = [EVERY_FICHE]
    for kind in grants(visibility):
        tokens += [PUBLIC_TOKEN] if kind == "public" else _tokens(kind, ties[kind])
    return tokens


def network_ids_of(fiche) -> set[int]:
    """The networks of a fiche: those of its lead structure and those that tagged it."""
    return ({link.network_id for link in fiche.lead_structure.network_links.all()}
            | {tag.network_id for tag in fiche.network_tags.all()})


def tokens_of(fiche) -> list[str]:
    """:func:`fiche_tokens` of a ``FichePage`` (its networks are read only when its level needs them)."""
    needs_networks = "network" in grants(fiche.visibility)
    return fiche_tokens(fiche.visibility, academie_code=fiche.lead_structure.academie.code,
                        lead_id=fiche.lead_structure_id, network_ids=network_ids_of(fiche) if needs_networks else ())


def can_see(audience: Audience, fiche) -> bool:
    return audience.sees(tokens_of(fiche))


def visible_q(audience: Audience) -> Q:
    """The ``FichePage`` filter of the fiches ``audience`` may see."""
    if audience.sees_all:
        return Q()
    from .models import Establishment, FichePage

    ties = {
        "network": lambda ids: (Q(lead_structure__in=Establishment.objects.filter(network_links__network_id__in=ids)
                                  .values("pk"))
                                | Q(pk__in=FichePage.objects.filter(network_tags__network_id__in=ids).values("pk"))),
        "academie": lambda codes: Q(lead_structure__academie__code__in=codes),
        "moderation": lambda codes: Q(lead_structure__academie__code__in=codes),
        "establishment": lambda ids: Q(lead_structure_id__in=ids),
    }
    conditions = []
    for level, kinds in GRANTS.items():
        if "public" in kinds:
            conditions.append(Q(visibility=level))
            continue
        opened = [ties[kind](audience.ties(kind)) for kind in kinds if audience.ties(kind)]
        if opened:
            conditions.append(Q(visibility=level) & reduce(or_, opened))
    return reduce(or_, conditions)


def audience_of(request) -> Audience:
    """The audience the portal attached to ``request`` (public only when none was)."""
    return getattr(request, "audience", PUBLIC_AUDIENCE)

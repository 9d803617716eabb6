"""From the claims of the State's identity (ProConnect) to the structure and role of a new account.

ProConnect gives ``sub``, ``email``, ``given_name``, ``usual_name`` and the ``siret`` of the person's
organisation; an identity provider of the Éducation nationale may add the establishment's ``uai``.
In order:

1. ``uai`` naming a known establishment → editor of that establishment;
2. ``siret`` named by a :class:`~portal.accounts.models.SignInRule` → that rule's role and structure;
3. the e-mail's domain named by a rule → that rule's role and structure.

Nothing matches → None: the login is refused and no account is created.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from fiches.models import Academie, Establishment

from .models import Membership, SignInRule


@dataclass(frozen=True)
class Placement:
    role: str
    establishment: Establishment | None = None
    academie: Academie | None = None


def claim_text(claims: dict, name: str) -> str:
    """A claim as stripped text; anything else (absent, a number, a list) is empty."""
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def placement_for(claims: dict) -> Placement | None:
    uai = claim_text(claims, "uai").upper()
    if uai:
        establishment = Establishment.objects.filter(uai=uai).first()
        if establishment:
            return Placement(Membership.Role.EDITOR, establishment=establishment)
    rules = SignInRule.objects.select_related("establishment", "academie")
    siret = re.sub(r"\s", "", claim_text(claims, "siret"))
    rule = rules.filter(siret=siret).first() if siret else None
    email = claim_text(claims, "email").lower()
    if rule is None and "@" in email:
        rule = rules.filter(email_domain=email.rsplit("@", 1)[1]).first()
    if rule is None:
        return None
    return Placement(rule.role, establishment=rule.establishment, academie=rule.academie)

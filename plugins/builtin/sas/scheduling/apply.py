"""Applying a proposal: every placed student's parcours planned through the workflow, in one transaction.

The screen carries the proposal as a signed token (the assignment and the fingerprint of the input
it was computed from). Applying rebuilds the input: if anything changed meanwhile (a case moved on,
needs, sessions, seats, timetables), nothing is planned and the coordination recomputes.
"""
from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from .. import workflow
from ..models import StudentCase
from ..states import TransitionRefused
from .problem import build_planning, excused_text
from .proposal import Proposal

SALT = "sas.scheduling.proposal"
MAX_AGE = 24 * 3600


class ProposalOutdated(TransitionRefused):
    """The proposal no longer matches the campaign; ``str(exc)`` says why, in French."""


def token(proposal: Proposal) -> str:
    planning = proposal.planning
    return signing.dumps({
        "campaign": planning.campaign.pk, "fingerprint": planning.fingerprint,
        "assignment": {str(case_id): list(keys) for case_id, keys in proposal.solution.assignment.items()},
    }, salt=SALT, compress=True)


def previous_assignment(campaign, signed: str) -> dict[int, tuple[str, ...]] | None:
    """The assignment of the proposal shown before (its token), to start from and compare with; None if unreadable."""
    try:
        data = signing.loads(signed, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("campaign") != campaign.pk:
        return None
    return {int(case_id): tuple(keys) for case_id, keys in data["assignment"].items()}


@transaction.atomic
def apply_proposal(user, campaign, signed: str) -> list[StudentCase]:
    """Plan the parcours of every placed student of the proposal; returns the planned cases."""
    try:
        data = signing.loads(signed, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        raise ProposalOutdated(_("Cette proposition a expiré ou n'est pas valide : relancez le calcul.")) from None
    if data["campaign"] != campaign.pk:
        raise ProposalOutdated(_("Cette proposition concerne une autre campagne."))
    ids = [int(case_id) for case_id in data["assignment"]]
    # Lock the cases so that a parcours planned by hand meanwhile waits for this transaction, or is seen.
    list(StudentCase.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    planning = build_planning(campaign)
    moved = [case_id for case_id in ids if case_id not in planning.cases]
    if moved:
        names = ", ".join(str(case.student) for case in StudentCase.objects.filter(pk__in=moved).select_related("student"))
        raise ProposalOutdated(_("Ces dossiers ont changé d'étape depuis le calcul : %(names)s. Relancez le calcul.")
                               % {"names": names})
    if planning.fingerprint != data["fingerprint"]:
        raise ProposalOutdated(_("Les besoins, les séances ou les emplois du temps ont changé depuis le calcul : "
                                 "relancez le calcul."))
    planned = []
    for case_id in ids:
        case, keys = planning.cases[case_id], data["assignment"][str(case_id)]
        sessions = [session for key in keys for session in planning.groups[key].sessions]
        workflow.plan_parcours(user, case, sessions, excused_text(planning.excused_slots(case, keys)))
        planned.append(case)
    return planned

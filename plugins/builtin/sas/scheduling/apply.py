"""Applying a proposal: every placed student's parcours planned through the workflow, in one transaction.

The screen carries the proposal as a signed token (mode, assignment, groups opened and the fingerprint
of the input it was computed from). Applying rebuilds the input: if anything changed meanwhile (a case
moved on, needs, sessions, seats, timetables, availabilities, rooms), nothing is planned and the
coordination recomputes. In placement mode the groups opened get their weekly sessions over the programme
first, in the room found for them. The plan applied is kept (``AppliedPlan``) for the next comparison.
"""
from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from .. import workflow
from ..models import AppliedPlan, StudentCase, WorkshopSession
from ..states import TransitionRefused
from .problem import ASSIGN, GroupInfo, build_planning, excused_text, span_label
from .proposal import Proposal, assign_rooms

SALT = "sas.scheduling.proposal"
MAX_AGE = 24 * 3600


class ProposalOutdated(TransitionRefused):
    """The proposal no longer matches the campaign; ``str(exc)`` says why, in French."""


def token(proposal: Proposal) -> str:
    planning = proposal.planning
    return signing.dumps({
        "campaign": planning.campaign.pk, "fingerprint": planning.fingerprint, "mode": planning.mode,
        "assignment": {str(case_id): list(keys) for case_id, keys in proposal.solution.assignment.items()},
        "opened": list(proposal.solution.opened),
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
    planning = build_planning(campaign, data.get("mode", ASSIGN))
    moved = [case_id for case_id in ids if case_id not in planning.cases]
    if moved:
        names = ", ".join(str(case.student) for case in StudentCase.objects.filter(pk__in=moved).select_related("student"))
        raise ProposalOutdated(_("Ces dossiers ont changé d'étape depuis le calcul : %(names)s. Relancez le calcul.")
                               % {"names": names})
    if planning.fingerprint != data["fingerprint"]:
        raise ProposalOutdated(_("Les besoins, les séances ou les emplois du temps ont changé depuis le calcul : "
                                 "relancez le calcul."))
    rooms = assign_rooms(planning, tuple(data.get("opened", ())))
    if set(data.get("opened", ())) - set(rooms):
        raise ProposalOutdated(_("Les salles déclarées ne suffisent plus pour les groupes proposés : relancez le calcul."))
    sessions = {key: _open(planning.groups[key], room, campaign) for key, room in rooms.items()}
    planned = []
    for case_id in ids:
        case, keys = planning.cases[case_id], data["assignment"][str(case_id)]
        chosen = [session for key in keys for session in sessions.get(key) or planning.groups[key].sessions]
        workflow.plan_parcours(user, case, chosen, excused_text(planning.excused_slots(case, keys)))
        planned.append(case)
    labels = {key: f"{info.workshop.name}, {info.label}" for key, info in planning.groups.items()
              if not info.group.optional}
    labels.update({key: f"{planning.groups[key].workshop.name}, {span_label(planning.groups[key].group.span, room)}"
                   for key, room in rooms.items()})
    used = {key for keys in data["assignment"].values() for key in keys} | set(rooms)
    AppliedPlan.objects.create(campaign=campaign, applied_by=user, mode=planning.mode,
                               groups={key: label for key, label in labels.items() if key in used},
                               assignment=data["assignment"])
    return planned


def _open(info: GroupInfo, room: str, campaign) -> list[WorkshopSession]:
    """The weekly sessions of an opened group, each week of the programme, in the campaign's time zone."""
    span, zone = info.group.span, campaign.zone
    day = campaign.programme_start + dt.timedelta(days=(span.weekday - campaign.programme_start.isoweekday()) % 7)
    sessions = []
    while day <= campaign.programme_end:
        start = dt.datetime.combine(day, dt.time(span.start // 60, span.start % 60), tzinfo=zone)
        end = start + dt.timedelta(minutes=span.end - span.start)
        sessions.append(WorkshopSession.objects.create(workshop=info.workshop, starts_at=start, ends_at=end, room=room))
        day += dt.timedelta(weeks=1)
    return sessions

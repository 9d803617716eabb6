"""The explicit state machine of a student's SAS case (DESIGN.md §8, seed 000's eight steps).

One table says, for each action, the states it leaves from and the state it leads to;
``check`` gives the French reason an illegal move is refused. No library: the whole
machine is readable here.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    IDENTIFIED = "identified", _("repéré")
    NEEDS_ANALYSED = "needs_analysed", _("besoin analysé")
    INTERVIEWED = "interviewed", _("entretien réalisé")
    PARCOURS_PLANNED = "parcours_planned", _("parcours aménagé")
    IN_PROGRAMME = "in_programme", _("en programme")
    EVALUATED = "evaluated", _("bilan réalisé")
    CLOSED = "closed", _("clos")
    WITHDRAWN = "withdrawn", _("sorti du dispositif")


class Action(models.TextChoices):
    ANALYSE = "analyse", _("analyser le besoin")
    INTERVIEW = "interview", _("réaliser l'entretien")
    PLAN = "plan", _("aménager le parcours")
    START = "start", _("commencer le programme")
    EVALUATE = "evaluate", _("faire le bilan")
    CLOSE = "close", _("clore le dossier")
    WITHDRAW = "withdraw", _("sortir du dispositif")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str


OPEN_STATES = frozenset(
    {State.IDENTIFIED, State.NEEDS_ANALYSED, State.INTERVIEWED, State.PARCOURS_PLANNED, State.IN_PROGRAMME, State.EVALUATED}
)

TRANSITIONS: dict[str, Transition] = {
    Action.ANALYSE: Transition(frozenset({State.IDENTIFIED}), State.NEEDS_ANALYSED),
    Action.INTERVIEW: Transition(frozenset({State.NEEDS_ANALYSED}), State.INTERVIEWED),
    Action.PLAN: Transition(frozenset({State.INTERVIEWED}), State.PARCOURS_PLANNED),
    Action.START: Transition(frozenset({State.PARCOURS_PLANNED}), State.IN_PROGRAMME),
    Action.EVALUATE: Transition(frozenset({State.IN_PROGRAMME}), State.EVALUATED),
    Action.CLOSE: Transition(frozenset({State.EVALUATED}), State.CLOSED),
    Action.WITHDRAW: Transition(OPEN_STATES, State.WITHDRAWN),
}


class TransitionRefused(Exception):
    """An illegal move; ``str(exc)`` is the French reason shown to the user."""


def check(state: str, action: str) -> str:
    """The state ``action`` leads to from ``state``, or :class:`TransitionRefused` with the reason."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionRefused(_("Action inconnue : « %(action)s ».") % {"action": action})
    if state not in transition.sources:
        label = Action(action).label
        if state in (State.CLOSED, State.WITHDRAWN):
            reason = _("Impossible de « %(action)s » : le dossier est %(state)s.")
        else:
            reason = _("Impossible de « %(action)s » : le dossier est à l'étape « %(state)s ».")
        expected = ", ".join(f"« {State(s).label} »" for s in sorted(transition.sources, key=list(State).index))
        where = reason % {"action": label, "state": State(state).label}
        raise TransitionRefused(f"{where} " + str(_("Étape attendue : %(expected)s.") % {"expected": expected}))
    return transition.target


def next_actions(state: str) -> list[str]:
    """Actions that are legal from ``state``, in workflow order."""
    return [action for action, transition in TRANSITIONS.items() if state in transition.sources]

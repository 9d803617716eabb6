"""The explicit state machine: every legal move, illegal ones refused with a French reason."""
import pytest

from plugins.builtin.sas.states import OPEN_STATES, TRANSITIONS, Action, State, TransitionRefused, check, next_actions

from .conftest import advance

LEGAL = [
    (State.IDENTIFIED, Action.ANALYSE, State.NEEDS_ANALYSED),
    (State.NEEDS_ANALYSED, Action.INTERVIEW, State.INTERVIEWED),
    (State.INTERVIEWED, Action.PLAN, State.PARCOURS_PLANNED),
    (State.PARCOURS_PLANNED, Action.START, State.IN_PROGRAMME),
    (State.IN_PROGRAMME, Action.EVALUATE, State.EVALUATED),
    (State.EVALUATED, Action.CLOSE, State.CLOSED),
    *[(state, Action.WITHDRAW, State.WITHDRAWN) for state in sorted(OPEN_STATES)],
]


@pytest.mark.parametrize(("state", "action", "target"), LEGAL)
def test_every_legal_move(state, action, target):
    assert check(state, action) == target


ILLEGAL = [
    (state, action) for state in State for action in Action
    if (state, action) not in {(s, a) for s, a, _t in LEGAL}
]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_every_illegal_move_is_refused_with_a_french_reason(state, action):
    with pytest.raises(TransitionRefused) as refused:
        check(state, action)
    reason = str(refused.value)
    assert reason.startswith("Impossible de « ")
    assert str(Action(action).label) in reason and "Étape attendue" in reason


def test_the_table_covers_every_action_and_closed_states_are_final():
    assert set(TRANSITIONS) == set(Action.values)
    assert next_actions(State.CLOSED) == [] and next_actions(State.WITHDRAWN) == []
    assert next_actions(State.IDENTIFIED) == [Action.ANALYSE, Action.WITHDRAW]


def test_a_refused_move_on_a_case_changes_nothing(pp_case):
    with pytest.raises(TransitionRefused, match="repéré"):
        pp_case.transition(Action.EVALUATE)
    pp_case.refresh_from_db()
    assert pp_case.state == State.IDENTIFIED


def test_programme_does_not_start_before_the_parents_are_informed(pp_case, team, session):
    from plugins.builtin.sas import workflow

    advance(pp_case, team, session, "interviewed")
    workflow.plan_parcours(team["coordination"], pp_case, [session], "")
    with pytest.raises(TransitionRefused, match="parents"):
        workflow.start_programme(team["coordination"], pp_case)
    pp_case.refresh_from_db()
    assert pp_case.state == State.PARCOURS_PLANNED


def test_a_parcours_needs_a_session(pp_case, team, session):
    from plugins.builtin.sas import workflow

    advance(pp_case, team, session, "interviewed")
    with pytest.raises(TransitionRefused, match="séance"):
        workflow.plan_parcours(team["coordination"], pp_case, [], "")
    assert pp_case.state == State.INTERVIEWED


def test_full_walk_to_closed(pp_case, team, session):
    advance(pp_case, team, session, "closed")
    pp_case.refresh_from_db()
    assert pp_case.state == State.CLOSED and pp_case.evaluation.outcome == "back_to_class"

"""Dot voting: each participant spreads a budget of dots over prototypes, or over problems.

Prototype dots are cast in the Vote stage. Problem dots are cast in Focus (each table on its own
problems) and in Prioritise (the whole room on every problem); each of those stages has its
own budget. One rule serves all three: one dot on or off at a time, never past the budget.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Participant, Problem, ProblemVote, Prototype, Stage, Vote
from . import changes
from .errors import InvalidInput, NotFound, OverBudget
from .locking import lock_row
from .problems import require_stage

#: Stages in which dots go on problems, and what the phone is told otherwise.
PROBLEM_VOTE_STAGES = (Stage.FOCUS, Stage.PRIORITISE)


def _allocation(model: Any, key: Any, *where: Any) -> dict[int, int]:
    rows = db.session.execute(select(key, model.dots).where(model.dots > 0, *where)).all()
    return {target_id: dots for target_id, dots in rows}


def my_votes(participant: Participant) -> tuple[dict[int, int], int]:
    """The participant's dots per prototype (only non-zero) and how many dots are left."""
    allocation = _allocation(Vote, Vote.prototype_id, Vote.participant_id == participant.id)
    return allocation, participant.workshop.dot_budget - sum(allocation.values())


def my_problem_votes(participant: Participant, stage: Stage) -> tuple[dict[int, int], int]:
    """The participant's dots per problem in ``stage`` (Focus or Prioritise) and dots left."""
    allocation = _allocation(
        ProblemVote,
        ProblemVote.problem_id,
        ProblemVote.participant_id == participant.id,
        ProblemVote.stage == stage.value,
    )
    return allocation, participant.workshop.dot_budget - sum(allocation.values())


def _move_dot(
    participant: Participant,
    model: Any,
    key: Any,
    target_id: int,
    scope: list[Any],
    delta: int,
    **fixed: Any,
) -> tuple[dict[int, int], int]:
    """One dot on (``delta`` 1) or off (-1) ``target_id`` (the ``key`` column of a vote row),
    within the participant's budget; returns their allocation and the dots left.

    ``scope`` filters the rows that share one budget, ``fixed`` are the columns ``scope`` fixes
    (set on a new row). The participant's rows are read once (the
    row to change, the dots spent and the phone's answer all come from it: a vote is the most
    frequent write of a session). The checks and the write happen in one transaction; the
    unique constraint on the row turns a racing double tap into a conflict the caller reports
    calmly.
    """
    if delta not in (1, -1):
        raise InvalidInput(_l("A vote adds or removes one dot."), field="delta")
    # One phone's dots are counted one tap at a time (a row lock on the participant): 20
    # taps at once would otherwise each see the same dots spent and overspend together.
    lock_row(Participant.id, participant.id)
    rows = db.session.scalars(
        select(model).where(model.participant_id == participant.id, *scope)
    ).all()
    vote = next((row for row in rows if getattr(row, key.key) == target_id), None)
    current = vote.dots if vote else 0
    spent = sum(row.dots for row in rows)
    budget = participant.workshop.dot_budget
    if delta < 0 and current == 0:
        raise InvalidInput(_l("There is no dot of yours on this prototype."), field="delta")
    if delta > 0 and spent + 1 > budget:
        raise OverBudget(
            _l("You have used all your dots. Take one back to move it."), field="delta"
        )
    if vote is None:
        vote = model(
            workshop_id=participant.workshop_id, participant_id=participant.id, dots=0, **fixed
        )
        setattr(vote, key.key, target_id)
        db.session.add(vote)
        rows = [*rows, vote]
    vote.dots = current + delta
    db.session.flush()
    allocation = {getattr(row, key.key): row.dots for row in rows if row.dots > 0}
    return allocation, budget - spent - delta


def cast_vote(
    participant: Participant, prototype_id: int, delta: int
) -> tuple[dict[int, int], int]:
    """Put one more dot on a prototype (``delta`` = 1) or take one back (``delta`` = -1).

    Returns the participant's new allocation and remaining dots, which the phone shows. Moving a
    dot is a take-back followed by a put, so dots can move until the Vote stage closes.
    """
    require_stage(participant, Stage.VOTE, _l("Voting is only open in the Vote stage."))
    prototype = db.session.get(Prototype, prototype_id)
    if prototype is None or prototype.workshop_id != participant.workshop_id or prototype.hidden:
        raise NotFound(_l("This prototype does not exist."), field="prototype_id")
    answer = _move_dot(participant, Vote, Vote.prototype_id, prototype.id, [], delta)
    changes.record(participant.workshop_id, "votes")
    return answer


def cast_problem_vote(
    participant: Participant, problem_id: int, delta: int
) -> tuple[dict[int, int], int]:
    """One dot on or off a problem: in Focus on one's own table's cards, in Prioritise on any.

    Returns the participant's allocation and remaining dots for the current stage.
    """
    require_stage(
        participant,
        PROBLEM_VOTE_STAGES,
        _l("Dots on problems are only for choosing which problems matter most."),
    )
    stage = participant.workshop.stage
    problem = db.session.get(Problem, problem_id)
    if problem is None or problem.workshop_id != participant.workshop_id or not problem.on_wall:
        raise NotFound(_l("This card no longer exists."), field="problem_id")
    if (
        stage == Stage.FOCUS
        and participant.theme_id is not None
        and problem.theme_id != participant.theme_id
    ):
        raise InvalidInput(
            _l("Each table chooses its focus among its own problems."), field="problem_id"
        )
    answer = _move_dot(
        participant,
        ProblemVote,
        ProblemVote.problem_id,
        problem.id,
        [ProblemVote.stage == stage.value],
        delta,
        stage=stage.value,
    )
    changes.record(participant.workshop_id, "problem_votes")
    return answer

"""Dot voting: each participant spreads a budget of dots over the prototypes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..models import Participant, Prototype, Stage, Vote
from . import changes
from .errors import InvalidInput, NotFound, OverBudget
from .problems import require_stage


def my_votes(participant: Participant) -> tuple[dict[int, int], int]:
    """The participant's dots per prototype (only non-zero) and how many dots are left."""
    rows = db.session.execute(
        select(Vote.prototype_id, Vote.dots).where(
            Vote.participant_id == participant.id, Vote.dots > 0
        )
    ).all()
    allocation = {prototype_id: dots for prototype_id, dots in rows}
    return allocation, participant.workshop.dot_budget - sum(allocation.values())


def cast_vote(
    participant: Participant, prototype_id: int, delta: int
) -> tuple[dict[int, int], int]:
    """Put one more dot on a prototype (``delta`` = 1) or take one back (``delta`` = -1).

    Returns the participant's new allocation and remaining dots, which the phone shows. Moving a
    dot is a take-back followed by a put, so dots can move until the Vote stage closes.
    """
    require_stage(participant, Stage.VOTE, _l("Voting is only open in the Vote stage."))
    if delta not in (1, -1):
        raise InvalidInput(_l("A vote adds or removes one dot."), field="delta")
    prototype = db.session.get(Prototype, prototype_id)
    if prototype is None or prototype.workshop_id != participant.workshop_id:
        raise NotFound(_l("This prototype does not exist."), field="prototype_id")
    vote = db.session.scalar(
        select(Vote).where(Vote.prototype_id == prototype.id, Vote.participant_id == participant.id)
    )
    current = vote.dots if vote else 0
    if delta < 0 and current == 0:
        raise InvalidInput(_l("There is no dot of yours on this prototype."), field="delta")
    if delta > 0:
        spent = db.session.scalar(
            select(func.coalesce(func.sum(Vote.dots), 0)).where(
                Vote.participant_id == participant.id
            )
        )
        if spent + 1 > participant.workshop.dot_budget:
            raise OverBudget(
                _l("You have used all your dots. Take one back to move it."), field="delta"
            )
    if vote is None:
        vote = Vote(
            workshop_id=participant.workshop_id,
            prototype_id=prototype.id,
            participant_id=participant.id,
            dots=0,
        )
        db.session.add(vote)
    vote.dots = current + delta
    db.session.flush()
    changes.record(participant.workshop_id, "votes")
    return my_votes(participant)

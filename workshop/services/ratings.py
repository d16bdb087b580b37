"""Rating rounds: everyone rates each item on each criterion from 1 to 5.

An intercultural review rates the Intercultural Cities index areas; a prototype review rates an
earlier workshop's prototypes on impact, feasibility and cost. Only participants rate (the
trainer's team, observers included, never does), only in the Rating stage, and rating the same
item and criterion again replaces the earlier score, so a phone can change its mind until the
stage ends.

What the screens read (progress, averages, distributions by role) is in :mod:`.rating_results`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Criterion, Participant, Rating, RatingItem, Stage
from . import changes
from .errors import InvalidInput, NotFound
from .problems import require_stage

SCORE_MIN, SCORE_MAX = 1, 5


def rate(participant: Participant, item_id: int, criterion_id: int, score: int) -> Rating:
    """Give (or change) the participant's score of one item on one criterion.

    Goes through :func:`require_stage`, so a countdown that locks input at zero stops ratings
    too. Records a ``ratings`` change: the control screen and projector show how many people
    have rated, never the scores, until the results are revealed.
    """
    require_stage(participant, Stage.RATE, _l("Rating is only open in the Rating stage."))
    if (
        isinstance(score, bool)
        or not isinstance(score, int)
        or not (SCORE_MIN <= score <= SCORE_MAX)
    ):
        raise InvalidInput(
            _l("Choose a score from %(lo)d to %(hi)d.", lo=SCORE_MIN, hi=SCORE_MAX), field="score"
        )
    item = db.session.get(RatingItem, item_id)
    if item is None or item.workshop_id != participant.workshop_id:
        raise NotFound(_l("This item is not part of the rating round."), field="item_id")
    criterion = db.session.get(Criterion, criterion_id)
    if criterion is None or criterion.workshop_id != participant.workshop_id:
        raise NotFound(_l("This criterion is not part of the rating round."), field="criterion_id")
    rating = db.session.get(Rating, (item.id, criterion.id, participant.id))
    if rating is None:
        rating = Rating(
            item_id=item.id,
            criterion_id=criterion.id,
            participant_id=participant.id,
            workshop_id=participant.workshop_id,
            score=score,
        )
        db.session.add(rating)
    else:
        rating.score = score
    db.session.flush()
    changes.record(participant.workshop_id, "ratings")
    return rating


def my_ratings(participant: Participant) -> dict[tuple[int, int], int]:
    """The participant's scores: (item id, criterion id) → score; what the phone marks."""
    rows = db.session.execute(
        select(Rating.item_id, Rating.criterion_id, Rating.score).where(
            Rating.participant_id == participant.id
        )
    )
    return {(item_id, criterion_id): score for item_id, criterion_id, score in rows}


def rated_items(participant: Participant, ratings: dict[tuple[int, int], int]) -> int:
    """How many items the participant has rated on every criterion (the phone's "7 of 14")."""
    workshop = participant.workshop
    criteria = [c.id for c in workshop.criteria]
    return sum(
        1
        for item in workshop.rating_items
        if criteria and all((item.id, c) in ratings for c in criteria)
    )

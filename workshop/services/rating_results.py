"""Read models of a rating round: progress while it runs, averages and distributions after.

Plain data, as in :mod:`.live`; a fixed number of queries whatever the size of the room.

Small-group protection: the room (projector, phones) sees :func:`protect`-ed results, where a
role with fewer than :data:`MIN_GROUP` raters shows no numbers, and the overall figure is withheld
when it would give those few people's scores away by subtraction (one councillor among twenty
residents: overall minus residents is the councillor). The trainer's control screen and the
exports keep the exact numbers.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..models import Participant, Rating, Role, Stage, Workshop
from .ratings import SCORE_MAX, SCORE_MIN

ROLES = tuple(role.value for role in Role)
SCORES = range(SCORE_MIN, SCORE_MAX + 1)
#: Fewer raters than this in a role: the room sees "fewer than 3", not their numbers.
MIN_GROUP = 3


def rating_progress(workshop: Workshop) -> dict[str, int]:
    """How far the room is, never what it said: how many people rated something, how many
    rated every item on every criterion, and how many scores that makes."""
    per_person = db.session.execute(
        select(Rating.participant_id, func.count())
        .where(Rating.workshop_id == workshop.id)
        .group_by(Rating.participant_id)
    ).all()
    cells = len(workshop.rating_items) * len(workshop.criteria)
    return {
        "raters": len(per_person),
        "complete": sum(1 for _, n in per_person if cells and n >= cells),
        "ratings": sum(n for _, n in per_person),
        "cells": cells,
    }


def _cell(distribution: list[int]) -> dict[str, Any]:
    count = sum(distribution)
    total = sum(score * n for score, n in zip(SCORES, distribution, strict=True))
    return {
        "count": count,
        "average": round(total / count, 2) if count else None,
        "distribution": distribution,
    }


def rating_results(workshop: Workshop) -> list[dict[str, Any]]:
    """Per item (in order), per criterion (in order): how many rated it, the average, how many
    gave each score 1 to 5, and the same by role (resident, decision maker, other).

    Exact numbers: for the trainer and the exports. The room gets :func:`protect` of this.
    """
    counts: dict[tuple[int, int, str], list[int]] = defaultdict(lambda: [0] * len(SCORES))
    for item_id, criterion_id, role, score, n in db.session.execute(
        select(Rating.item_id, Rating.criterion_id, Participant.role, Rating.score, func.count())
        .join(Participant, Participant.id == Rating.participant_id)
        .where(Rating.workshop_id == workshop.id)
        .group_by(Rating.item_id, Rating.criterion_id, Participant.role, Rating.score)
    ):
        counts[(item_id, criterion_id, role.value)][score - SCORE_MIN] += n
    results = []
    for item in workshop.rating_items:
        cells = []
        for criterion in workshop.criteria:
            by_role = {role: counts.get((item.id, criterion.id, role)) for role in ROLES}
            overall = [sum(d[i] for d in by_role.values() if d) for i in range(len(SCORES))]
            cells.append(
                {
                    "id": criterion.id,
                    "name": criterion.name,
                    **_cell(overall),
                    "by_role": {
                        role: _cell(list(d) if d else [0] * len(SCORES))
                        for role, d in by_role.items()
                    },
                }
            )
        results.append(
            {
                "id": item.id,
                "text": item.text,
                "prototype_id": item.prototype_id,
                "criteria": cells,
            }
        )
    return results


def _hidden() -> dict[str, Any]:
    return {"count": None, "average": None, "distribution": None, "hidden": True}


def protect(results: list[dict[str, Any]], min_group: int = MIN_GROUP) -> list[dict[str, Any]]:
    """The results as the room may see them (projector, phones, broadcasts).

    A role with fewer than ``min_group`` raters becomes ``{"hidden": true}`` with no numbers.
    If the people in hidden roles are together fewer than ``min_group`` but not none, the
    overall figure is hidden too, because overall minus the shown roles would be their scores.
    """
    shown = copy.deepcopy(results)
    for item in shown:
        for cell in item["criteria"]:
            small = [role for role, c in cell["by_role"].items() if c["count"] < min_group]
            hidden_people = sum(cell["by_role"][role]["count"] for role in small)
            for role in small:
                cell["by_role"][role] = _hidden()
            cell["hidden"] = 0 < hidden_people < min_group
            if cell["hidden"]:
                cell.update(count=None, average=None, distribution=None)
    return shown


def exact_rating_results(workshop: Workshop) -> list[dict[str, Any]] | None:
    """The exact results for the trainer's control screen, once the room may see results.

    None while the round runs (the control screen shows progress then, not averages) and for
    sessions without a rating round.
    """
    if Stage.RATE not in workshop.stages or not workshop.results_revealed:
        return None
    return rating_results(workshop)


def public_rating_results(workshop: Workshop) -> list[dict[str, Any]] | None:
    """What anyone with the join link sees of a closed session's rating round: the room's view."""
    if Stage.RATE not in workshop.stages or not workshop.results_revealed:
        return None
    return protect(rating_results(workshop))

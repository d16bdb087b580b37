"""Read models of a workshop: what the screens show and what exports are built from.

Everything here is plain data (dicts of ids, numbers and user-written text), never rendered
sentences, so every screen renders it in its own language. Each function runs a fixed, small
number of queries whatever the size of the room (no per-card queries).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    Participant,
    Problem,
    Prototype,
    Role,
    Support,
    Vote,
    Workshop,
    prototype_problems,
)
from .votes import my_votes

ROLES = tuple(role.value for role in Role)


def header(workshop: Workshop) -> dict[str, Any]:
    """Stage, reveal state and room counts: small, sent with every delta."""
    participants = db.session.scalar(
        select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop.id)
    )
    dots_cast = db.session.scalar(
        select(func.coalesce(func.sum(Vote.dots), 0)).where(Vote.workshop_id == workshop.id)
    )
    return {
        "code": workshop.code,
        "stage": workshop.stage.value,
        "revealed": workshop.results_revealed,
        "dot_budget": workshop.dot_budget,
        "participants": int(participants or 0),
        "dots_cast": int(dots_cast or 0),
    }


def themes(workshop: Workshop) -> list[dict[str, Any]]:
    """The theme tables in wall order."""
    return [
        {"id": t.id, "name": t.name, "icon": t.icon, "colour": t.colour} for t in workshop.themes
    ]


def problems(workshop: Workshop, ids: set[int] | None = None) -> list[dict[str, Any]]:
    """Problem cards with their "me too" counts, oldest first (all, or just ``ids``)."""
    counts = (
        select(Support.problem_id, func.count().label("n")).group_by(Support.problem_id).subquery()
    )
    query = (
        select(Problem, Participant.role, func.coalesce(counts.c.n, 0))
        .join(Participant, Participant.id == Problem.author_id)
        .outerjoin(counts, counts.c.problem_id == Problem.id)
        .where(Problem.workshop_id == workshop.id)
        .order_by(Problem.id)
    )
    if ids is not None:
        query = query.where(Problem.id.in_(ids))
    return [
        {
            "id": problem.id,
            "theme_id": problem.theme_id,
            "text": problem.text,
            "role": role.value,
            "supports": int(n),
        }
        for problem, role, n in db.session.execute(query)
    ]


def prototypes(workshop: Workshop, ids: set[int] | None = None) -> list[dict[str, Any]]:
    """Prototypes with their canvas and the ids of the problems they answer."""
    query = (
        select(Prototype, Participant.role)
        .join(Participant, Participant.id == Prototype.author_id)
        .where(Prototype.workshop_id == workshop.id)
        .order_by(Prototype.id)
    )
    if ids is not None:
        query = query.where(Prototype.id.in_(ids))
    rows = db.session.execute(query).all()
    links: dict[int, list[int]] = defaultdict(list)
    if rows:
        wanted = [prototype.id for prototype, _ in rows]
        for prototype_id, problem_id in db.session.execute(
            select(prototype_problems.c.prototype_id, prototype_problems.c.problem_id)
            .where(prototype_problems.c.prototype_id.in_(wanted))
            .order_by(prototype_problems.c.problem_id)
        ):
            links[prototype_id].append(problem_id)
    return [
        {
            "id": p.id,
            "theme_id": p.theme_id,
            "title": p.title,
            "what_changes": p.what_changes,
            "who_benefits": p.who_benefits,
            "who_acts": p.who_acts,
            "first_step": p.first_step,
            "problem_ids": links[p.id],
            "role": role.value,
        }
        for p, role in rows
    ]


def tallies(workshop: Workshop) -> dict[str, dict[str, int]]:
    """Dots per prototype, in total and split by the voter's role (keys are prototype ids)."""
    result: dict[str, dict[str, int]] = {}
    for prototype_id in db.session.scalars(
        select(Prototype.id).where(Prototype.workshop_id == workshop.id)
    ):
        result[str(prototype_id)] = {"total": 0, **dict.fromkeys(ROLES, 0)}
    rows = db.session.execute(
        select(Vote.prototype_id, Participant.role, func.sum(Vote.dots))
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.workshop_id == workshop.id)
        .group_by(Vote.prototype_id, Participant.role)
    )
    for prototype_id, role, dots in rows:
        entry = result.setdefault(str(prototype_id), {"total": 0, **dict.fromkeys(ROLES, 0)})
        entry[role.value] += int(dots or 0)
        entry["total"] += int(dots or 0)
    return result


def participation(workshop: Workshop) -> dict[str, Any]:
    """How many people joined, by role, by table, and by table and role."""
    by_role = dict.fromkeys(ROLES, 0)
    by_theme: dict[str, int] = {str(t.id): 0 for t in workshop.themes}
    by_table: dict[str, dict[str, int]] = {
        str(t.id): dict.fromkeys(ROLES, 0) for t in workshop.themes
    }
    for role, theme_id, n in db.session.execute(
        select(Participant.role, Participant.theme_id, func.count())
        .where(Participant.workshop_id == workshop.id)
        .group_by(Participant.role, Participant.theme_id)
    ):
        by_role[role.value] += n
        by_theme[str(theme_id)] = by_theme.get(str(theme_id), 0) + n
        by_table.setdefault(str(theme_id), dict.fromkeys(ROLES, 0))[role.value] += n
    return {
        "total": sum(by_role.values()),
        "by_role": by_role,
        "by_theme": by_theme,
        "by_table": by_table,
    }


def results(workshop: Workshop) -> list[dict[str, Any]]:
    """Per theme, its prototypes ranked by total dots (ties: the earlier prototype first)."""
    counts = tallies(workshop)
    by_theme: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for prototype in prototypes(workshop):
        by_theme[prototype["theme_id"]].append(
            {**prototype, "tally": counts.get(str(prototype["id"]))}
        )
    ranked = []
    for theme in themes(workshop):
        entries = sorted(by_theme[theme["id"]], key=lambda p: (-p["tally"]["total"], p["id"]))
        ranked.append({"theme": theme, "prototypes": entries})
    return ranked


def snapshot(
    workshop: Workshop, *, participant: Participant | None = None, with_tallies: bool = False
) -> dict[str, Any]:
    """Everything a screen needs to draw the workshop from scratch, with the current seq.

    ``participant`` adds the phone's own state (its "me too"s, dots and remaining budget), which
    is never broadcast. ``with_tallies`` is decided by the caller from the viewer's rights.
    """
    data: dict[str, Any] = {
        "seq": workshop.seq,
        "workshop": header(workshop),
        "themes": themes(workshop),
        "problems": problems(workshop),
        "prototypes": prototypes(workshop),
    }
    if with_tallies:
        data["tallies"] = tallies(workshop)
    if participant is not None:
        allocation, remaining = my_votes(participant)
        data["me"] = {
            "role": participant.role.value,
            "theme_id": participant.theme_id,
            "mine": sorted(
                db.session.scalars(select(Problem.id).where(Problem.author_id == participant.id))
            ),
            "supported": sorted(
                db.session.scalars(
                    select(Support.problem_id).where(Support.participant_id == participant.id)
                )
            ),
            "votes": {str(k): v for k, v in allocation.items()},
            "remaining": remaining,
        }
    return data

"""The complete, versioned record of a workshop as JSON (schema: ``docs/export-json.md``).

Participants appear only as pseudonymous ids (``P1``, ``P2`` … in joining order) with role,
table and language: names are never exported. Everything else typed in the room is here, so the
other report formats can be built from this record alone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import Participant, Problem, Prototype, Rating, Support, Vote, Workshop
from ..services import live
from ..services.rating_results import rating_results

SCHEMA = "tavola.workshop"
SCHEMA_VERSION = 1


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC; SQLite hands back naive datetimes, which we stored as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def export_workshop(workshop: Workshop) -> dict[str, Any]:
    """The whole workshop as plain data, ready for ``json.dumps``."""
    participants = db.session.scalars(
        select(Participant).where(Participant.workshop_id == workshop.id).order_by(Participant.id)
    ).all()
    pseudonym = {p.id: f"P{i}" for i, p in enumerate(participants, start=1)}

    supporters: dict[int, list[str]] = {}
    for problem_id, participant_id in db.session.execute(
        select(Support.problem_id, Support.participant_id)
        .join(Problem, Problem.id == Support.problem_id)
        .where(Problem.workshop_id == workshop.id)
        .order_by(Support.problem_id, Support.participant_id)
    ):
        supporters.setdefault(problem_id, []).append(pseudonym[participant_id])

    problems = db.session.scalars(
        select(Problem).where(Problem.workshop_id == workshop.id).order_by(Problem.id)
    ).all()
    prototype_rows = {
        p.id: p
        for p in db.session.scalars(
            select(Prototype).where(Prototype.workshop_id == workshop.id).order_by(Prototype.id)
        )
    }
    votes = db.session.scalars(
        select(Vote).where(Vote.workshop_id == workshop.id, Vote.dots > 0).order_by(Vote.id)
    ).all()
    tallies = live.tallies(workshop)

    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "exported_at": _iso(datetime.now(UTC)),
        "workshop": {
            "code": workshop.code,
            "title": workshop.title,
            "place": workshop.place,
            "date": workshop.held_on.isoformat() if workshop.held_on else None,
            "template": workshop.template,
            "stage": workshop.stage.value,
            "stages": [s.value for s in workshop.stages],
            "dot_budget": workshop.dot_budget,
            "results_revealed": workshop.results_revealed,
            "created_at": _iso(workshop.created_at),
            "stage_history": [{"stage": c.stage, "at": _iso(c.at)} for c in workshop.stage_changes],
        },
        "themes": live.themes(workshop),
        "participants": [
            {
                "id": pseudonym[p.id],
                "role": p.role.value,
                "theme_id": p.theme_id,
                "language": p.language,
                "joined_at": _iso(p.joined_at),
            }
            for p in participants
        ],
        "problems": [
            {
                "id": p.id,
                "theme_id": p.theme_id,
                "author": pseudonym[p.author_id],
                "text": p.text,
                "created_at": _iso(p.created_at),
                "supporters": supporters.get(p.id, []),
                "supports": len(supporters.get(p.id, [])),
            }
            for p in problems
        ],
        "prototypes": [
            {
                "id": p["id"],
                "theme_id": p["theme_id"],
                "author": pseudonym[prototype_rows[p["id"]].author_id],
                "title": p["title"],
                "what_changes": p["what_changes"],
                "who_benefits": p["who_benefits"],
                "who_acts": p["who_acts"],
                "first_step": p["first_step"],
                "problem_ids": p["problem_ids"],
                "created_at": _iso(prototype_rows[p["id"]].created_at),
                "dots": tallies.get(str(p["id"]), {}),
            }
            for p in live.prototypes(workshop)
        ],
        "votes": [
            {
                "participant": pseudonym[v.participant_id],
                "prototype_id": v.prototype_id,
                "dots": v.dots,
            }
            for v in votes
        ],
        "results": [
            {
                "theme_id": entry["theme"]["id"],
                "ranking": [
                    {"prototype_id": p["id"], "rank": rank, **p["tally"]}
                    for rank, p in enumerate(entry["prototypes"], start=1)
                ],
            }
            for entry in live.results(workshop)
        ],
        "participation": live.participation(workshop),
        **_rating_round(workshop, pseudonym, {p.id: p.role.value for p in participants}),
    }


def _rating_round(
    workshop: Workshop, pseudonym: dict[int, str], roles: dict[int, str]
) -> dict[str, Any]:
    """Items, criteria, every score under its rater's pseudonym and role, and the exact results
    (no small-group suppression: the export is for analysis; see docs/export-json.md)."""
    ratings = db.session.scalars(
        select(Rating)
        .where(Rating.workshop_id == workshop.id)
        .order_by(Rating.item_id, Rating.criterion_id, Rating.participant_id)
    ).all()
    return {
        "rating_items": [
            {"id": i.id, "text": i.text, "prototype_id": i.prototype_id}
            for i in workshop.rating_items
        ],
        "criteria": [{"id": c.id, "name": c.name} for c in workshop.criteria],
        "ratings": [
            {
                "participant": pseudonym[r.participant_id],
                "role": roles[r.participant_id],
                "item_id": r.item_id,
                "criterion_id": r.criterion_id,
                "score": r.score,
                "at": _iso(r.at),
            }
            for r in ratings
        ],
        "rating_results": [
            {
                "item_id": item["id"],
                "criteria": [
                    {
                        "criterion_id": cell["id"],
                        "count": cell["count"],
                        "average": cell["average"],
                        "distribution": cell["distribution"],
                        "by_role": cell["by_role"],
                    }
                    for cell in item["criteria"]
                ],
            }
            for item in rating_results(workshop)
        ],
    }

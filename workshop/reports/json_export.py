"""The complete, versioned record of a workshop as JSON (schema: ``docs/export-json.md``).

Participants appear only as pseudonymous ids (``P1``, ``P2`` … in joining order) with role,
table and language: names are never exported. Everything else typed in the room is here, so the
other report formats can be built from this record alone.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Feedback,
    ModerationAction,
    Participant,
    Photo,
    Problem,
    ProblemVote,
    Prototype,
    Rating,
    Response,
    Support,
    TeamMember,
    Translation,
    Vote,
    Workshop,
)
from ..services import live
from ..services.privacy import LOG_ONLY_ACTIONS
from ..services.rating_results import rating_results
from ..services.votes import PROBLEM_VOTE_STAGES

SCHEMA = "tavola.workshop"
SCHEMA_VERSION = 2


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
    # The table's photo of each paper prototype, as stored: already a re-encoded JPEG, no
    # metadata. In the record so that the report (PDF, DOCX, HTML) shows it too.
    photos = {
        photo.prototype_id: photo
        for photo in db.session.scalars(select(Photo).where(Photo.workshop_id == workshop.id))
    }
    votes = db.session.scalars(
        select(Vote).where(Vote.workshop_id == workshop.id, Vote.dots > 0).order_by(Vote.id)
    ).all()
    tallies = live.tallies(workshop)
    team = db.session.scalars(
        select(TeamMember).where(TeamMember.workshop_id == workshop.id).order_by(TeamMember.id)
    ).all()
    member_ids = {m.id: f"T{i}" for i, m in enumerate(team, start=1)}
    problem_votes = db.session.scalars(
        select(ProblemVote)
        .where(ProblemVote.workshop_id == workshop.id, ProblemVote.dots > 0)
        .order_by(ProblemVote.id)
    ).all()
    problem_dots = {
        stage.value: live.problem_tallies(workshop, stage)
        for stage in workshop.stages
        if stage in PROBLEM_VOTE_STAGES
    }
    translations: dict[int, list[dict[str, Any]]] = {}
    for t in db.session.scalars(
        select(Translation)
        .where(Translation.workshop_id == workshop.id)
        .order_by(Translation.problem_id, Translation.language)
    ):
        translations.setdefault(t.problem_id, []).append(
            {
                "language": t.language,
                "text": t.text,
                "machine": t.machine,
                "made_by": t.made_by,
                "entered_by": member_ids.get(t.member_id),
            }
        )
    sources = _sources({p.source_id for p in problems if p.source_id is not None})
    feedback = db.session.scalars(
        select(Feedback)
        .where(Feedback.workshop_id == workshop.id)
        .order_by(Feedback.participant_id)
    ).all()
    moderation = db.session.scalars(
        select(ModerationAction)
        .where(ModerationAction.workshop_id == workshop.id)
        .order_by(ModerationAction.id)
    ).all()

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
            "focus_count": workshop.focus_count,
            "premoderation": workshop.premoderation,
            "lock_at_zero": workshop.lock_at_zero,
            "copied_from": workshop_code(workshop.copied_from_id),
            "created_at": _iso(workshop.created_at),
            "stage_history": [{"stage": c.stage, "at": _iso(c.at)} for c in workshop.stage_changes],
        },
        # As the trainer set them (each screen shows a kept default name in its own language).
        "themes": [
            {"id": t.id, "name": t.name, "icon": t.icon, "colour": t.colour}
            for t in workshop.themes
        ],
        "participants": [
            {
                "id": pseudonym[p.id],
                "role": p.role.value,
                "theme_id": p.theme_id,
                "language": p.language,
                "joined_at": _iso(p.joined_at),
                "on_behalf": p.on_behalf,
            }
            for p in participants
        ],
        "team": [
            {"id": f"T{i}", "role": m.role.value, "theme_id": m.theme_id}
            for i, m in enumerate(team, start=1)
        ],
        "rounds": [
            {"id": r.id, "position": r.position, "prompt": r.prompt, "opened_at": _iso(r.opened_at)}
            for r in workshop.rounds
        ],
        "problems": [
            {
                "id": p.id,
                "theme_id": p.theme_id,
                "author": pseudonym.get(p.author_id),
                "author_role": p.author_role.value,
                "language": p.language,
                "origin": p.origin.value,
                "entered_by": member_ids.get(p.entered_by_id),
                "round_id": p.round_id,
                "source": sources.get(p.source_id),
                "text": p.text,
                "original_text": p.original_text,
                "hidden": p.hidden,
                "approved": p.approved,
                "merged_into": p.merged_into_id,
                "focus": p.focus,
                "created_at": _iso(p.created_at),
                "supporters": supporters.get(p.id, []),
                "supports": len(supporters.get(p.id, [])),
                "translations": translations.get(p.id, []),
                "priority_dots": {
                    stage: counts[str(p.id)]
                    for stage, counts in problem_dots.items()
                    if str(p.id) in counts
                },
            }
            for p in problems
        ],
        "problem_votes": [
            {
                "participant": pseudonym[v.participant_id],
                "problem_id": v.problem_id,
                "stage": v.stage,
                "dots": v.dots,
            }
            for v in problem_votes
        ],
        "prototypes": [
            {
                "id": p["id"],
                "theme_id": p["theme_id"],
                "author": pseudonym.get(prototype_rows[p["id"]].author_id),
                "origin": p["origin"],
                "entered_by": member_ids.get(prototype_rows[p["id"]].entered_by_id),
                "title": p["title"],
                "what_changes": p["what_changes"],
                "who_benefits": p["who_benefits"],
                "who_acts": p["who_acts"],
                "first_step": p["first_step"],
                "problem_ids": p["problem_ids"],
                "language": p["language"],
                "translations": [
                    {"language": language, **fields}
                    for language, fields in sorted(p["translations"].items())
                ],
                "created_at": _iso(prototype_rows[p["id"]].created_at),
                "dots": tallies.get(str(p["id"]), {}),
                "hidden": p["hidden"],
                "response": _response(prototype_rows[p["id"]].response, pseudonym, member_ids),
                "photo": _photo(photos.get(p["id"])),
            }
            for p in live.prototypes(workshop, everything=True)
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
        "feedback": [
            {"participant": pseudonym[f.participant_id], "score": f.score, "comment": f.comment}
            for f in feedback
        ],
        "feedback_summary": {
            "answers": len(feedback),
            "average": round(sum(f.score for f in feedback) / len(feedback), 2)
            if feedback
            else None,
            "distribution": [sum(1 for f in feedback if f.score == n) for n in range(1, 6)],
        },
        "moderation": [
            {
                "id": a.id,
                "action": a.action,
                "problem_id": a.problem_id,
                "prototype_id": a.prototype_id,
                "by": member_ids.get(a.member_id) if a.member_id else _logged_role(a.details),
                "at": _iso(a.at),
                "undone_at": _iso(a.undone_at),
                "details": _public_details(a.details),
            }
            for a in moderation
            # Stage changes, exports, withdrawals and purges are in the log, not moderation.
            if a.action not in LOG_ONLY_ACTIONS
        ],
        **_rating_round(workshop, pseudonym, {p.id: p.role.value for p in participants}),
    }


def team_names(workshop: Workshop) -> list[dict[str, str]]:
    """The trainer's and the team's names, for a report whose trainer chose to name them (never
    in the record itself): the trainer's account name, each member's chosen name if they gave
    one. Withdrawn members are left out."""
    names = [{"role": "trainer", "name": workshop.facilitator.username}]
    for member in db.session.scalars(
        select(TeamMember)
        .where(TeamMember.workshop_id == workshop.id, TeamMember.revoked_at.is_(None))
        .order_by(TeamMember.id)
    ):
        if member.display_name:
            names.append({"role": member.role.value, "name": member.display_name})
    return names


def workshop_code(workshop_id: int | None) -> str | None:
    """The join code of another session (a copy's original, an import's source)."""
    if workshop_id is None:
        return None
    return db.session.scalar(select(Workshop.code).where(Workshop.id == workshop_id))


def _sources(problem_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Where imported cards came from: the earlier session's code and title, and the card."""
    if not problem_ids:
        return {}
    rows = db.session.execute(
        select(Problem.id, Workshop.code, Workshop.title)
        .join(Workshop, Workshop.id == Problem.workshop_id)
        .where(Problem.id.in_(problem_ids))
    )
    return {
        pid: {"workshop_code": code, "workshop_title": title, "problem_id": pid}
        for pid, code, title in rows
    }


def _response(
    response: Response | None, pseudonym: dict[int, str], member_ids: dict[int, str]
) -> dict[str, Any] | None:
    """A decision-maker response and who gave it (a participant's pseudonym, or the team)."""
    if response is None:
        return None
    if response.participant_id is not None:
        by = pseudonym.get(response.participant_id)
    elif response.member_id is not None:
        by = member_ids.get(response.member_id)
    else:
        by = "trainer"
    return {
        "decision": response.decision.value,
        "reason": response.reason,
        "owner": response.owner,
        "due_on": response.due_on.isoformat() if response.due_on else None,
        "by": by,
        "updated_at": _iso(response.updated_at),
    }


def _logged_role(raw: str | None) -> str:
    """Who did a step with no team member on record: the trainer, or (after a purge removed
    the team) the role the log kept."""
    return json.loads(raw or "{}").get("role") or "trainer"


def _public_details(raw: str | None) -> dict[str, Any]:
    """A moderation step's parameters, without who did it (``by`` says that) and without the
    full before/after snapshots (the cards themselves are in ``problems``)."""
    details = json.loads(raw or "{}")
    return {k: v for k, v in details.items() if k not in ("role", "before", "after")}


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


def _photo(photo: Photo | None) -> dict[str, Any] | None:
    """A prototype's photo as JSON: its size and the JPEG itself, base64-encoded."""
    if photo is None:
        return None
    return {
        "width": photo.width,
        "height": photo.height,
        "jpeg_base64": base64.b64encode(photo.data).decode("ascii"),
    }

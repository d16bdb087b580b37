"""Participants' data protection: withdrawing one's own cards, deleting a workshop, purging
closed workshops after the retention period, and the log of who did what to a workshop.

Participants are residents with a migrant background, often in a precarious position: what they
typed must not outlive its purpose. Three ways out, each a hard delete (no "deleted" flag that
leaves the text in the database):

- :func:`withdraw_problem` / :func:`withdraw_prototype`: a participant takes back their own card
  or prototype at any stage; its "me too"s, dots, translations and links go with it.
- :func:`delete_workshop`: the trainer who owns a session removes it and everything in it.
- :func:`purge_workshop`: after ``RETENTION_DAYS`` from closing, everything personal goes, and the
  session's *shell* stays for the trainer's records: title, place, date, settings, tables,
  listening prompts, rating items, the stage history and the action log (scrubbed of card text),
  plus the aggregate counts in the purge's own log entry. That is what a facilitator reporting
  on a programme needs ("12 May, 23 people, 41 cards") and nothing a data-protection officer
  would call personal: no person, token, name, typed text, vote or connection is left. Which
  tables are personal is not a hand-kept list: every table with a ``workshop_id`` except
  :data:`KEPT_TABLES` is emptied for the workshop, so a table added later is purged by default.

The action log reuses :class:`~workshop.models.ModerationAction` (no schema change): besides
moderation it records stage changes, exports, withdrawals and purges, with the role that did
it, so the control screen's *Recent steps* shows them all.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, delete, func, select, update

from ..extensions import db
from ..models import (
    Facilitator,
    ModerationAction,
    Participant,
    Presence,
    Problem,
    Prototype,
    RatingItem,
    Stage,
    StageChange,
    Support,
    Vote,
    Workshop,
    prototype_problems,
    utcnow,
)
from . import changes
from .actors import Actor
from .errors import Forbidden, NotFound

#: Entries of the action log that are not moderation steps (the JSON export's ``moderation``
#: list and the report's moderation counts leave them out).
LOG_ONLY_ACTIONS = ("stage", "export", "withdraw", "withdraw_prototype", "purge")

#: What a purge keeps of a workshop: its settings and the record of how it was run, written by
#: the trainer, never by a participant.
KEPT_TABLES = frozenset(
    {"workshops", "themes", "rounds", "rating_items", "criteria", "stage_changes"}
    | {"moderation_actions"}  # kept, scrubbed of card text and team members (see below)
)


# ---- the action log ----------------------------------------------------------------------


def record_action(
    workshop: Workshop,
    action: str,
    *,
    role: str,
    facilitator_id: int | None = None,
    member_id: int | None = None,
    **details: Any,
) -> ModerationAction:
    """Write one entry of the workshop's action log: what, by which role, when.

    ``role`` is ``trainer`` or a team role for the team, ``decision_maker`` for a report taken
    from a phone, ``participant`` for a withdrawal (never which participant), ``command_line``
    for the server's operator (exports and purges run from the shell).
    """
    entry = ModerationAction(
        workshop_id=workshop.id,
        action=action,
        facilitator_id=facilitator_id,
        member_id=member_id,
        details=json.dumps({"role": role, **details}, default=str),
        at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    changes.record(workshop.id, "moderation", entry.id)
    return entry


def log_by(actor: Actor, action: str, **details: Any) -> ModerationAction:
    """Log an action of the trainer or a team member (who is the actor)."""
    return record_action(
        actor.workshop,
        action,
        role=actor.role,
        facilitator_id=actor.facilitator_id,
        member_id=actor.member_id,
        **details,
    )


# ---- erasing rows --------------------------------------------------------------------------


def _ids(values: Any) -> list[int]:
    return sorted(set(values))


def _scrub_log(field: str, ids: list[int]) -> None:
    """Log entries about erased cards keep what was done, not the card or its text (nor the
    state undo would need: a step on a card that is gone cannot be undone)."""
    column = getattr(ModerationAction, field)
    for entry in db.session.scalars(select(ModerationAction).where(column.in_(ids))):
        details = json.loads(entry.details or "{}")
        entry.details = json.dumps({k: v for k, v in details.items() if k not in _SNAPSHOTS})
        setattr(entry, field, None)
    if field == "problem_id":  # merges into an erased card name it in their details only
        for entry in db.session.scalars(
            select(ModerationAction).where(ModerationAction.action == "merge")
        ):
            details = json.loads(entry.details or "{}")
            if details.get("target_id") in ids:
                entry.details = json.dumps(
                    {k: v for k, v in details.items() if k not in _SNAPSHOTS}
                )
    db.session.flush()


#: Log details holding a card's state before and after a step (an edit's text among them).
_SNAPSHOTS = ("before", "after")


#: Tables that keep their rows when what they point at is erased (the pointer is cleared).
_POINTING_ONLY = frozenset({"moderation_actions", "rating_items", "problems", "prototypes"})


def _delete_hanging(column: str, ids: list[int]) -> None:
    """Delete every row that hangs on the erased cards or prototypes through ``column``:
    "me too"s, dots, translations, links, responses, photos … found in the metadata, so a table
    added later (a prototype's photo) goes with its card without being listed here."""
    for table in db.metadata.sorted_tables:
        if column in table.c and table.name not in _POINTING_ONLY:
            db.session.execute(delete(table).where(table.c[column].in_(ids)))


def _erase_problems(ids: list[int], *, reparent: int | None = None) -> set[int]:
    """Delete cards and everything hanging on them; returns the prototypes that answered them.

    Cards merged into an erased card come back under ``reparent`` (the card it was merged into,
    or None: back on the wall), since they are other people's cards. A copy imported into a
    later session keeps its own text but forgets where it came from.
    """
    if not ids:
        return set()
    linked = set(
        db.session.scalars(
            select(prototype_problems.c.prototype_id).where(
                prototype_problems.c.problem_id.in_(ids)
            )
        )
    )
    db.session.execute(
        update(Problem)
        .where(Problem.merged_into_id.in_(ids), Problem.id.not_in(ids))
        .values(merged_into_id=reparent)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Problem)
        .where(Problem.source_id.in_(ids))
        .values(source_id=None)
        .execution_options(synchronize_session=False)
    )
    _scrub_log("problem_id", ids)
    _delete_hanging("problem_id", ids)
    # Merges among the erased cards themselves must not block their deletion.
    db.session.execute(
        update(Problem)
        .where(Problem.id.in_(ids))
        .values(merged_into_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(Problem).where(Problem.id.in_(ids)).execution_options(synchronize_session=False)
    )
    return linked


def _erase_prototypes(ids: list[int]) -> None:
    """Delete prototypes with their dots, translations, response and links to cards.

    A later prototype review that rated one keeps its item (the review's own text) but no longer
    points at the prototype.
    """
    if not ids:
        return
    _scrub_log("prototype_id", ids)
    db.session.execute(
        update(RatingItem)
        .where(RatingItem.prototype_id.in_(ids))
        .values(prototype_id=None)
        .execution_options(synchronize_session=False)
    )
    _delete_hanging("prototype_id", ids)
    db.session.execute(
        delete(Prototype).where(Prototype.id.in_(ids)).execution_options(synchronize_session=False)
    )


# ---- withdrawing one's own cards ---------------------------------------------------------------


def own_work(participant: Participant) -> tuple[list[Problem], list[Prototype]]:
    """The cards and prototypes a participant may withdraw (also those off the wall)."""
    problems = list(
        db.session.scalars(
            select(Problem).where(Problem.author_id == participant.id).order_by(Problem.id)
        )
    )
    prototypes = list(
        db.session.scalars(
            select(Prototype).where(Prototype.author_id == participant.id).order_by(Prototype.id)
        )
    )
    return problems, prototypes


def withdraw_problem(participant: Participant, problem_id: int) -> None:
    """Delete the participant's own card for good, with its "me too"s, dots and translations.

    Allowed at any stage (it is their text, not input to the current step) and refused for
    anyone else's card. The card leaves every screen in the next delta; prototypes that answered
    it no longer list it, and cards merged into it come back on the wall.
    """
    problem = db.session.get(Problem, problem_id)
    if problem is None or problem.workshop_id != participant.workshop_id:
        raise NotFound(_l("This card no longer exists."))
    if problem.author_id != participant.id:
        raise Forbidden(_l("Only the person who wrote a card can withdraw it."))
    workshop_id, reparent = participant.workshop_id, problem.merged_into_id
    children = list(
        db.session.scalars(select(Problem.id).where(Problem.merged_into_id == problem_id))
    )
    linked = _erase_problems([problem_id], reparent=reparent)
    db.session.expunge(problem)
    db.session.expire_all()
    for ident in [problem_id, *children, *([reparent] if reparent else [])]:
        changes.record(workshop_id, "problem", ident)
    for ident in linked:
        changes.record(workshop_id, "prototype", ident)
    changes.record(workshop_id, "problem_votes")
    record_action(participant.workshop, "withdraw", role="participant")


def withdraw_prototype(participant: Participant, prototype_id: int) -> None:
    """Delete a prototype the participant made (or the team typed for them), with its dots."""
    prototype = db.session.get(Prototype, prototype_id)
    if prototype is None or prototype.workshop_id != participant.workshop_id:
        raise NotFound(_l("This prototype no longer exists."))
    if prototype.author_id != participant.id:
        raise Forbidden(_l("Only the person who made a prototype can withdraw it."))
    workshop_id = participant.workshop_id
    _erase_prototypes([prototype_id])
    db.session.expunge(prototype)
    db.session.expire_all()
    changes.record(workshop_id, "prototype", prototype_id)
    changes.record(workshop_id, "votes")
    record_action(participant.workshop, "withdraw_prototype", role="participant")


# ---- a whole workshop ----------------------------------------------------------------------------


def _workshop_tables() -> list[Table]:
    """Every table with a ``workshop_id``, dependents first (so deleting in order never breaks
    a foreign key)."""
    return [t for t in reversed(db.metadata.sorted_tables) if "workshop_id" in t.c]


def personal_tables() -> list[Table]:
    """The tables a purge empties for a workshop (every workshop table not in ``KEPT_TABLES``)."""
    return [t for t in _workshop_tables() if t.name not in KEPT_TABLES]


def _detach(workshop_id: int) -> tuple[list[int], list[int]]:
    """Undo the links that cross rows a purge or deletion removes; returns (cards, prototypes)."""
    problem_ids = _ids(
        db.session.scalars(select(Problem.id).where(Problem.workshop_id == workshop_id))
    )
    prototype_ids = _ids(
        db.session.scalars(select(Prototype.id).where(Prototype.workshop_id == workshop_id))
    )
    _erase_problems(problem_ids)
    _erase_prototypes(prototype_ids)
    return problem_ids, prototype_ids


def open_screens(workshop: Workshop) -> list[str]:
    """The Socket.IO connections open on a workshop (read before deleting it, to close them)."""
    return list(db.session.scalars(select(Presence.sid).where(Presence.workshop_id == workshop.id)))


def delete_workshop(workshop: Workshop, facilitator: Facilitator) -> str:
    """Delete a workshop and everything in it, for its own trainer only; returns its code.

    Nothing is kept, not even the action log (it belongs to the workshop, which is gone). The
    caller closes the open screens (their presence rows, read before, name them): each reloads
    and finds no workshop. Sessions copied from it keep their settings.
    """
    if workshop.facilitator_id != facilitator.id:
        raise Forbidden(_l("Only the trainer who created this workshop can delete it."))
    workshop_id, code = workshop.id, workshop.code
    _detach(workshop_id)
    db.session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id)
        .values(projector_theme_id=None, current_round_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Workshop)
        .where(Workshop.copied_from_id == workshop_id)
        .values(copied_from_id=None)
        .execution_options(synchronize_session=False)
    )
    # Items of a later review that point at this session's prototypes were let go in _detach.
    for table in _workshop_tables():
        db.session.execute(delete(table).where(table.c.workshop_id == workshop_id))
    db.session.execute(delete(Workshop.__table__).where(Workshop.id == workshop_id))
    db.session.expire_all()
    return code


# ---- retention and purge -------------------------------------------------------------------------


def closed_at(workshop: Workshop) -> datetime | None:
    """When the workshop last entered Closed, if it is closed now (the retention counts from
    there; a session reopened by going Back is not closed)."""
    if workshop.stage != Stage.CLOSED:
        return None
    at = db.session.scalar(
        select(func.max(StageChange.at)).where(
            StageChange.workshop_id == workshop.id, StageChange.stage == Stage.CLOSED.value
        )
    )
    if at is not None and at.tzinfo is None:  # SQLite hands back naive datetimes; we store UTC
        at = at.replace(tzinfo=UTC)
    return at


def personal_rows(workshop: Workshop) -> dict[str, int]:
    """How many personal rows the workshop still holds, per table (only tables with rows)."""
    counts: dict[str, int] = {}
    for table in personal_tables():
        n = db.session.scalar(
            select(func.count()).select_from(table).where(table.c.workshop_id == workshop.id)
        )
        if n:
            counts[table.name] = int(n)
    for name, column, model in (
        ("supports", Support.problem_id, Problem),
        ("prototype_problems", prototype_problems.c.problem_id, Problem),
    ):
        n = db.session.scalar(
            select(func.count())
            .select_from(column.table)
            .where(column.in_(select(model.id).where(model.workshop_id == workshop.id)))
        )
        if n:
            counts[name] = int(n)
    return counts


def due_for_purge(days: int, now: datetime | None = None) -> list[Workshop]:
    """Workshops closed at least ``days`` days ago that still hold personal data, oldest first.

    A purged workshop holds none, so running the purge again finds nothing (idempotent).
    """
    cutoff = (now or utcnow()) - timedelta(days=days)
    due = []
    for workshop in db.session.scalars(
        select(Workshop).where(Workshop.stage == Stage.CLOSED).order_by(Workshop.id)
    ):
        closed = closed_at(workshop)
        if closed is not None and closed <= cutoff and personal_rows(workshop):
            due.append(workshop)
    return due


def _aggregates(workshop: Workshop) -> dict[str, Any]:
    """The counts the trainer keeps after a purge: how many took part, by role, and posted."""
    roles = Counter(
        role.value
        for role in db.session.scalars(
            select(Participant.role).where(Participant.workshop_id == workshop.id)
        )
    )
    problems = db.session.scalar(
        select(func.count()).select_from(Problem).where(Problem.workshop_id == workshop.id)
    )
    prototypes = db.session.scalar(
        select(func.count()).select_from(Prototype).where(Prototype.workshop_id == workshop.id)
    )
    dots = db.session.scalar(
        select(func.coalesce(func.sum(Vote.dots), 0)).where(Vote.workshop_id == workshop.id)
    )
    return {
        "participants": sum(roles.values()),
        "by_role": dict(sorted(roles.items())),
        "cards": int(problems or 0),
        "prototypes": int(prototypes or 0),
        "dots": int(dots or 0),
    }


def purge_workshop(workshop: Workshop) -> dict[str, int]:
    """Delete everything personal of a workshop; keep its shell and aggregate counts.

    Returns the rows removed per table. The log keeps every step (who, what, when) but no card
    text and no team member (their role stays in the entry); the purge itself is logged with the
    counts the trainer may still cite. Running it on a purged workshop removes nothing.
    """
    removed = personal_rows(workshop)
    if not removed:
        return {}
    counts = _aggregates(workshop)
    _detach(workshop.id)
    db.session.execute(
        update(ModerationAction)
        .where(ModerationAction.workshop_id == workshop.id)
        .values(member_id=None)
        .execution_options(synchronize_session=False)
    )
    for entry in db.session.scalars(
        select(ModerationAction).where(ModerationAction.workshop_id == workshop.id)
    ):
        details = json.loads(entry.details or "{}")
        entry.details = json.dumps({k: v for k, v in details.items() if k not in _SNAPSHOTS})
    for table in personal_tables():
        db.session.execute(delete(table).where(table.c.workshop_id == workshop.id))
    db.session.expire_all()
    record_action(workshop, "purge", role="command_line", **counts)
    changes.record(workshop.id, "workshop")
    return removed

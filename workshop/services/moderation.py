"""Moderation: what the trainer and their team do to cards and prototypes on the wall.

Nothing a participant posted is ever deleted here. A card is hidden (off the wall, kept), edited
(its first text kept in ``original_text``), moved to another table, merged into a duplicate
(``merged_into_id``; its "me too"s, dots and prototype links count for the card it went into,
because :mod:`.live` follows merges when it reads), approved under pre-moderation, or marked as
its table's focus. Every step writes one :class:`~workshop.models.ModerationAction` saying who
did it, in which role, and when, with the state before and after it; hide, move, merge and edit
(and hiding a prototype) can be undone from that record.

Each function asks the :class:`~.actors.Actor` first, before changing anything: a table
facilitator moderates their own table only (both tables, for a move or a merge across tables).
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import (
    ModerationAction,
    Problem,
    Prototype,
    Theme,
    Workshop,
    prototype_problems,
    utcnow,
)
from . import changes, live
from .actors import Actor
from .errors import InvalidInput, NotFound
from .locking import lock_row
from .problems import PROBLEM_MAX, clean_text

#: Actions whose record can be undone (the others are undone by their opposite action).
UNDOABLE = frozenset(live.UNDOABLE_ACTIONS)

#: The card fields each action changes: its record keeps them before and after, for undo.
_FIELDS = {
    "hide": ("hidden",),
    "unhide": ("hidden",),
    "edit": ("text", "original_text"),
    "move": ("theme_id", "focus"),
    "merge": ("merged_into_id", "focus"),
}


def _one_at_a_time(actor: Actor) -> None:
    """Moderation of a workshop is done one action at a time, by a row lock on the workshop
    (PostgreSQL; SQLite has one writer anyway). Two control screens merging two cards into
    each other at once would otherwise both see the other card on the wall, and leave neither.
    Moderation is rare next to votes, so waiting a few milliseconds costs nobody anything.
    The cards are then read after the lock, fresh from the database."""
    lock_row(Workshop.id, actor.workshop.id)


def _problem(actor: Actor, problem_id: int) -> Problem:
    _one_at_a_time(actor)
    problem = db.session.get(Problem, problem_id, populate_existing=True)
    if problem is None or problem.workshop_id != actor.workshop.id:
        raise NotFound(_l("This card no longer exists."))
    return problem


def _prototype(actor: Actor, prototype_id: int) -> Prototype:
    _one_at_a_time(actor)
    prototype = db.session.get(Prototype, prototype_id, populate_existing=True)
    if prototype is None or prototype.workshop_id != actor.workshop.id:
        raise NotFound(_l("This prototype no longer exists."))
    return prototype


def _require_table(actor: Actor, *theme_ids: int | None) -> None:
    for theme_id in theme_ids:
        actor.require(
            actor.may_moderate(theme_id),
            _l("You can moderate only the cards of your own table."),
        )


def _state(problem: Problem, action: str) -> dict[str, Any]:
    return {name: getattr(problem, name) for name in _FIELDS[action]}


def _log(
    actor: Actor,
    action: str,
    *,
    problem: Problem | None = None,
    prototype: Prototype | None = None,
    **details: Any,
) -> ModerationAction:
    """Write the record of one action: who (account or team member, and role), what, when."""
    entry = ModerationAction(
        workshop_id=actor.workshop.id,
        action=action,
        problem_id=problem.id if problem is not None else None,
        prototype_id=prototype.id if prototype is not None else None,
        facilitator_id=actor.facilitator_id,
        member_id=actor.member_id,
        details=json.dumps({"role": actor.role, **details}, default=str),
        at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    changes.record(actor.workshop.id, "moderation", entry.id)
    return entry


def _changed(problem: Problem) -> None:
    """Broadcast the card and the prototypes that answer it (their links may have moved)."""
    changes.record(problem.workshop_id, "problem", problem.id)


def _record_linked_prototypes(actor: Actor, roots: set[int]) -> None:
    """Broadcast the prototypes answering any card that ends in ``roots`` (after merges)."""
    family = [pid for pid, root in live.merge_roots(actor.workshop).items() if root in roots]
    for prototype_id in db.session.scalars(
        select(prototype_problems.c.prototype_id)
        .where(prototype_problems.c.problem_id.in_(family))
        .distinct()
    ):
        changes.record(actor.workshop.id, "prototype", prototype_id)


def hide_problem(actor: Actor, problem_id: int) -> ModerationAction:
    """Take a card off the wall (and out of every tally); it is kept and can come back."""
    problem = _problem(actor, problem_id)
    _require_table(actor, problem.theme_id)
    if problem.hidden:
        raise InvalidInput(_l("This card is already hidden."))
    before = _state(problem, "hide")
    problem.hidden = True
    _changed(problem)
    return _log(actor, "hide", problem=problem, before=before, after=_state(problem, "hide"))


def unhide_problem(actor: Actor, problem_id: int) -> ModerationAction:
    """Put a hidden card back on the wall."""
    problem = _problem(actor, problem_id)
    _require_table(actor, problem.theme_id)
    if not problem.hidden:
        raise InvalidInput(_l("This card is not hidden."))
    before = _state(problem, "unhide")
    problem.hidden = False
    _changed(problem)
    return _log(actor, "unhide", problem=problem, before=before, after=_state(problem, "unhide"))


def edit_problem(actor: Actor, problem_id: int, text: str) -> ModerationAction:
    """Correct a card's text (a typo, a name to remove); the text as posted is kept."""
    problem = _problem(actor, problem_id)
    _require_table(actor, problem.theme_id)
    text = clean_text(text, limit=PROBLEM_MAX, field="text", empty_message=_l("Write the text."))
    if text == problem.text:
        raise InvalidInput(_l("The text is unchanged."), field="text")
    before = _state(problem, "edit")
    if problem.original_text is None:  # the first edit keeps what the participant wrote
        problem.original_text = problem.text
    problem.text = text
    _changed(problem)
    return _log(actor, "edit", problem=problem, before=before, after=_state(problem, "edit"))


def move_problem(actor: Actor, problem_id: int, theme_id: int) -> ModerationAction:
    """Move a card to another table (or sort a listening answer into its theme).

    Focus belongs to a table, so a moved card is no longer focus (undo restores it).
    """
    problem = _problem(actor, problem_id)
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.workshop_id != actor.workshop.id:
        raise NotFound(_l("This table does not exist in this workshop."), field="theme_id")
    _require_table(actor, problem.theme_id, theme.id)
    if problem.theme_id == theme.id:
        raise InvalidInput(_l("The card is already at this table."), field="theme_id")
    before = _state(problem, "move")
    problem.theme_id = theme.id
    problem.focus = False
    _changed(problem)
    return _log(
        actor,
        "move",
        problem=problem,
        before=before,
        after=_state(problem, "move"),
        from_theme_id=before["theme_id"],
        to_theme_id=theme.id,
    )


def merge_problems(actor: Actor, duplicate_id: int, target_id: int) -> ModerationAction:
    """Merge a duplicate card into ``target``: one card on the wall, each person counted once.

    Nothing is copied: the duplicate only points at the target, and the read models count its
    "me too"s (a person who supported both counts once), dots and prototype links for the
    target. So undo is exact. If the duplicate was focus, the target becomes focus.
    """
    duplicate = _problem(actor, duplicate_id)
    target = _problem(actor, target_id)
    _require_table(actor, duplicate.theme_id, target.theme_id)
    if duplicate.id == target.id:
        raise InvalidInput(_l("Choose another card to merge into."), field="target_id")
    if duplicate.merged_into_id is not None:
        raise InvalidInput(_l("This card was already merged into another one."))
    if target.merged_into_id is not None:
        raise InvalidInput(
            _l("That card was merged into another one: merge into that one."), field="target_id"
        )
    if target.hidden:
        raise InvalidInput(
            _l("That card is hidden: show it first, or choose another."), field="target_id"
        )
    cards = [duplicate, target]
    before = {str(c.id): _state(c, "merge") for c in cards}
    target.focus = target.focus or duplicate.focus
    duplicate.focus = False
    duplicate.merged_into_id = target.id
    # Cards merged into the duplicate earlier now end in the target too, and so do their links.
    db.session.flush()
    for card in cards:
        _changed(card)
    _record_linked_prototypes(actor, {target.id})
    return _log(
        actor,
        "merge",
        problem=duplicate,
        target_id=target.id,
        before=before,
        after={str(c.id): _state(c, "merge") for c in cards},
    )


def approve_problem(actor: Actor, problem_id: int) -> ModerationAction:
    """Let a card held back by pre-moderation onto the wall."""
    problem = _problem(actor, problem_id)
    _require_table(actor, problem.theme_id)
    if problem.approved:
        raise InvalidInput(_l("This card is already on the wall."))
    problem.approved = True
    _changed(problem)
    return _log(actor, "approve", problem=problem)


def set_focus(actor: Actor, problem_id: int, focus: bool) -> ModerationAction:
    """Mark (or unmark) a card as one its table will work on, by hand."""
    problem = _problem(actor, problem_id)
    _require_table(actor, problem.theme_id)
    if focus and not problem.on_wall:
        raise InvalidInput(_l("Only a card on the wall can be a focus."))
    if problem.focus == focus:
        raise InvalidInput(
            _l("This card is already a focus.") if focus else _l("This card is not a focus.")
        )
    problem.focus = focus
    _changed(problem)
    return _log(actor, "focus" if focus else "unfocus", problem=problem)


def _set_prototype_hidden(actor: Actor, prototype_id: int, hidden: bool) -> ModerationAction:
    prototype = _prototype(actor, prototype_id)
    _require_table(actor, prototype.theme_id)
    if prototype.hidden == hidden:
        raise InvalidInput(
            _l("This prototype is already hidden.")
            if hidden
            else _l("This prototype is not hidden.")
        )
    prototype.hidden = hidden
    changes.record(actor.workshop.id, "prototype", prototype.id)
    changes.record(actor.workshop.id, "votes")  # its dots leave (or rejoin) the tallies
    return _log(
        actor,
        "hide_prototype" if hidden else "unhide_prototype",
        prototype=prototype,
        before={"hidden": not hidden},
        after={"hidden": hidden},
    )


def hide_prototype(actor: Actor, prototype_id: int) -> ModerationAction:
    """Take a prototype off the wall and out of the vote; kept, and it can come back."""
    return _set_prototype_hidden(actor, prototype_id, True)


def unhide_prototype(actor: Actor, prototype_id: int) -> ModerationAction:
    """Put a hidden prototype back on the wall and in the vote."""
    return _set_prototype_hidden(actor, prototype_id, False)


def set_premoderation(actor: Actor, on: bool) -> ModerationAction:
    """Turn pre-moderation on or off for new cards (cards already waiting keep waiting)."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    if workshop.premoderation == on:
        raise InvalidInput(
            _l("Pre-moderation is already on.") if on else _l("Pre-moderation is already off.")
        )
    workshop.premoderation = on
    changes.record(workshop.id, "workshop")
    return _log(actor, "premoderation", on=on)


def undo(actor: Actor, action_id: int) -> ModerationAction:
    """Restore exactly the state before a hide, move, merge, edit or prototype hide.

    Refused when it was undone already, or when the card changed again since (undo the later
    change first), so an undo never silently throws away someone else's later step.
    """
    entry = db.session.get(ModerationAction, action_id)
    if entry is None or entry.workshop_id != actor.workshop.id:
        raise NotFound(_l("This moderation step does not exist."))
    if entry.action not in UNDOABLE:
        raise InvalidInput(_l("This step cannot be undone."))
    if entry.undone_at is not None:
        raise InvalidInput(_l("This step was already undone."))
    details = json.loads(entry.details or "{}")
    if "before" not in details:  # a card it was about has been withdrawn by its author
        raise InvalidInput(_l("This step cannot be undone."))
    if entry.action == "hide_prototype":
        prototype = _prototype(actor, entry.prototype_id)
        _require_table(actor, prototype.theme_id)
        if not prototype.hidden:
            raise InvalidInput(_l("This prototype changed since: undo the later step first."))
        prototype.hidden = False
        changes.record(actor.workshop.id, "prototype", prototype.id)
        changes.record(actor.workshop.id, "votes")
        entry.undone_at = utcnow()
        return _log(actor, "undo", prototype=prototype, undoes=entry.id, undone=entry.action)
    states: dict[str, dict[str, Any]]
    if entry.action == "merge":
        states = {"before": details["before"], "after": details["after"]}
    else:
        key = str(entry.problem_id)
        states = {"before": {key: details["before"]}, "after": {key: details["after"]}}
    cards = {pid: _problem(actor, int(pid)) for pid in states["before"]}
    for pid, card in cards.items():
        # Both the table it is at now and the one it goes back to.
        _require_table(actor, card.theme_id, states["before"][pid].get("theme_id", card.theme_id))
    for pid, card in cards.items():
        if _state(card, entry.action) != states["after"][pid]:
            raise InvalidInput(_l("This card changed since: undo the later step first."))
    for pid, card in cards.items():
        for name, value in states["before"][pid].items():
            setattr(card, name, value)
        _changed(card)
    if entry.action == "merge":
        db.session.flush()
        _record_linked_prototypes(actor, {int(pid) for pid in cards})
    entry.undone_at = utcnow()
    changes.record(actor.workshop.id, "moderation", entry.id)
    first = db.session.get(Problem, entry.problem_id)
    return _log(actor, "undo", problem=first, undoes=entry.id, undone=entry.action)

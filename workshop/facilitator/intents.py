"""Team-side intents on a workshop: stage changes, reveal, projector, rounds, responses, timer.

Each intent acts as an :class:`~workshop.services.Actor` (the trainer, or a member of their
team) and first asks it whether its role allows the action; the matrix lives in
:mod:`workshop.services.actors`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm

from .. import services
from ..intents import Ack
from ..models import ModerationAction
from ..participate.forms import ResponseForm
from ..services import Actor, behalf, imports, live, privacy, translations
from .forms import (
    AddTimeForm,
    EditProblemForm,
    FocusForm,
    ImportForm,
    MachineTranslateForm,
    MachineTranslatePrototypeForm,
    MergeProblemsForm,
    MoveProblemForm,
    PersonForm,
    PremoderationForm,
    ProblemIdForm,
    PrototypeIdForm,
    QuoteForm,
    RevealForm,
    RoundForm,
    ShowTableForm,
    StageForm,
    StopTimerForm,
    TimerForm,
    TimerLockForm,
    TranslateForm,
    TranslatePrototypeForm,
    UndoForm,
)


def set_stage(actor: Actor, form: StageForm) -> Ack:
    """Ack: the stage the room is now in."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    leaving = workshop.stage
    services.advance_stage(workshop, form.stage.data)
    if workshop.stage != leaving:  # who moved the room, in the action log
        privacy.log_by(actor, "stage", **{"from": leaving.value, "to": workshop.stage.value})
    return {"stage": workshop.stage.value, "revealed": workshop.results_revealed}


def reveal(actor: Actor, form: RevealForm) -> Ack:
    """Ack: whether tallies are now shown."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    services.reveal_results(workshop, bool(form.revealed.data))
    return {"revealed": workshop.results_revealed}


def show_table(actor: Actor, form: ShowTableForm) -> Ack:
    """Ack: the table now on the projector (None: every table)."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    services.show_on_projector(workshop, form.theme_id.data or None)
    return {"projector_theme_id": workshop.projector_theme_id}


def open_round(actor: Actor, form: RoundForm) -> Ack:
    """Ack: the round the phones now answer."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    services.open_round(workshop, form.round_id.data)
    return {"round_id": workshop.current_round_id}


def respond(actor: Actor, form: ResponseForm) -> Ack:
    """The trainer types in a decision maker's response. Ack: the prototype as shown."""
    actor.require(actor.may_respond())
    workshop = actor.workshop
    services.record_response(
        workshop,
        form.prototype_id.data,
        decision=form.decision.data,
        reason=form.reason.data,
        owner=form.owner.data,
        due_on=form.due_on.data,
        facilitator=actor.facilitator,
        member=actor.member,
    )
    return {"prototype": live.prototypes(workshop, {form.prototype_id.data})[0]}


def add_person(actor: Actor, form: PersonForm) -> Ack:
    """The team adds someone without a phone. Ack: their id (to enter their input next)."""
    person = behalf.add_person(
        actor,
        role=form.role.data,
        language=form.language.data,
        theme_id=form.theme_id.data,
        label=form.label.data,
    )
    return {"person_id": person.id}


def quote(actor: Actor, form: QuoteForm) -> Ack:
    """Capture something said aloud. Ack: the card as the wall shows it."""
    card = behalf.capture_quote(
        actor,
        form.text.data,
        role=form.role.data,
        language=form.language.data,
        theme_id=form.theme_id.data,
    )
    return {"problem": live.problems(actor.workshop, {card.id})[0]}


def import_problems(actor: Actor, form: ImportForm) -> Ack:
    """Bring in an earlier session's problems. Ack: how many cards were added."""
    return {"imported": len(imports.import_problems(actor, form.source_id.data))}


def translate(actor: Actor, form: TranslateForm) -> Ack:
    """Add a card's translation. Ack: the card as moderators see it, translations included."""
    translation = translations.add_translation(
        actor, form.problem_id.data, form.language.data, form.text.data
    )
    return {"problem": live.problems(actor.workshop, {translation.problem_id}, everything=True)[0]}


def machine_translate(actor: Actor, form: MachineTranslateForm) -> Ack:
    """Ask the configured machine translation server. Ack: the card with its translations."""
    translation = translations.machine_translate(actor, form.problem_id.data, form.language.data)
    return {"problem": live.problems(actor.workshop, {translation.problem_id}, everything=True)[0]}


def translate_prototype(actor: Actor, form: TranslatePrototypeForm) -> Ack:
    """Add a prototype's translation. Ack: the prototype with its translations."""
    fields = {name: form[name].data for name in ("title", *services.prototypes.CANVAS_FIELDS)}
    translation = translations.add_prototype_translation(
        actor, form.prototype_id.data, form.language.data, fields
    )
    return {
        "prototype": live.prototypes(actor.workshop, {translation.prototype_id}, everything=True)[0]
    }


def machine_translate_prototype(actor: Actor, form: MachineTranslatePrototypeForm) -> Ack:
    """A prototype translated by the configured server. Ack: the prototype."""
    translation = translations.machine_translate_prototype(
        actor, form.prototype_id.data, form.language.data
    )
    return {
        "prototype": live.prototypes(actor.workshop, {translation.prototype_id}, everything=True)[0]
    }


def _moderated(actor: Actor, entry: ModerationAction) -> Ack:
    """Ack of a moderation step: its log entry (with its id, for undo)."""
    return {
        "moderation": next(e for e in live.moderation_log(actor.workshop) if e["id"] == entry.id)
    }


def hide(actor: Actor, form: ProblemIdForm) -> Ack:
    """Take a card off the wall (kept; undo or unhide brings it back)."""
    return _moderated(actor, services.hide_problem(actor, form.problem_id.data))


def unhide(actor: Actor, form: ProblemIdForm) -> Ack:
    """Put a hidden card back on the wall."""
    return _moderated(actor, services.unhide_problem(actor, form.problem_id.data))


def edit(actor: Actor, form: EditProblemForm) -> Ack:
    """Correct a card's text; the text as posted is kept."""
    return _moderated(actor, services.edit_problem(actor, form.problem_id.data, form.text.data))


def move(actor: Actor, form: MoveProblemForm) -> Ack:
    """Move a card to another table."""
    return _moderated(actor, services.move_problem(actor, form.problem_id.data, form.theme_id.data))


def merge(actor: Actor, form: MergeProblemsForm) -> Ack:
    """Merge a duplicate card into another."""
    return _moderated(
        actor, services.merge_problems(actor, form.problem_id.data, form.target_id.data)
    )


def approve(actor: Actor, form: ProblemIdForm) -> Ack:
    """Let a card held by pre-moderation onto the wall."""
    return _moderated(actor, services.approve_problem(actor, form.problem_id.data))


def set_focus(actor: Actor, form: FocusForm) -> Ack:
    """Mark or unmark a card as its table's focus."""
    return _moderated(actor, services.set_focus(actor, form.problem_id.data, bool(form.focus.data)))


def hide_prototype(actor: Actor, form: PrototypeIdForm) -> Ack:
    """Take a prototype off the wall and out of the vote."""
    return _moderated(actor, services.hide_prototype(actor, form.prototype_id.data))


def unhide_prototype(actor: Actor, form: PrototypeIdForm) -> Ack:
    """Put a hidden prototype back."""
    return _moderated(actor, services.unhide_prototype(actor, form.prototype_id.data))


def premoderation(actor: Actor, form: PremoderationForm) -> Ack:
    """Switch pre-moderation of new cards on or off. Ack also says which it is now."""
    ack = _moderated(actor, services.set_premoderation(actor, bool(form.on.data)))
    return {**ack, "premoderation": actor.workshop.premoderation}


def undo(actor: Actor, form: UndoForm) -> Ack:
    """Undo a hide, move, merge or edit."""
    return _moderated(actor, services.undo(actor, form.action_id.data))


def start_timer(actor: Actor, form: TimerForm) -> Ack:
    """Ack: the countdown as screens get it (``seconds``, ``remaining_ms``, ``locks``)."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    services.start_timer(workshop, form.total_seconds)
    return {"timer": live.timer(workshop)}


def add_time(actor: Actor, form: AddTimeForm) -> Ack:
    """Ack: the countdown with the time added."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    services.add_time(workshop, form.seconds.data)
    return {"timer": live.timer(workshop)}


def stop_timer(actor: Actor, form: StopTimerForm) -> Ack:
    """Ack: ``timer`` is null."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    services.stop_timer(workshop)
    return {"timer": live.timer(workshop)}


def timer_lock(actor: Actor, form: TimerLockForm) -> Ack:
    """Ack: whether input now locks at zero, and the countdown (None when none runs)."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    services.set_timer_lock(workshop, bool(form.locked.data))
    return {"locks": workshop.lock_at_zero, "timer": live.timer(workshop)}


INTENTS: dict[str, tuple[type[FlaskForm], Callable[[Actor, Any], Ack]]] = {
    "set_stage": (StageForm, set_stage),
    "reveal": (RevealForm, reveal),
    "show_table": (ShowTableForm, show_table),
    "open_round": (RoundForm, open_round),
    "respond": (ResponseForm, respond),
    "add_person": (PersonForm, add_person),
    "quote": (QuoteForm, quote),
    "import_problems": (ImportForm, import_problems),
    "translate": (TranslateForm, translate),
    "machine_translate": (MachineTranslateForm, machine_translate),
    "translate_prototype": (TranslatePrototypeForm, translate_prototype),
    "machine_translate_prototype": (MachineTranslatePrototypeForm, machine_translate_prototype),
    "hide": (ProblemIdForm, hide),
    "unhide": (ProblemIdForm, unhide),
    "edit": (EditProblemForm, edit),
    "move": (MoveProblemForm, move),
    "merge": (MergeProblemsForm, merge),
    "approve": (ProblemIdForm, approve),
    "set_focus": (FocusForm, set_focus),
    "hide_prototype": (PrototypeIdForm, hide_prototype),
    "unhide_prototype": (PrototypeIdForm, unhide_prototype),
    "premoderation": (PremoderationForm, premoderation),
    "undo": (UndoForm, undo),
    "start_timer": (TimerForm, start_timer),
    "add_time": (AddTimeForm, add_time),
    "stop_timer": (StopTimerForm, stop_timer),
    "timer_lock": (TimerLockForm, timer_lock),
}

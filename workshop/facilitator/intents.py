"""Team-side intents on a workshop: stage changes, reveal, projector, rounds, responses.

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
from ..participate.forms import ResponseForm
from ..services import Actor, behalf, imports, live
from .forms import (
    ImportForm,
    PersonForm,
    QuoteForm,
    RevealForm,
    RoundForm,
    ShowTableForm,
    StageForm,
)


def set_stage(actor: Actor, form: StageForm) -> Ack:
    """Ack: the stage the room is now in."""
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    services.advance_stage(workshop, form.stage.data)
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


INTENTS: dict[str, tuple[type[FlaskForm], Callable[[Actor, Any], Ack]]] = {
    "set_stage": (StageForm, set_stage),
    "reveal": (RevealForm, reveal),
    "show_table": (ShowTableForm, show_table),
    "open_round": (RoundForm, open_round),
    "respond": (ResponseForm, respond),
    "add_person": (PersonForm, add_person),
    "quote": (QuoteForm, quote),
    "import_problems": (ImportForm, import_problems),
}

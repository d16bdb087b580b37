"""Facilitator intents on a workshop they run: stage changes and revealing results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm

from .. import services
from ..intents import Ack
from ..models import Workshop
from ..participate.forms import ResponseForm
from ..services import live
from .forms import RevealForm, RoundForm, ShowTableForm, StageForm


def set_stage(workshop: Workshop, form: StageForm) -> Ack:
    """Ack: the stage the room is now in."""
    services.advance_stage(workshop, form.stage.data)
    return {"stage": workshop.stage.value, "revealed": workshop.results_revealed}


def reveal(workshop: Workshop, form: RevealForm) -> Ack:
    """Ack: whether tallies are now shown."""
    services.reveal_results(workshop, bool(form.revealed.data))
    return {"revealed": workshop.results_revealed}


def show_table(workshop: Workshop, form: ShowTableForm) -> Ack:
    """Ack: the table now on the projector (None: every table)."""
    services.show_on_projector(workshop, form.theme_id.data or None)
    return {"projector_theme_id": workshop.projector_theme_id}


def open_round(workshop: Workshop, form: RoundForm) -> Ack:
    """Ack: the round the phones now answer."""
    services.open_round(workshop, form.round_id.data)
    return {"round_id": workshop.current_round_id}


def respond(workshop: Workshop, form: ResponseForm) -> Ack:
    """The trainer types in a decision maker's response. Ack: the prototype as shown."""
    services.record_response(
        workshop,
        form.prototype_id.data,
        decision=form.decision.data,
        reason=form.reason.data,
        owner=form.owner.data,
        due_on=form.due_on.data,
        facilitator=workshop.facilitator,
    )
    return {"prototype": live.prototypes(workshop, {form.prototype_id.data})[0]}


INTENTS: dict[str, tuple[type[FlaskForm], Callable[[Workshop, Any], Ack]]] = {
    "set_stage": (StageForm, set_stage),
    "reveal": (RevealForm, reveal),
    "show_table": (ShowTableForm, show_table),
    "open_round": (RoundForm, open_round),
    "respond": (ResponseForm, respond),
}

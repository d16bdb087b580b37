"""Facilitator intents on a workshop they run: stage changes and revealing results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm

from .. import services
from ..intents import Ack
from ..models import Workshop
from .forms import RevealForm, StageForm


def set_stage(workshop: Workshop, form: StageForm) -> Ack:
    """Ack: the stage the room is now in."""
    services.advance_stage(workshop, form.stage.data)
    return {"stage": workshop.stage.value, "revealed": workshop.results_revealed}


def reveal(workshop: Workshop, form: RevealForm) -> Ack:
    """Ack: whether tallies are now shown."""
    services.reveal_results(workshop, bool(form.revealed.data))
    return {"revealed": workshop.results_revealed}


INTENTS: dict[str, tuple[type[FlaskForm], Callable[[Workshop, Any], Ack]]] = {
    "set_stage": (StageForm, set_stage),
    "reveal": (RevealForm, reveal),
}

"""Participant intents: each validates with a form and calls one service.

Shared by the plain-form routes and the Socket.IO events, so both doors apply the same rules
and acknowledge with the same data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm

from .. import services
from ..intents import Ack
from ..models import Participant
from ..services import live, privacy
from ..services.ratings import rated_items
from .forms import (
    FeedbackForm,
    ProblemForm,
    ProblemVoteForm,
    PrototypeForm,
    RateForm,
    ResponseForm,
    SupportForm,
    VoteForm,
    WithdrawProblemForm,
    WithdrawPrototypeForm,
)


def post_problem(participant: Participant, form: ProblemForm) -> Ack:
    """Ack: the new card as it will appear on the wall; ``pending`` while pre-moderation holds
    it back (then ``problem`` is only ``{"id", "gone"}``: the wall does not show it yet)."""
    problem = services.post_problem(participant, form.text.data)
    ack = {"problem": live.problems(participant.workshop, {problem.id})[0]}
    if not problem.approved:
        ack["pending"] = True
    return ack


def support(participant: Participant, form: SupportForm) -> Ack:
    """Ack: whether this phone now supports the card, and the card's count."""
    supported, count = services.set_support(
        participant, form.problem_id.data, bool(form.supported.data)
    )
    return {"problem_id": form.problem_id.data, "supported": supported, "supports": count}


def create_prototype(participant: Participant, form: PrototypeForm) -> Ack:
    """Ack: the new prototype."""
    prototype = services.create_prototype(
        participant,
        title=form.title.data,
        problem_ids=form.problem_ids.data or [],
        what_changes=form.what_changes.data,
        who_benefits=form.who_benefits.data,
        who_acts=form.who_acts.data,
        first_step=form.first_step.data,
    )
    return {"prototype": live.prototypes(participant.workshop, {prototype.id})[0]}


def vote(participant: Participant, form: VoteForm) -> Ack:
    """Ack: this phone's dots per prototype and how many are left (never the room's tally)."""
    allocation, remaining = services.cast_vote(participant, form.prototype_id.data, form.delta.data)
    return {"votes": {str(k): v for k, v in allocation.items()}, "remaining": remaining}


def problem_vote(participant: Participant, form: ProblemVoteForm) -> Ack:
    """Ack: this phone's dots per problem in this stage and how many are left."""
    allocation, remaining = services.cast_problem_vote(
        participant, form.problem_id.data, form.delta.data
    )
    return {"problem_votes": {str(k): v for k, v in allocation.items()}, "remaining": remaining}


def respond(participant: Participant, form: ResponseForm) -> Ack:
    """Ack: the prototype with its response, as the wall shows it."""
    services.record_response(
        participant.workshop,
        form.prototype_id.data,
        decision=form.decision.data,
        reason=form.reason.data,
        owner=form.owner.data,
        due_on=form.due_on.data,
        participant=participant,
    )
    return {"prototype": live.prototypes(participant.workshop, {form.prototype_id.data})[0]}


def feedback(participant: Participant, form: FeedbackForm) -> Ack:
    """Ack: the score kept (the room never sees single answers)."""
    saved = services.give_feedback(participant, form.score.data, form.comment.data)
    return {"score": saved.score}


def rate(participant: Participant, form: RateForm) -> Ack:
    """Ack: the score kept, and how many items this phone has rated on every criterion."""
    services.rate(participant, form.item_id.data, form.criterion_id.data, form.score.data)
    ratings = services.my_ratings(participant)
    return {
        "item_id": form.item_id.data,
        "criterion_id": form.criterion_id.data,
        "score": form.score.data,
        "rated": rated_items(participant, ratings),
        "items": len(participant.workshop.rating_items),
    }


def withdraw_problem(participant: Participant, form: WithdrawProblemForm) -> Ack:
    """Ack: the id of the card withdrawn (every screen drops it in the next delta)."""
    privacy.withdraw_problem(participant, form.problem_id.data)
    return {"problem_id": form.problem_id.data}


def withdraw_prototype(participant: Participant, form: WithdrawPrototypeForm) -> Ack:
    """Ack: the id of the prototype withdrawn."""
    privacy.withdraw_prototype(participant, form.prototype_id.data)
    return {"prototype_id": form.prototype_id.data}


#: Intent name → (form, function). The names are the Socket.IO event names and URL segments.
INTENTS: dict[str, tuple[type[FlaskForm], Callable[[Participant, Any], Ack]]] = {
    "post_problem": (ProblemForm, post_problem),
    "support": (SupportForm, support),
    "create_prototype": (PrototypeForm, create_prototype),
    "vote": (VoteForm, vote),
    "problem_vote": (ProblemVoteForm, problem_vote),
    "respond": (ResponseForm, respond),
    "feedback": (FeedbackForm, feedback),
    "rate": (RateForm, rate),
    "withdraw_problem": (WithdrawProblemForm, withdraw_problem),
    "withdraw_prototype": (WithdrawPrototypeForm, withdraw_prototype),
}

"""Decision makers' responses to prototypes, and the room's closing feedback.

A response says what happens to a prototype: adopt, study further, or not possible now, with
a reason, an owner and a date. Decision makers record it from their phone in the Response
stage (and any time after); the trainer can type it in for them from the control screen.
One response per prototype: a later answer replaces the earlier one, as a decision would.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import (
    Decision,
    Facilitator,
    Feedback,
    Participant,
    Prototype,
    Response,
    Role,
    Stage,
    TeamMember,
    Workshop,
)
from . import changes
from .errors import Forbidden, InvalidInput, NotFound, WrongStage
from .problems import clean_text

REASON_MAX = 1000
OWNER_MAX = 200
COMMENT_MAX = 500
#: Stages in which responses can be recorded: the Response stage and after.
RESPONSE_STAGES = (Stage.RESPONSE, Stage.CLOSED)


def _prototype(workshop: Workshop, prototype_id: int) -> Prototype:
    prototype = db.session.get(Prototype, prototype_id)
    if prototype is None or prototype.workshop_id != workshop.id or prototype.hidden:
        raise NotFound(_l("This prototype does not exist."), field="prototype_id")
    return prototype


def record_response(
    workshop: Workshop,
    prototype_id: int,
    *,
    decision: Decision | str,
    reason: str = "",
    owner: str = "",
    due_on: date | None = None,
    participant: Participant | None = None,
    facilitator: Facilitator | None = None,
    member: TeamMember | None = None,
) -> Response:
    """Record (or replace) the response to a prototype, by a decision maker or the trainer.

    A participant must be a decision maker of this workshop; the trainer (or a team member whose
    role allows it, checked by the caller through :class:`~.actors.Actor`) may respond in any
    stage once prototypes exist, since officials often answer by e-mail after the session.
    """
    if participant is not None:
        if participant.workshop_id != workshop.id or participant.role != Role.DECISION_MAKER:
            raise Forbidden(_l("Only decision makers respond to prototypes."))
        if workshop.stage not in RESPONSE_STAGES:
            raise WrongStage(_l("Responses are recorded in the Response stage."))
    elif member is not None:
        if member.workshop_id != workshop.id:
            raise Forbidden(_l("You cannot do this from this screen."))
    elif facilitator is None or facilitator.id != workshop.facilitator_id:
        raise Forbidden(_l("You cannot do this from this screen."))
    try:
        decision = Decision(decision)
    except ValueError:
        raise InvalidInput(_l("Choose a decision."), field="decision") from None
    prototype = _prototype(workshop, prototype_id)
    reason = clean_text(reason, limit=REASON_MAX, field="reason")
    if decision == Decision.NOT_POSSIBLE and not reason:
        raise InvalidInput(
            _l("Say why it is not possible now: the room will want to know."), field="reason"
        )
    owner = clean_text(owner, limit=OWNER_MAX, field="owner")
    response = prototype.response or Response(workshop_id=workshop.id, prototype=prototype)
    response.decision = decision
    response.reason = reason
    response.owner = owner
    response.due_on = due_on
    response.participant_id = participant.id if participant else None
    response.facilitator_id = facilitator.id if facilitator else None
    response.member_id = member.id if member else None
    db.session.add(response)
    db.session.flush()
    changes.record(workshop.id, "prototype", prototype.id)
    return response


def give_feedback(participant: Participant, score: int, comment: str = "") -> Feedback:
    """Answer the closing question ("Did you feel heard today?", 1 to 5); answering again
    replaces the answer."""
    if participant.workshop.stage != Stage.CLOSED:
        raise WrongStage(_l("The closing question comes at the end of the session."))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise InvalidInput(_l("Choose from 1 to 5."), field="score")
    comment = clean_text(comment, limit=COMMENT_MAX, field="comment")
    feedback = db.session.get(Feedback, participant.id) or Feedback(
        participant_id=participant.id, workshop_id=participant.workshop_id
    )
    feedback.score = score
    feedback.comment = comment
    db.session.add(feedback)
    db.session.flush()
    changes.record(participant.workshop_id, "feedback")
    return feedback

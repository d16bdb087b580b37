"""Problem cards and "me too"."""

from __future__ import annotations

from datetime import UTC

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..languages import detect_language
from ..models import Origin, Participant, Problem, Stage, Support, Workshop, utcnow
from . import changes
from .errors import InvalidInput, NotFound, WrongStage

PROBLEM_MAX = 280


def timer_locked(workshop: Workshop) -> bool:
    """Whether the stage's countdown has run out and the trainer asked for input to stop then."""
    ends = workshop.timer_ends_at
    if not workshop.lock_at_zero or ends is None:
        return False
    if ends.tzinfo is None:  # SQLite hands back naive datetimes; we store UTC
        ends = ends.replace(tzinfo=UTC)
    return utcnow() >= ends


def require_stage(
    participant: Participant, stage: Stage | tuple[Stage, ...], message: object
) -> None:
    """Refuse an action the current stage does not allow (the phone may be showing a stale one),
    or that comes after the stage's countdown locked input."""
    allowed = stage if isinstance(stage, tuple) else (stage,)
    if participant.workshop.stage not in allowed:
        raise WrongStage(message)
    if timer_locked(participant.workshop):
        raise WrongStage(_l("Time is up for this stage. Wait for the facilitator."))


def clean_text(
    text: str | None, *, limit: int, field: str, empty_message: object | None = None
) -> str:
    """Strip ``text`` and check its length; empty is refused only when ``empty_message`` is given.

    The services check this again after the forms, because the CLI and later importers call
    services directly and the database must never hold an over-long or blank required text.
    """
    text = (text or "").strip()
    if not text and empty_message is not None:
        raise InvalidInput(empty_message, field=field)
    if len(text) > limit:
        raise InvalidInput(
            _l(
                "This is too long: at most %(n)d characters (you wrote %(m)d).",
                n=limit,
                m=len(text),
            ),
            field=field,
        )
    return text


#: Stages in which phones post cards: problems at tables, or answers in listening rounds.
POSTING_STAGES = (Stage.PROBLEMS, Stage.LISTEN)


def post_problem(participant: Participant, text: str) -> Problem:
    """Post a card: a problem at the participant's table, or an answer to the current round.

    The card's language is the writer's, unless its script says otherwise (an Italian phone
    writing in Arabic letters posts an Arabic card).

    With pre-moderation on, the card waits for a moderator before it reaches the wall (unless
    the team typed it for someone without a phone).
    """
    require_stage(
        participant, POSTING_STAGES, _l("Problems can only be posted in the Problems stage.")
    )
    text = clean_text(
        text, limit=PROBLEM_MAX, field="text", empty_message=_l("Write the problem first.")
    )
    workshop = participant.workshop
    problem = Problem(
        workshop_id=participant.workshop_id,
        theme_id=participant.theme_id,
        author=participant,
        author_role=participant.role,
        language=detect_language(text, participant.language),
        origin=Origin.ON_BEHALF if participant.on_behalf else Origin.PHONE,
        entered_by_id=participant.added_by_id,
        round_id=workshop.current_round_id if workshop.stage == Stage.LISTEN else None,
        # The team typed it for someone without a phone: pre-moderation is for the room's cards.
        approved=participant.on_behalf or not workshop.premoderation,
        text=text,
    )
    db.session.add(problem)
    db.session.flush()
    changes.record(participant.workshop_id, "problem", problem.id)
    return problem


def get_problem(participant: Participant, problem_id: int) -> Problem:
    """A problem card of the participant's workshop."""
    problem = db.session.get(Problem, problem_id)
    if problem is None or problem.workshop_id != participant.workshop_id or not problem.on_wall:
        raise NotFound(_l("This card no longer exists."))
    return problem


def set_support(participant: Participant, problem_id: int, supported: bool) -> tuple[bool, int]:
    """Add or withdraw the participant's "me too"; returns (supported, the card's new count).

    Idempotent: saying "me too" twice counts once, withdrawing twice is harmless, so a
    double tap or a retried request never skews the count.
    """
    require_stage(
        participant, POSTING_STAGES, _l('"Me too" is only possible in the Problems stage.')
    )
    problem = get_problem(participant, problem_id)
    if problem.author_id == participant.id:
        raise InvalidInput(_l('This is your own card: "me too" is for other people\'s cards.'))
    existing = db.session.get(Support, (problem.id, participant.id))
    if supported and existing is None:
        db.session.add(Support(problem_id=problem.id, participant_id=participant.id))
    elif not supported and existing is not None:
        db.session.delete(existing)
    db.session.flush()
    count = db.session.scalar(
        select(func.count()).select_from(Support).where(Support.problem_id == problem.id)
    )
    changes.record(participant.workshop_id, "problem", problem.id)
    return supported, int(count or 0)

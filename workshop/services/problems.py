"""Problem cards and "me too"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..models import Participant, Problem, Stage, Support
from . import changes
from .errors import InvalidInput, NotFound, WrongStage

PROBLEM_MAX = 280


def require_stage(participant: Participant, stage: Stage, message: object) -> None:
    """Refuse an action the current stage does not allow (the phone may be showing a stale one)."""
    if participant.workshop.stage != stage:
        raise WrongStage(message)


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


def post_problem(participant: Participant, text: str) -> Problem:
    """Post a problem card to the participant's own theme table."""
    require_stage(
        participant, Stage.PROBLEMS, _l("Problems can only be posted in the Problems stage.")
    )
    text = clean_text(
        text, limit=PROBLEM_MAX, field="text", empty_message=_l("Write the problem first.")
    )
    problem = Problem(
        workshop_id=participant.workshop_id,
        theme_id=participant.theme_id,
        author=participant,
        text=text,
    )
    db.session.add(problem)
    db.session.flush()
    changes.record(participant.workshop_id, "problem", problem.id)
    return problem


def get_problem(participant: Participant, problem_id: int) -> Problem:
    """A problem card of the participant's workshop."""
    problem = db.session.get(Problem, problem_id)
    if problem is None or problem.workshop_id != participant.workshop_id:
        raise NotFound(_l("This card no longer exists."))
    return problem


def set_support(participant: Participant, problem_id: int, supported: bool) -> tuple[bool, int]:
    """Add or withdraw the participant's "me too"; returns (supported, the card's new count).

    Idempotent: saying "me too" twice counts once, withdrawing twice is harmless, so a
    double tap or a retried request never skews the count.
    """
    require_stage(
        participant, Stage.PROBLEMS, _l('"Me too" is only possible in the Problems stage.')
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

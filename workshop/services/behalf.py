"""Input the team types in for people without a phone: on-behalf participants and quotes.

A trainer often works with an interpreter and people who speak aloud or write on paper. The
team adds such a person once (role, language, table; never a name unless given), then posts,
says "me too", builds, votes and answers the closing question *as* that person through the
same participant services a phone uses, so every budget, stage rule and tally applies to them
unchanged and exports mark their input as entered on behalf.

A quote is different: something said aloud in the room, captured with the speaker's role and
language and never a name or a participant row.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..languages import SPOKEN_LANGUAGES
from ..models import Origin, Participant, Problem, Role, Workshop
from . import changes
from .actors import Actor
from .errors import InvalidInput, NotFound, WrongStage
from .participants import join
from .problems import POSTING_STAGES, PROBLEM_MAX, clean_text, timer_locked


def _language(tag: str | None) -> str:
    tag = (tag or "").strip()
    if tag not in SPOKEN_LANGUAGES:
        raise InvalidInput(_l("Choose the language the person speaks."), field="language")
    return tag


def _role(value: Role | str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidInput(_l("Choose who the person is."), field="role") from None


def add_person(
    actor: Actor,
    *,
    role: Role | str,
    language: str,
    theme_id: int | None = None,
    label: str | None = None,
) -> Participant:
    """Add someone who takes part without a phone; the team then enters their input.

    ``label`` ("paper 3", "the lady by the window") helps the team tell people apart; like a
    phone's display name it is never shown to the room or exported.
    """
    actor.require(
        actor.may_enter_on_behalf(theme_id),
        _l("You can enter input only for people at your table."),
    )
    person = join(
        actor.workshop,
        role=_role(role),
        theme_id=theme_id,
        display_name=label,
        language=_language(language),
    )
    person.token = None  # no phone: nobody can take part as them except through the team
    person.on_behalf = True
    person.added_by_id = actor.member_id
    db.session.flush()
    return person


def people(workshop: Workshop) -> list[Participant]:
    """The people the team enters input for, in the order they were added."""
    return [p for p in workshop.participants if p.on_behalf]


def person_for(actor: Actor, person_id: int) -> Participant:
    """One of the workshop's on-behalf people, if this actor may act for them."""
    person = db.session.get(Participant, person_id)
    if person is None or person.workshop_id != actor.workshop.id or not person.on_behalf:
        raise NotFound(_l("This person is not in this workshop."), field="person_id")
    actor.require(
        actor.may_enter_on_behalf(person.theme_id),
        _l("You can enter input only for people at your table."),
    )
    return person


def capture_quote(
    actor: Actor,
    text: str,
    *,
    role: Role | str,
    language: str,
    theme_id: int | None = None,
) -> Problem:
    """Put something said aloud on the wall as a card marked as a quote.

    It answers the current listening round, like the cards typed on phones at that moment.
    """
    workshop = actor.workshop
    actor.require(
        actor.may_enter_on_behalf(theme_id),
        _l("You can enter input only for people at your table."),
    )
    if workshop.stage not in POSTING_STAGES:
        raise WrongStage(_l("Quotes are captured while the room posts cards."))
    if timer_locked(workshop):
        raise WrongStage(_l("Time is up for this stage. Wait for the facilitator."))
    if theme_id is not None and theme_id not in {t.id for t in workshop.themes}:
        raise NotFound(_l("This table does not exist."), field="theme_id")
    text = clean_text(
        text, limit=PROBLEM_MAX, field="text", empty_message=_l("Write what was said first.")
    )
    quote = Problem(
        workshop_id=workshop.id,
        theme_id=theme_id,
        author_role=_role(role),
        language=_language(language),
        origin=Origin.QUOTE,
        entered_by_id=actor.member_id,
        round_id=workshop.current_round_id,
        approved=True,  # the team typed it: pre-moderation is for the room's cards
        text=text,
    )
    db.session.add(quote)
    db.session.flush()
    changes.record(workshop.id, "problem", quote.id)
    return quote

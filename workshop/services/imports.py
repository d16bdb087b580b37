"""Bringing the problems of earlier sessions into a new one (a meeting after listening sessions).

Each imported card is a new card of this session (it gets its own "me too"s and dots here)
that keeps ``source_id``, the card it came from, so a programme's report can trace a problem
from the listening session where it was raised to the prototype that answers it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Origin, Problem, Stage, Workshop
from . import changes
from .actors import Actor
from .errors import InvalidInput, NotFound, WrongStage
from .live import wall_problems

#: Before anyone votes: importing later would change what people already weighed.
IMPORT_STAGES = (Stage.WELCOME, Stage.PROBLEMS)


def importable(workshop: Workshop) -> list[Workshop]:
    """The trainer's other sessions that have cards to import, newest first."""
    return list(
        db.session.scalars(
            select(Workshop)
            .where(
                Workshop.facilitator_id == workshop.facilitator_id,
                Workshop.id != workshop.id,
                Workshop.id.in_(select(Problem.workshop_id).distinct()),
            )
            .order_by(Workshop.created_at.desc())
        )
    )


def import_problems(actor: Actor, source_id: int) -> list[Problem]:
    """Copy the cards on the wall of session ``source_id`` into the actor's session.

    Hidden, merged-away and unapproved cards stay behind, as they never reached that room's
    wall. Importing the same session again adds only what is not here yet, so a double click
    (or a second trainer) never doubles the wall. A card keeps its text, role, language and
    theme (matched by name; otherwise it waits for a theme tag).
    """
    actor.require(actor.may_run_room())
    workshop = actor.workshop
    if workshop.stage not in IMPORT_STAGES:
        raise WrongStage(_l("Problems are imported before the room starts voting."))
    source = db.session.get(Workshop, source_id)
    if source is None or source.facilitator_id != workshop.facilitator_id:
        raise NotFound(_l("This workshop does not exist."), field="source_id")
    if source.id == workshop.id:
        raise InvalidInput(_l("Choose another session."), field="source_id")
    already = set(
        db.session.scalars(
            select(Problem.source_id).where(
                Problem.workshop_id == workshop.id, Problem.source_id.is_not(None)
            )
        )
    )
    themes = {t.name.casefold(): t.id for t in workshop.themes}
    added = []
    for card in wall_problems(source):
        if card.id in already:
            continue
        copy = Problem(
            workshop_id=workshop.id,
            theme_id=themes.get(card.theme.name.casefold()) if card.theme else None,
            author_role=card.author_role,
            language=card.language,
            origin=Origin.IMPORTED,
            entered_by_id=actor.member_id,
            source_id=card.id,
            text=card.text,
        )
        db.session.add(copy)
        added.append(copy)
    db.session.flush()
    for copy in added:
        changes.record(workshop.id, "problem", copy.id)
    return added

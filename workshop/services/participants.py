"""Joining a workshop from a phone: no account, a role, a table, an optional name."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Participant, Role, Stage, Theme, Workshop
from ..session_templates import get_template
from . import changes
from .errors import InvalidInput, RoomFull, WrongStage
from .presence import phones_connected

DISPLAY_NAME_MAX = 40


def clean_display_name(display_name: str | None) -> str | None:
    """An optional name only the team sees (a participant's, a team member's): trimmed, None
    when empty, refused when too long."""
    name = (display_name or "").strip() or None
    if name and len(name) > DISPLAY_NAME_MAX:
        raise InvalidInput(
            _l("The name is too long (at most %(n)d characters).", n=DISPLAY_NAME_MAX),
            field="display_name",
        )
    return name


def join(
    workshop: Workshop,
    *,
    role: Role | str,
    theme_id: int | None,
    display_name: str | None = None,
    language: str = "en",
    cap: int | None = None,
) -> Participant:
    """Add a participant (at a theme table, when the session has tables); returns them with a
    fresh secret token.

    ``cap``: the most phones the room may have connected (the phone's join form passes the
    deployment's ``ROOM_CAP``; people entered by the team have no phone and no cap). Beyond it
    the server keeps serving those already in rather than slowing everyone down. The count is
    of open connections, so a few people joining at the same instant may pass it by a few.
    """
    if workshop.stage == Stage.CLOSED:
        raise WrongStage(_l("This workshop has ended; you can no longer join."))
    if cap and phones_connected(workshop.id) >= cap:
        raise RoomFull(
            _l("This room is full right now. Try again in a few minutes, or ask the facilitator.")
        )
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(_l("Choose who you are."), field="role") from None
    theme = None
    if get_template(workshop.template).tables:
        theme = db.session.get(Theme, theme_id) if theme_id is not None else None
        if theme is None or theme.workshop_id != workshop.id:
            raise InvalidInput(_l("Choose a table."), field="theme_id")
    name = clean_display_name(display_name)
    participant = Participant(
        workshop=workshop,
        token=secrets.token_urlsafe(32),
        role=role,
        theme=theme,
        display_name=name,
        language=(language or "en")[:16],
    )
    db.session.add(participant)
    db.session.flush()
    changes.record(workshop.id, "participants")
    return participant


def participant_for_token(workshop: Workshop, token: str | None) -> Participant | None:
    """The participant a phone's cookie token names in this workshop, if any."""
    if not token:
        return None
    return db.session.scalar(
        select(Participant).where(
            Participant.token == token, Participant.workshop_id == workshop.id
        )
    )

"""The trainer's team for one workshop: invite links with a role, and withdrawing them.

A team member has no account: the invite link carries a random token, and opening it keeps the
token in that browser's signed session cookie (as a phone keeps its participant token). Who may
invite or withdraw is asked of an :class:`~.actors.Actor` by the caller (``may_run_room``), so
the trainer and a co-facilitator manage the team and nobody else.
"""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import TeamMember, TeamRole, Theme, Workshop, utcnow
from .errors import InvalidInput
from .participants import clean_display_name


def invite(
    workshop: Workshop,
    role: TeamRole | str,
    theme_id: int | None = None,
    display_name: str | None = None,
) -> TeamMember:
    """A new member of ``workshop``'s team with a fresh, unguessable invite token.

    A table facilitator looks after one table, which must be a table of this workshop; the other
    roles act on the whole room, so a table given for them is ignored.
    """
    try:
        role = TeamRole(role)
    except ValueError:
        raise InvalidInput(_l("Choose a role for this person."), field="role") from None
    theme = None
    if role is TeamRole.TABLE_FACILITATOR:
        theme = db.session.get(Theme, theme_id) if theme_id else None
        if theme is None or theme.workshop_id != workshop.id:
            raise InvalidInput(
                _l("Choose the table this table facilitator looks after."), field="theme_id"
            )
    name = clean_display_name(display_name)
    member = TeamMember(
        workshop=workshop,
        token=secrets.token_urlsafe(32),
        role=role,
        theme=theme,
        display_name=name,
    )
    db.session.add(member)
    db.session.flush()
    return member


def revoke(member: TeamMember) -> TeamMember:
    """Withdraw the member's invite link: their next page or action is refused.

    The row is kept (what they did stays attributed to their role); withdrawing twice is
    harmless.
    """
    if member.revoked_at is None:
        member.revoked_at = utcnow()
        db.session.flush()
    return member


def member_for_token(token: str | None) -> TeamMember | None:
    """The active team member an invite token names, or None (unknown or withdrawn)."""
    if not token:
        return None
    return db.session.scalar(
        select(TeamMember).where(TeamMember.token == token, TeamMember.revoked_at.is_(None))
    )


def team_member(workshop: Workshop, member_id: int | None) -> TeamMember | None:
    """An active member of ``workshop``'s team by id (None for another workshop's member)."""
    member = db.session.get(TeamMember, member_id) if member_id else None
    if member is None or member.workshop_id != workshop.id or member.revoked_at is not None:
        return None
    return member


def list_team(workshop: Workshop) -> list[TeamMember]:
    """The workshop's active team, in the order they were invited."""
    return list(
        db.session.scalars(
            select(TeamMember)
            .where(TeamMember.workshop_id == workshop.id, TeamMember.revoked_at.is_(None))
            .order_by(TeamMember.id)
        )
    )

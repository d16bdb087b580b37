"""Who acts on a workshop from the team side, and what each team role may do.

The trainer who owns a workshop and the members of their team (invited by link with a
:class:`~workshop.models.TeamRole`) act through one :class:`Actor`. Services that moderate, enter
input on behalf of someone, respond or run the room take an actor and ask it, so the permission
matrix lives here once and the HTTP and Socket.IO doors cannot disagree:

================  ========  ==========  ==========  ==========  ==========
may …             trainer   co-facil.   table f.    interpreter observer
================  ========  ==========  ==========  ==========  ==========
run the room      yes       yes         no          no          no
moderate          yes       yes         own table   no          no
enter on behalf   yes       yes         own table   yes         no
translate cards   yes       yes         own table   yes         no
respond           yes       yes         no          no          no
see everything    yes       yes         yes         yes         yes
================  ========  ==========  ==========  ==========  ==========

Participants are never actors: a phone can never moderate, advance stages or respond.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..models import Facilitator, TeamMember, TeamRole, Workshop
from .errors import Forbidden


@dataclass(frozen=True)
class Actor:
    """The trainer (``facilitator`` set) or one team member (``member`` set) of ``workshop``."""

    workshop: Workshop
    facilitator: Facilitator | None = None
    member: TeamMember | None = None

    @classmethod
    def trainer(cls, workshop: Workshop) -> Actor:
        """The workshop's own trainer."""
        return cls(workshop=workshop, facilitator=workshop.facilitator)

    @classmethod
    def of_member(cls, member: TeamMember) -> Actor:
        """A team member acting in the workshop they were invited to."""
        return cls(workshop=member.workshop, member=member)

    @property
    def role(self) -> str:
        """``"trainer"`` or the member's :class:`TeamRole` value (logs and exports)."""
        return "trainer" if self.member is None else self.member.role.value

    @property
    def theme_id(self) -> int | None:
        """The one table a table facilitator looks after; None for everyone else."""
        if self.member is not None and self.member.role is TeamRole.TABLE_FACILITATOR:
            return self.member.theme_id
        return None

    @property
    def facilitator_id(self) -> int | None:
        """For the ``facilitator_id`` columns of logs and responses."""
        return self.facilitator.id if self.facilitator is not None else None

    @property
    def member_id(self) -> int | None:
        """For the ``member_id`` columns of logs and responses."""
        return self.member.id if self.member is not None else None

    def _is(self, *roles: TeamRole) -> bool:
        return self.member is None or self.member.role in roles

    def may_run_room(self) -> bool:
        """Stages, reveal, timer, projector, rounds, settings, imports."""
        return self._is(TeamRole.CO_FACILITATOR)

    def may_moderate(self, theme_id: int | None) -> bool:
        """Hide, edit, move, merge, approve cards of the table ``theme_id``."""
        if self._is(TeamRole.CO_FACILITATOR):
            return True
        return self._is(TeamRole.TABLE_FACILITATOR) and theme_id == self.theme_id

    def may_enter_on_behalf(self, theme_id: int | None) -> bool:
        """Type a card, prototype or vote for someone speaking aloud or writing on paper."""
        if self._is(TeamRole.CO_FACILITATOR, TeamRole.INTERPRETER):
            return True
        return self._is(TeamRole.TABLE_FACILITATOR) and theme_id == self.theme_id

    def may_translate(self, theme_id: int | None) -> bool:
        """Add a card's translation: whoever may type input for that table (interpreters most)."""
        return self.may_enter_on_behalf(theme_id)

    def may_respond(self) -> bool:
        """Record a decision-maker response for a prototype."""
        return self._is(TeamRole.CO_FACILITATOR)

    def require(self, allowed: bool, message: object | None = None) -> None:
        """Refuse with a clear message when ``allowed`` is false (nothing has changed yet)."""
        if not allowed:
            raise Forbidden(message or _l("Your role in this workshop cannot do that."))

"""The workshop's domain, as SQLAlchemy 2.0 typed models.

Only the service layer (``workshop.services``) changes these objects; views and event handlers
read them or call a service. Every column says what it holds and why it exists.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    """Timezone-aware now; every timestamp is stored in UTC."""
    return datetime.now(UTC)


class Stage(enum.StrEnum):
    """The stages of a co-projecting workshop, in the order the trainer moves through them."""

    WELCOME = "welcome"
    PROBLEMS = "problems"
    PROTOTYPES = "prototypes"
    VOTE = "vote"
    RESULTS = "results"
    CLOSED = "closed"


#: The co-projecting template's stage sequence.
COPROJECTING_STAGES: tuple[Stage, ...] = tuple(Stage)


class Role(enum.StrEnum):
    """Who a participant is in the room; tallies are split by it."""

    RESIDENT = "resident"
    DECISION_MAKER = "decision_maker"
    OTHER = "other"


class Facilitator(db.Model):
    """A trainer account: the only kind of user with a password."""

    __tablename__ = "facilitators"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name, stored lower-case; an e-mail address works but is not required.
    username: Mapped[str] = mapped_column(String(120), unique=True)
    #: Werkzeug scrypt hash; the password itself is never stored.
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    workshops: Mapped[list[Workshop]] = relationship(back_populates="facilitator")


class Workshop(db.Model):
    """One session in one room: its settings, its current stage and its broadcast sequence."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short join code typed from the projector; unambiguous characters only.
    code: Mapped[str] = mapped_column(String(12), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: Template the session was created from; decides the stage sequence.
    template: Mapped[str] = mapped_column(String(40), default="coprojecting")
    #: Current stage; the server enforces what each stage allows.
    stage: Mapped[Stage] = mapped_column(
        Enum(Stage, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Stage.WELCOME,
    )
    #: Dots each participant may spread over prototypes in the vote stage.
    dot_budget: Mapped[int] = mapped_column(Integer, default=3)
    #: Whether vote tallies are shown on the projector and phones (always on the control screen).
    results_revealed: Mapped[bool] = mapped_column(default=False)
    #: Last broadcast sequence number; clients use it to notice a missed delta.
    seq: Mapped[int] = mapped_column(Integer, default=0)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    facilitator: Mapped[Facilitator] = relationship(back_populates="workshops")
    themes: Mapped[list[Theme]] = relationship(
        back_populates="workshop", order_by="Theme.position", cascade="all, delete-orphan"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan"
    )
    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="workshop", order_by="StageChange.id", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint("dot_budget BETWEEN 1 AND 20", name="dot_budget_range"),)

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The stage sequence of this workshop's template."""
        return COPROJECTING_STAGES


class StageChange(db.Model):
    """When the room moved to a stage: the methodology appendix reports stage durations."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="stage_changes")


class Theme(db.Model):
    """A theme table (School, Participation, Services …): where cards and prototypes belong."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    #: Order on the wall and in the join form.
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(80))
    #: Key of a pictogram in ``static/icons/themes.svg``.
    icon: Mapped[str] = mapped_column(String(40), default="generic")
    #: CSS colour (#rrggbb) of the theme's column and cards.
    colour: Mapped[str] = mapped_column(String(7), default="#3b6ea5")

    workshop: Mapped[Workshop] = relationship(back_populates="themes")


class Participant(db.Model):
    """Someone in the room on their own phone: no account, identified by a cookie token."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    #: Random secret kept in the phone's signed session cookie; reload or return keeps identity.
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    #: The theme table the participant sits at; they post and prototype there.
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"))
    #: Optional, shown only to facilitators; exports use pseudonymous ids instead.
    display_name: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: UI language the participant used (BCP 47 tag).
    language: Mapped[str] = mapped_column(String(16), default="en")
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
    theme: Mapped[Theme] = relationship()


class Problem(db.Model):
    """A problem card posted to a theme table's wall."""

    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    theme: Mapped[Theme] = relationship()
    author: Mapped[Participant] = relationship()
    supports: Mapped[list[Support]] = relationship(
        back_populates="problem", cascade="all, delete-orphan"
    )


class Support(db.Model):
    """A "me too" on a problem card: one per person per card, enforced by the primary key."""

    __tablename__ = "supports"

    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    problem: Mapped[Problem] = relationship(back_populates="supports")
    participant: Mapped[Participant] = relationship()


#: Which problems a prototype answers (many to many).
prototype_problems = Table(
    "prototype_problems",
    db.metadata,
    Column("prototype_id", ForeignKey("prototypes.id"), primary_key=True),
    Column("problem_id", ForeignKey("problems.id"), primary_key=True),
)


class Prototype(db.Model):
    """A solution prototype built at a theme table, on the canvas of the co-projecting method."""

    __tablename__ = "prototypes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    title: Mapped[str] = mapped_column(String(120))
    what_changes: Mapped[str] = mapped_column(Text, default="")
    who_benefits: Mapped[str] = mapped_column(Text, default="")
    who_acts: Mapped[str] = mapped_column(Text, default="")
    first_step: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    theme: Mapped[Theme] = relationship()
    author: Mapped[Participant] = relationship()
    problems: Mapped[list[Problem]] = relationship(
        secondary=prototype_problems, order_by="Problem.id"
    )


class Vote(db.Model):
    """The dots one participant has put on one prototype (several dots on one are allowed)."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    prototype_id: Mapped[int] = mapped_column(ForeignKey("prototypes.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    dots: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    prototype: Mapped[Prototype] = relationship()
    participant: Mapped[Participant] = relationship()

    __table_args__ = (
        UniqueConstraint("prototype_id", "participant_id", name="one_vote_row_per_person"),
        CheckConstraint("dots >= 0", name="dots_not_negative"),
    )

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
    LargeBinary,
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
    """Every stage a session can have, in the one order any session moves through them.

    A session template (``workshop.session_templates``) picks which of these it offers, and the
    trainer may drop some; the order never changes, so "next" and "back" are always clear.
    """

    WELCOME = "welcome"
    #: Listening session: rounds of a prompt, anonymous short answers, "me too", quotes.
    LISTEN = "listen"
    PROBLEMS = "problems"
    #: Each table dot-votes on its own problems; the top ones become the table's focus.
    FOCUS = "focus"
    #: Face-to-face meeting: the whole room dot-votes on the problems, split by role.
    PRIORITISE = "prioritise"
    PROTOTYPES = "prototypes"
    #: Each table presents; the projector shows one table at a time.
    PLENARY = "plenary"
    VOTE = "vote"
    #: Rating round: everyone rates each item on each criterion, 1 to 5.
    RATE = "rate"
    RESULTS = "results"
    #: Decision makers record a response per prototype.
    RESPONSE = "response"
    CLOSED = "closed"


#: The core co-projecting sequence before templates existed (kept for old rows and tests).
COPROJECTING_STAGES: tuple[Stage, ...] = (
    Stage.WELCOME,
    Stage.PROBLEMS,
    Stage.PROTOTYPES,
    Stage.VOTE,
    Stage.RESULTS,
    Stage.CLOSED,
)


def _enum(cls: type[enum.Enum], length: int = 20) -> Enum:
    """A portable enum column: plain VARCHAR holding the member's value (no native type)."""
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class Role(enum.StrEnum):
    """Who a participant is in the room; tallies are split by it."""

    RESIDENT = "resident"
    DECISION_MAKER = "decision_maker"
    OTHER = "other"


class TeamRole(enum.StrEnum):
    """What a member of the trainer's team may do in one workshop (see ``services.team``)."""

    #: Everything the trainer can do: stages, timer, moderation, on-behalf input, responses.
    CO_FACILITATOR = "co_facilitator"
    #: Moderates and enters input for one table only.
    TABLE_FACILITATOR = "table_facilitator"
    #: Enters input on behalf of anyone (and, later, translations); never moderates.
    INTERPRETER = "interpreter"
    #: Sees everything, writes nothing (e.g. an official who does not take part).
    OBSERVER = "observer"


class Origin(enum.StrEnum):
    """How a card or prototype came in: the report says which input was not typed on a phone."""

    PHONE = "phone"
    #: Typed by the team for someone speaking aloud or writing on paper.
    ON_BEHALF = "on_behalf"
    #: Something said aloud, captured by the team (listening sessions), never with a name.
    QUOTE = "quote"
    #: Brought in from an earlier session (a listening session's problems in a meeting).
    IMPORTED = "imported"


class Decision(enum.StrEnum):
    """A decision maker's answer to a prototype."""

    ADOPT = "adopt"
    STUDY = "study"
    NOT_POSSIBLE = "not_possible"


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
    #: Session template key (``workshop.session_templates``): which stages exist, tables or not.
    template: Mapped[str] = mapped_column(String(40), default="workshop")
    #: The stages this session uses, comma-separated, in canonical order (a template's subset).
    stage_plan: Mapped[str] = mapped_column(
        String(200), default=",".join(s.value for s in COPROJECTING_STAGES)
    )
    #: Current stage; the server enforces what each stage allows.
    stage: Mapped[Stage] = mapped_column(_enum(Stage), default=Stage.WELCOME)
    #: Dots each participant may spread over prototypes in the vote stage.
    dot_budget: Mapped[int] = mapped_column(Integer, default=3)
    #: Whether vote tallies are shown on the projector and phones (always on the control screen).
    results_revealed: Mapped[bool] = mapped_column(default=False)
    #: Last broadcast sequence number; clients use it to notice a missed delta.
    seq: Mapped[int] = mapped_column(Integer, default=0)
    #: Last sequence number of the deltas phones get (a subset of all deltas: see the
    #: broadcaster), so a phone that was rightly skipped sees no gap.
    phone_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: When the running countdown reaches zero (server clock, UTC); None = no timer.
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: Length of the running countdown in seconds, as the trainer set it (for the display).
    timer_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Setting: when the countdown reaches zero, phones can no longer post or vote in the stage.
    lock_at_zero: Mapped[bool] = mapped_column(default=False)
    #: Setting: new cards wait for a moderator's approval before they reach the wall.
    premoderation: Mapped[bool] = mapped_column(default=False)
    #: How many of each table's problems become its focus when the Focus stage ends.
    focus_count: Mapped[int] = mapped_column(Integer, default=2)
    #: The table the projector shows full screen (plenary); None = every table.
    projector_theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", use_alter=True, name="fk_workshops_projector_theme"),
        nullable=True,
    )
    #: The listening round whose prompt phones answer now.
    current_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", use_alter=True, name="fk_workshops_current_round"), nullable=True
    )
    #: The workshop this one was duplicated from, if any.
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"), nullable=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    facilitator: Mapped[Facilitator] = relationship(back_populates="workshops")
    themes: Mapped[list[Theme]] = relationship(
        back_populates="workshop",
        order_by="Theme.position",
        cascade="all, delete-orphan",
        foreign_keys="Theme.workshop_id",
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan"
    )
    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="workshop", order_by="StageChange.id", cascade="all, delete-orphan"
    )
    rounds: Mapped[list[Round]] = relationship(
        back_populates="workshop",
        order_by="Round.position",
        cascade="all, delete-orphan",
        foreign_keys="Round.workshop_id",
    )
    rating_items: Mapped[list[RatingItem]] = relationship(
        back_populates="workshop", order_by="RatingItem.position", cascade="all, delete-orphan"
    )
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="workshop", order_by="Criterion.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("dot_budget BETWEEN 1 AND 20", name="dot_budget_range"),
        CheckConstraint("focus_count BETWEEN 1 AND 10", name="focus_count_range"),
    )

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The stages this session uses, in order."""
        return tuple(Stage(key) for key in self.stage_plan.split(",") if key)

    @property
    def started(self) -> bool:
        """Whether the room has left Welcome at least once; settings are fixed from then on."""
        return self.stage != Stage.WELCOME or len(self.stage_changes) > 1


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

    workshop: Mapped[Workshop] = relationship(back_populates="themes", foreign_keys=[workshop_id])


class Participant(db.Model):
    """Someone in the room on their own phone: no account, identified by a cookie token."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    #: Random secret kept in the phone's signed session cookie; reload or return keeps identity.
    #: None for a person without a phone, whose input the team types in (``on_behalf``).
    token: Mapped[str | None] = mapped_column(String(64), unique=True, index=True, nullable=True)
    role: Mapped[Role] = mapped_column(_enum(Role))
    #: The theme table the participant sits at (None in sessions without tables).
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), nullable=True)
    #: Optional, shown only to facilitators; exports use pseudonymous ids instead.
    display_name: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: UI language the participant used (BCP 47 tag).
    language: Mapped[str] = mapped_column(String(16), default="en")
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The team member who added this person (someone speaking aloud or writing on paper).
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id"), nullable=True)
    #: Added by the trainer (no team member) for someone without a phone.
    on_behalf: Mapped[bool] = mapped_column(default=False)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
    theme: Mapped[Theme | None] = relationship()


class Problem(db.Model):
    """A card on the wall: a problem posted at a table, an answer in a listening round, a quote.

    Moderation never deletes a card: it hides, edits (keeping the original), moves or merges it,
    and every such action is in :class:`ModerationAction`.
    """

    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    #: The theme (table) it belongs to; None while a listening answer awaits its theme tag.
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True, nullable=True)
    #: Who posted it (or for whom it was entered); None for quotes and imported cards.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"), nullable=True)
    #: The author's or speaker's role when it was posted: split and tags never need a join.
    author_role: Mapped[Role] = mapped_column(_enum(Role), default=Role.RESIDENT)
    #: Language the card was written or spoken in (BCP 47), when known.
    language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    origin: Mapped[Origin] = mapped_column(_enum(Origin, 12), default=Origin.PHONE)
    #: The team member who typed it (on-behalf input, quotes); None when typed on the phone or
    #: by the trainer themself.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id"), nullable=True)
    #: The listening round it answers.
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), nullable=True)
    #: The card in an earlier session it was imported from (kept to trace problems across
    #: sessions in the programme's report).
    source_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    #: The text as posted, kept when a moderator edits it; None while never edited.
    original_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: Hidden by a moderator: off the wall and out of every tally, never deleted.
    hidden: Mapped[bool] = mapped_column(default=False)
    #: False while pre-moderation holds it back from the wall.
    approved: Mapped[bool] = mapped_column(default=True)
    #: Merged into another card: that card carries its "me too"s, dots and prototype links.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id"), nullable=True)
    #: One of its table's focus problems (chosen in the Focus stage).
    focus: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    theme: Mapped[Theme | None] = relationship()
    author: Mapped[Participant | None] = relationship()
    supports: Mapped[list[Support]] = relationship(
        back_populates="problem", cascade="all, delete-orphan"
    )

    @property
    def on_wall(self) -> bool:
        """Whether the room sees it: approved, not hidden, not merged into another card."""
        return self.approved and not self.hidden and self.merged_into_id is None


class Translation(db.Model):
    """A card's text in another language, typed by the team or made by a machine.

    The card keeps its own text and language; screens show the translation into their reader's
    language when there is one, with the original a tap away. One per card and language: a new
    translation replaces the old one.
    """

    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("problem_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), index=True)
    #: The language translated into: a primary language subtag (``it``, ``ar``, ``zh``).
    language: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    #: Made by the configured machine translation service, not a person: marked wherever shown.
    machine: Mapped[bool] = mapped_column(default=False)
    #: Who made it: ``trainer`` or a team role (the report's methodology says who translated).
    made_by: Mapped[str] = mapped_column(String(20))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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
    #: The table member who made it, or for whom the team typed it; None when the team made it.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"), nullable=True)
    origin: Mapped[Origin] = mapped_column(_enum(Origin, 12), default=Origin.PHONE)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id"), nullable=True)
    #: Language it was written in (primary subtag), when known.
    language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    #: Hidden by a moderator (off the wall and out of the vote), never deleted.
    hidden: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str] = mapped_column(String(120))
    what_changes: Mapped[str] = mapped_column(Text, default="")
    who_benefits: Mapped[str] = mapped_column(Text, default="")
    who_acts: Mapped[str] = mapped_column(Text, default="")
    first_step: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    theme: Mapped[Theme] = relationship()
    author: Mapped[Participant | None] = relationship()
    problems: Mapped[list[Problem]] = relationship(
        secondary=prototype_problems, order_by="Problem.id"
    )
    response: Mapped[Response | None] = relationship(
        back_populates="prototype", cascade="all, delete-orphan", uselist=False
    )


class PrototypeTranslation(db.Model):
    """A prototype's canvas in another language (title and fields), by the team or a machine.

    Like :class:`Translation` for cards: one per prototype and language, a new one replaces it.
    """

    __tablename__ = "prototype_translations"
    __table_args__ = (UniqueConstraint("prototype_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    prototype_id: Mapped[int] = mapped_column(ForeignKey("prototypes.id"), index=True)
    #: The language translated into: a primary language subtag.
    language: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(120))
    what_changes: Mapped[str] = mapped_column(Text, default="")
    who_benefits: Mapped[str] = mapped_column(Text, default="")
    who_acts: Mapped[str] = mapped_column(Text, default="")
    first_step: Mapped[str] = mapped_column(Text, default="")
    #: Made by the configured machine translation service, not a person.
    machine: Mapped[bool] = mapped_column(default=False)
    #: Who made it: ``trainer`` or a team role.
    made_by: Mapped[str] = mapped_column(String(20))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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


class ProblemVote(db.Model):
    """Dots one participant put on one problem (Focus at a table, or a meeting's priorities)."""

    __tablename__ = "problem_votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    #: ``focus`` or ``prioritise``: a round table may have both, each with its own budget.
    stage: Mapped[str] = mapped_column(String(20))
    dots: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    problem: Mapped[Problem] = relationship()
    participant: Mapped[Participant] = relationship()

    __table_args__ = (
        UniqueConstraint(
            "problem_id", "participant_id", "stage", name="one_problem_vote_per_person"
        ),
        CheckConstraint("dots >= 0", name="problem_dots_not_negative"),
    )


class TeamMember(db.Model):
    """Someone helping the trainer run one workshop, joined by an invite link (no account).

    Like a participant, a member is recognised by a token in the signed session cookie.
    """

    __tablename__ = "team_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    role: Mapped[TeamRole] = mapped_column(_enum(TeamRole))
    #: The table a table facilitator looks after; None for the other roles.
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), nullable=True)
    #: Optional, seen by the trainer only; never exported.
    display_name: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: UI language of the member's screen (BCP 47 tag).
    language: Mapped[str] = mapped_column(String(16), default="en")
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: When the trainer withdrew the invite link; from then on the token opens nothing. The row
    #: stays, so the moderation log and responses still say which role acted.
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    workshop: Mapped[Workshop] = relationship()
    theme: Mapped[Theme | None] = relationship()


class Round(db.Model):
    """A listening round: one prompt the room answers ("What works in your school?")."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    prompt: Mapped[str] = mapped_column(String(300))
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    workshop: Mapped[Workshop] = relationship(back_populates="rounds", foreign_keys=[workshop_id])


class ModerationAction(db.Model):
    """One moderation step (hide, edit, move, merge, approve, focus …), who did it and when.

    ``before`` holds what undo needs to restore; an undone action keeps its row and says when.
    """

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    #: hide, unhide, edit, move, merge, approve, focus, unfocus, hide_prototype …
    action: Mapped[str] = mapped_column(String(30))
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id"), nullable=True)
    prototype_id: Mapped[int | None] = mapped_column(ForeignKey("prototypes.id"), nullable=True)
    #: The facilitator account that did it, or the team member (exactly one is set).
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id"), nullable=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id"), nullable=True)
    #: JSON: the state before the action (for undo) and its parameters.
    details: Mapped[str] = mapped_column(Text, default="{}")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Response(db.Model):
    """A decision maker's answer to one prototype: adopt, study further or not possible now."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    prototype_id: Mapped[int] = mapped_column(ForeignKey("prototypes.id"), unique=True)
    decision: Mapped[Decision] = mapped_column(_enum(Decision))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: Who will carry it (an office, a role), as the decision maker writes it.
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: The decision maker on their phone who answered, or the trainer / a co-facilitator.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"), nullable=True)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id"), nullable=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    prototype: Mapped[Prototype] = relationship(back_populates="response")


class Feedback(db.Model):
    """A participant's answer to the closing question ("Did you feel heard today?" 1 to 5)."""

    __tablename__ = "feedback"

    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="feedback_score_range"),)


class RatingItem(db.Model):
    """Something a rating round rates: an Intercultural Cities index area, a pilot idea …"""

    __tablename__ = "rating_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(300))
    #: The prototype (of an earlier workshop) this item reviews, when it is one.
    prototype_id: Mapped[int | None] = mapped_column(ForeignKey("prototypes.id"), nullable=True)

    workshop: Mapped[Workshop] = relationship(back_populates="rating_items")


class Criterion(db.Model):
    """What each item is rated on (impact, feasibility, cost; or one overall question)."""

    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))

    workshop: Mapped[Workshop] = relationship(back_populates="criteria")


class Rating(db.Model):
    """One participant's score (1 to 5) of one item on one criterion."""

    __tablename__ = "ratings"

    item_id: Mapped[int] = mapped_column(ForeignKey("rating_items.id"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="rating_score_range"),)


class Presence(db.Model):
    """One open Socket.IO connection: the projector counts who is connected per table and role.

    Kept in the database (not a process's memory) so that several server processes agree;
    ``server`` names the process, whose rows are cleared when it starts again.
    """

    __tablename__ = "presence"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    server: Mapped[str] = mapped_column(String(120), index=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    view: Mapped[str] = mapped_column(String(10))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"), nullable=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id"), nullable=True)
    connected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdempotencyKey(db.Model):
    """The ack an intent was answered with, under the key the sending screen gave it.

    A phone on a bad network cannot tell a lost request from a lost answer, so it sends again
    with the same key; the server answers from here and changes nothing a second time. The row
    is written in the same transaction as the change, and the unique constraint lets only one
    of two simultaneous retries through. Rows older than a day are purged (``workshop.intents``).
    """

    __tablename__ = "idempotency_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    #: Who sent it: ``p<participant id>``, ``f<facilitator id>`` or ``m<team member id>``; keys
    #: are the client's own, so they are only unique per sender.
    scope: Mapped[str] = mapped_column(String(24))
    #: The client's random key (short, letters, digits, ``-`` and ``_``).
    key: Mapped[str] = mapped_column(String(64))
    #: The intent it answered; the same key sent with another intent is refused.
    intent: Mapped[str] = mapped_column(String(40))
    #: The success ack as JSON, returned as it was to every retry.
    ack: Mapped[str] = mapped_column(Text, default="")
    #: When it was answered; purged after a day.
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )

    __table_args__ = (UniqueConstraint("scope", "key", name="uq_idempotency_scope_key"),)


class Photo(db.Model):
    """A photo of a paper prototype, as the server re-encoded it (``services.photos``).

    Never the phone's own file: the bytes kept are a fresh JPEG, so no EXIF (GPS position,
    phone model, time) and nothing hidden in the original survives. Kept in the database, so
    every process of a scaled-out deployment serves it and purging a workshop takes it too.
    One per prototype: a new photo replaces the old.
    """

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    prototype_id: Mapped[int] = mapped_column(
        ForeignKey("prototypes.id", ondelete="CASCADE"), unique=True
    )
    #: Who took it (a member of the prototype's table); None once that person is gone.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), nullable=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # Ids are never reused (SQLite would reuse a deleted one): a photo's address is cached.
    __table_args__ = {"sqlite_autoincrement": True}

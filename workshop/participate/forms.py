"""Forms of the phone side; the same forms validate plain posts and Socket.IO payloads."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional
from wtforms.widgets import NumberInput

from ..forms import CheckboxesField, Form, at_most
from ..models import Role
from ..services.problems import PROBLEM_MAX
from ..services.prototypes import FIELD_MAX, TITLE_MAX
from ..services.responses import COMMENT_MAX, OWNER_MAX, REASON_MAX
from ..services.workshops import JOIN_CODE_LENGTH


def role_choices() -> list[SelectChoice]:
    """Roles with their labels in the current language."""
    return [
        SelectChoice(Role.RESIDENT.value, _l("Resident")),
        SelectChoice(Role.DECISION_MAKER.value, _l("Decision maker")),
        SelectChoice(Role.OTHER.value, _l("Other (practitioner, volunteer …)")),
    ]


class CodeForm(Form):
    """Typing the join code shown on the projector."""

    code = StringField(
        _l("Workshop code"),
        validators=[
            DataRequired(_l("Type the code shown on the screen.")),
            Length(max=JOIN_CODE_LENGTH + 4, message=_l("This code is too long.")),
        ],
    )


class JoinForm(Form):
    """Role and table: all a participant gives. No name field: participants stay anonymous,
    even to the team (the presence panel counts who is away per table instead)."""

    role = RadioField(_l("I am"), validators=[InputRequired(_l("Choose who you are."))])
    theme_id = RadioField(
        _l("My table"), coerce=int, validators=[InputRequired(_l("Choose a table."))]
    )

    def __init__(self, *args, themes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()
        self.theme_id.choices = [SelectChoice(t.id, t.name) for t in themes]


class ProblemForm(Form):
    """A problem card."""

    text = TextAreaField(
        _l("The problem"),
        validators=[
            DataRequired(_l("Write the problem first.")),
            at_most(PROBLEM_MAX),
        ],
    )


class SupportForm(Form):
    """ "Me too" on a card, or taking it back."""

    problem_id = IntegerField(validators=[InputRequired(_l("Which card?"))])
    supported = BooleanField()


class WithdrawProblemForm(Form):
    """Take back one's own card for good (the confirmation is on the page, before sending)."""

    problem_id = IntegerField(validators=[InputRequired(_l("Which card?"))])


class WithdrawPrototypeForm(Form):
    """Take back a prototype one made."""

    prototype_id = IntegerField(validators=[InputRequired(_l("Which prototype?"))])


class PrototypeForm(Form):
    """The prototype canvas."""

    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the prototype a title.")),
            at_most(TITLE_MAX),
        ],
    )
    # Checked against the table's cards by the service; choices are only for rendering.
    problem_ids = CheckboxesField(
        _l("Which problems does it answer?"), coerce=int, validate_choice=False
    )
    what_changes = TextAreaField(
        _l("What changes?"),
        validators=[
            DataRequired(_l("Say what changes with this prototype.")),
            at_most(FIELD_MAX),
        ],
    )
    who_benefits = TextAreaField(
        _l("Who benefits?"),
        validators=[at_most(FIELD_MAX)],
    )
    who_acts = TextAreaField(
        _l("Who acts?"),
        validators=[at_most(FIELD_MAX)],
    )
    first_step = TextAreaField(
        _l("First step"),
        validators=[at_most(FIELD_MAX)],
    )


def dot_delta() -> IntegerField:
    """One dot on (1) or off (-1): the same rule for dots on problems and on prototypes."""
    return IntegerField(
        widget=NumberInput(),
        validators=[
            InputRequired(_l("Add or remove a dot.")),
            AnyOf([1, -1], message=_l("Add or remove a dot.")),
        ],
    )


class ProblemVoteForm(Form):
    """One dot on, or one dot off, a problem (Focus or Priorities)."""

    problem_id = IntegerField(validators=[InputRequired(_l("Which card?"))])
    delta = dot_delta()


def decision_choices() -> list[SelectChoice]:
    """The three answers a decision maker gives, in the reader's language."""
    from ..labels import DECISION_LABELS

    return [SelectChoice(key.value, label) for key, label in DECISION_LABELS.items()]


class ResponseForm(Form):
    """A decision maker's response to one prototype."""

    prototype_id = IntegerField(validators=[InputRequired(_l("Which prototype?"))])
    decision = RadioField(_l("Our answer"), validators=[InputRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Why?"), validators=[at_most(REASON_MAX)])
    owner = StringField(_l("Who takes it forward?"), validators=[at_most(OWNER_MAX)])
    due_on = DateField(_l("By when?"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.decision.choices = decision_choices()


class FeedbackForm(Form):
    """The closing question: did you feel heard today? 1 to 5, and an optional comment."""

    score = RadioField(
        _l("Did you feel heard today?"),
        coerce=int,
        choices=[SelectChoice(n, str(n)) for n in range(1, 6)],
        validators=[InputRequired(_l("Choose from 1 to 5."))],
    )
    comment = TextAreaField(
        _l("Anything you want to add? (optional)"), validators=[at_most(COMMENT_MAX)]
    )


class VoteForm(Form):
    """One dot on, or one dot off, a prototype."""

    prototype_id = IntegerField(validators=[InputRequired(_l("Which prototype?"))])
    delta = dot_delta()


class RateForm(Form):
    """One score (1 to 5) of one item on one criterion; the service checks the range."""

    item_id = IntegerField(validators=[InputRequired(_l("Which item?"))])
    criterion_id = IntegerField(validators=[InputRequired(_l("Which criterion?"))])
    score = IntegerField(
        _l("Your rating"), validators=[InputRequired(_l("Choose a score from 1 to 5."))]
    )

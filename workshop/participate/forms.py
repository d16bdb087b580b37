"""Forms of the phone side; the same forms validate plain posts and Socket.IO payloads."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
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
from ..services.participants import DISPLAY_NAME_MAX
from ..services.problems import PROBLEM_MAX
from ..services.prototypes import FIELD_MAX, TITLE_MAX
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
    """Role, table and an optional name: all a participant gives."""

    role = RadioField(_l("I am"), validators=[InputRequired(_l("Choose who you are."))])
    theme_id = RadioField(
        _l("My table"), coerce=int, validators=[InputRequired(_l("Choose a table."))]
    )
    display_name = StringField(
        _l("Name (optional)"),
        validators=[
            Optional(),
            at_most(DISPLAY_NAME_MAX),
        ],
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


class VoteForm(Form):
    """One dot on, or one dot off, a prototype."""

    prototype_id = IntegerField(validators=[InputRequired(_l("Which prototype?"))])
    delta = IntegerField(
        widget=NumberInput(),
        validators=[
            InputRequired(_l("Add or remove a dot.")),
            AnyOf([1, -1], message=_l("Add or remove a dot.")),
        ],
    )

"""Facilitator forms: creating a workshop and moving it through its stages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, Regexp

from ..forms import Form, at_most
from ..models import Stage
from ..services.workshops import (
    DOT_BUDGET_MAX,
    DOT_BUDGET_MIN,
    PLACE_MAX,
    THEME_ICONS,
    THEME_NAME_MAX,
    TITLE_MAX,
)


def icon_choices() -> list[SelectChoice]:
    """Theme pictograms with their names in the current language."""
    labels = {
        "school": _l("School"),
        "participation": _l("Participation"),
        "services": _l("Services"),
        "housing": _l("Housing"),
        "work": _l("Work"),
        "health": _l("Health"),
        "culture": _l("Culture"),
        "generic": _l("Other"),
    }
    return [SelectChoice(key, labels[key]) for key in THEME_ICONS]


class ThemeForm(Form):
    """One theme table: an empty name drops the row."""

    class Meta:
        csrf = False  # nested in WorkshopForm, which carries the token

    name = StringField(
        _l("Theme"),
        validators=[
            Optional(),
            at_most(THEME_NAME_MAX),
        ],
    )
    icon = SelectField(_l("Icon"), choices=[])
    colour = StringField(
        _l("Colour"),
        validators=[Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Choose a colour."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.icon.choices = icon_choices()


class WorkshopForm(Form):
    """A co-projecting workshop: title, place, date, tables, dots."""

    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the workshop a title.")),
            at_most(TITLE_MAX),
        ],
    )
    place = StringField(
        _l("Place"),
        validators=[at_most(PLACE_MAX)],
    )
    held_on = DateField(_l("Date"), validators=[Optional()])
    themes = FieldList(FormField(ThemeForm), min_entries=3, max_entries=6)
    dot_budget = IntegerField(
        _l("Dots per person"),
        default=3,
        validators=[
            InputRequired(_l("How many dots does each person get?")),
            NumberRange(
                DOT_BUDGET_MIN,
                DOT_BUDGET_MAX,
                message=_l("Between %(min)d and %(max)d.", min=DOT_BUDGET_MIN, max=DOT_BUDGET_MAX),
            ),
        ],
    )


class StageForm(Form):
    """Move the room to a stage."""

    stage = SelectField(
        choices=[SelectChoice(s.value) for s in Stage],
        validators=[InputRequired(_l("Which stage?"))],
    )


class RevealForm(Form):
    """Show or hide the vote tallies on the projector and phones."""

    revealed = BooleanField()


class ShowTableForm(Form):
    """Which table the projector shows full screen (0 or empty: every table)."""

    theme_id = IntegerField(validators=[Optional()])


class RoundForm(Form):
    """Which listening round the phones answer now."""

    round_id = IntegerField(validators=[InputRequired(_l("Which round?"))])

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
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, Regexp

from ..forms import CheckboxesField, Form, at_most
from ..labels import STAGE_LABELS
from ..languages import SPOKEN_LANGUAGES
from ..models import Role, Stage, TeamRole
from ..services.participants import DISPLAY_NAME_MAX
from ..services.problems import PROBLEM_MAX
from ..services.workshops import (
    DOT_BUDGET_MAX,
    DOT_BUDGET_MIN,
    FOCUS_COUNT_MAX,
    FOCUS_COUNT_MIN,
    MAX_THEMES,
    PLACE_MAX,
    THEME_ICONS,
    THEME_NAME_MAX,
    TITLE_MAX,
)
from ..session_templates import TEMPLATES, SessionTemplate


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

    def validate(self, extra_validators=None) -> bool:
        """A row without a name is dropped, so its icon and colour do not matter."""
        if not (self.name.data or "").strip():
            return True
        return super().validate(extra_validators)


#: A textarea of one entry per line (prompts, items, criteria) may be this long in all.
LINES_MAX = 20_000


class WorkshopForm(Form):
    """A session of any template: title, place, date, tables, stages, dots and the template's
    own lists (listening prompts, rating items and criteria).

    The same form edits the settings of a session that has not started yet.
    """

    template = SelectField(
        _l("Kind of session"),
        choices=[SelectChoice(key, t.label) for key, t in TEMPLATES.items()],
        default="workshop",
        validate_choice=False,  # the service refuses an unknown kind with its own message
    )

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
    themes = FieldList(FormField(ThemeForm), min_entries=MAX_THEMES, max_entries=MAX_THEMES)
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
    #: Welcome and Closed come as hidden inputs, so a posted form always names some stage;
    #: a post naming none (an older client, a script) takes the template's defaults.
    stages = CheckboxesField(_l("Stages"), choices=[], validate_choice=False)
    focus_count = IntegerField(
        _l("Focus problems per table"),
        default=2,
        validators=[
            Optional(),
            NumberRange(
                FOCUS_COUNT_MIN,
                FOCUS_COUNT_MAX,
                message=_l(
                    "Between %(min)d and %(max)d.", min=FOCUS_COUNT_MIN, max=FOCUS_COUNT_MAX
                ),
            ),
        ],
    )
    rounds = TextAreaField(_l("Listening prompts, one per line"), validators=[at_most(LINES_MAX)])
    items = TextAreaField(_l("Items to rate, one per line"), validators=[at_most(LINES_MAX)])
    criteria = TextAreaField(_l("Rate each item on, one per line"), validators=[at_most(LINES_MAX)])
    review_of = SelectField(
        _l("Prototypes of the workshop"), choices=[], coerce=int, validate_choice=False
    )
    lock_at_zero = BooleanField(_l("Stop input when a stage's countdown reaches zero"))
    premoderation = BooleanField(_l("Cards reach the wall only once a moderator approves them"))

    def offer(self, kind: SessionTemplate) -> None:
        """Fill the choices that depend on the kind of session."""
        self.stages.choices = [SelectChoice(s.value, STAGE_LABELS[s.value]) for s in kind.stages]

    def chosen_stages(self) -> list[Stage] | None:
        """The ticked stages, or None when the post named none (template defaults)."""
        if not self.stages.data:
            return None
        try:
            return [Stage(value) for value in self.stages.data]
        except ValueError:
            return []  # the service refuses a plan with no such stage

    @staticmethod
    def lines(field: TextAreaField) -> list[str]:
        """One entry per non-empty line."""
        return [line for line in (field.data or "").splitlines() if line.strip()]


class DuplicateForm(Form):
    """Copy a session's settings into a new one (a button: only the CSRF token)."""


class DeleteWorkshopForm(Form):
    """Deleting a workshop for good: the trainer types its code, so a slip cannot do it."""

    code = StringField(
        _l("Workshop code"), validators=[DataRequired(_l("Type the code shown on the screen."))]
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


def spoken_language_choices() -> list[SelectChoice]:
    """Languages people speak, each in its own name."""
    return [SelectChoice("", _l("Choose…"))] + [
        SelectChoice(tag, name) for tag, name in SPOKEN_LANGUAGES.items()
    ]


def role_choices() -> list[SelectChoice]:
    """Who someone is in the room (the service refuses anything else)."""
    from ..labels import ROLE_LABELS

    return [SelectChoice(role.value, ROLE_LABELS[role]) for role in Role]


class _SpeakerFields(Form):
    """Who said or wrote it: role, language and (optionally) table; never a name."""

    role = SelectField(_l("Who is it?"), choices=[], validate_choice=False)
    language = SelectField(_l("Language"), choices=[], validate_choice=False)
    theme_id = IntegerField(_l("Table"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()
        self.language.choices = spoken_language_choices()


class PersonForm(_SpeakerFields):
    """Add someone who takes part without a phone (speaking aloud, on paper)."""

    label = StringField(
        _l("A word to recognise them (optional, never shown to the room)"),
        validators=[Optional(), at_most(DISPLAY_NAME_MAX)],
    )


class QuoteForm(_SpeakerFields):
    """Something said aloud, captured as a card."""

    text = TextAreaField(
        _l("What was said"),
        validators=[DataRequired(_l("Write what was said first.")), at_most(PROBLEM_MAX)],
    )


class ImportForm(Form):
    """Bring an earlier session's problems into this one."""

    source_id = IntegerField(validators=[InputRequired(_l("Choose a session."))])


class ProblemIdForm(Form):
    """One card to moderate (hide, unhide, approve)."""

    problem_id = IntegerField(validators=[InputRequired(_l("Which card?"))])


class EditProblemForm(ProblemIdForm):
    """A card's corrected text (the text as posted is kept)."""

    text = StringField(
        _l("Text"),
        validators=[DataRequired(_l("Write the text.")), at_most(PROBLEM_MAX)],
    )


class MachineTranslateForm(ProblemIdForm):
    """The language a card is translated into (the service checks it is one it knows)."""

    language = SelectField(_l("Translate into"), choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = spoken_language_choices()


class TranslateForm(MachineTranslateForm):
    """A card's translation, typed by an interpreter or facilitator."""

    text = TextAreaField(
        _l("Translation"),
        validators=[DataRequired(_l("Write the translation.")), at_most(PROBLEM_MAX)],
    )


class MoveProblemForm(ProblemIdForm):
    """The table a card moves to."""

    theme_id = IntegerField(_l("Move to"), validators=[InputRequired(_l("Which table?"))])


class MergeProblemsForm(ProblemIdForm):
    """A duplicate card (``problem_id``) and the card it merges into."""

    target_id = IntegerField(_l("Merge into"), validators=[InputRequired(_l("Into which card?"))])


class FocusForm(ProblemIdForm):
    """Mark (``focus`` set) or unmark a card as its table's focus."""

    focus = BooleanField()


class PrototypeIdForm(Form):
    """One prototype to hide or show again."""

    prototype_id = IntegerField(validators=[InputRequired(_l("Which prototype?"))])


class MachineTranslatePrototypeForm(PrototypeIdForm):
    """The language a prototype is translated into."""

    language = SelectField(_l("Translate into"), choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = spoken_language_choices()


class TranslatePrototypeForm(MachineTranslatePrototypeForm):
    """A prototype's translation: its title and the canvas fields it filled (the service checks
    lengths; the title is required)."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Write the translation."))])
    what_changes = TextAreaField(_l("What changes?"))
    who_benefits = TextAreaField(_l("Who benefits?"))
    who_acts = TextAreaField(_l("Who acts?"))
    first_step = TextAreaField(_l("First step"))


class PremoderationForm(Form):
    """Pre-moderation on (``on`` set) or off."""

    on = BooleanField()


class UndoForm(Form):
    """The moderation step to undo."""

    action_id = IntegerField(validators=[InputRequired(_l("Which step?"))])


class InviteForm(Form):
    """An invite link for one member of the trainer's team: their role (and table)."""

    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value) for r in TeamRole],
        validators=[InputRequired(_l("Choose a role for this person."))],
    )
    #: Only for a table facilitator: the table they look after.
    theme_id = IntegerField(_l("Table"), validators=[Optional()])
    display_name = StringField(_l("Name (optional, only you see it)"), validators=[at_most(40)])


class RevokeForm(Form):
    """Withdraw one member's invite link."""

    member_id = IntegerField(validators=[InputRequired(_l("Which team member?"))])


class TimerForm(Form):
    """Start the stage's countdown: ``minutes`` (presets, the custom box) or ``seconds``."""

    seconds = IntegerField(validators=[Optional()])
    minutes = IntegerField(_l("Minutes"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        """One of the two is needed; the service checks the length (10 s to 2 hours)."""
        if not super().validate(extra_validators):
            return False
        if self.seconds.data is None and self.minutes.data is None:
            self.minutes.errors = [*self.minutes.errors, _l("How many minutes?")]
            return False
        return True

    @property
    def total_seconds(self) -> int:
        """The countdown's length in seconds, whichever field was sent."""
        if self.minutes.data is not None:
            return self.minutes.data * 60
        return self.seconds.data


class AddTimeForm(Form):
    """Give the running (or finished) countdown more time."""

    seconds = IntegerField(validators=[InputRequired(_l("How much time?"))])


class StopTimerForm(Form):
    """Take the countdown away."""


class TimerLockForm(Form):
    """Whether phones stop posting and voting when the countdown reaches zero."""

    locked = BooleanField(_l("Lock input at zero"))

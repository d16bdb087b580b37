"""Names of stages and roles in the reader's language, and what each stage asks of the room.

Kept apart from the models so broadcasts stay data (``"vote"``) and each screen translates.
"""

from __future__ import annotations

from functools import cache

from babel.support import Translations
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from .languages import language_name, language_names_in
from .models import Decision, Origin, Role, Stage, TeamRole, Workshop
from .session_templates import TEMPLATES

STAGE_LABELS = {
    Stage.WELCOME: _l("Welcome"),
    Stage.LISTEN: _l("Listening"),
    Stage.PROBLEMS: _l("Problems"),
    Stage.FOCUS: _l("Focus"),
    Stage.PRIORITISE: _l("Priorities"),
    Stage.PROTOTYPES: _l("Prototypes"),
    Stage.PLENARY: _l("Plenary"),
    Stage.VOTE: _l("Vote"),
    Stage.RATE: _l("Rating"),
    Stage.RESULTS: _l("Results"),
    Stage.RESPONSE: _l("Response"),
    Stage.CLOSED: _l("Closed"),
}

#: One line on the projector and phones saying what to do now.
STAGE_PROMPTS = {
    Stage.WELCOME: _l("Scan the code to join. Choose who you are and your table."),
    Stage.PROBLEMS: _l(
        "What is a real problem here? Post it for your table. Tap “Me too” on others."
    ),
    Stage.LISTEN: _l("Answer the question in a few words. Nobody sees your name."),
    Stage.FOCUS: _l("Put your dots on your table's problems that matter most."),
    Stage.PRIORITISE: _l("Put your dots on the problems we should work on first."),
    Stage.PROTOTYPES: _l("Build a solution at your table: what changes, for whom, who acts."),
    Stage.PLENARY: _l("Each table presents its prototypes."),
    Stage.VOTE: _l("Put your dots on the prototypes you want most."),
    Stage.RATE: _l("Rate each item from 1 to 5."),
    Stage.RESULTS: _l("These are the prototypes the room chose."),
    Stage.RESPONSE: _l("Decision makers answer each prototype."),
    Stage.CLOSED: _l("Thank you for taking part!"),
}

#: Results of a session whose outcome is its cards (listening, meeting), not prototypes.
PROBLEM_RESULTS_PROMPT = _l("These are the problems the room put first.")
#: Results of a rating round.
RATING_RESULTS_PROMPT = _l("How the room rated each item, by role.")


def stage_prompt(workshop: Workshop) -> object:
    """What the projector and phones say the room should do now, for this kind of session."""
    from .services.live import decides_on_problems

    if workshop.stage == Stage.RESULTS and workshop.rating_items:
        return RATING_RESULTS_PROMPT
    if workshop.stage == Stage.RESULTS and decides_on_problems(workshop):
        return PROBLEM_RESULTS_PROMPT
    return STAGE_PROMPTS[workshop.stage]


ROLE_LABELS = {
    Role.RESIDENT: _l("Resident"),
    Role.DECISION_MAKER: _l("Decision maker"),
    Role.OTHER: _l("Other"),
}


#: A small tag on cards that did not come from a phone in this room.
ORIGIN_LABELS = {
    Origin.PHONE: "",
    Origin.ON_BEHALF: _l("Entered for someone"),
    Origin.QUOTE: _l("Said aloud"),
    Origin.IMPORTED: _l("From an earlier session"),
}

DECISION_LABELS = {
    Decision.ADOPT: _l("We adopt it"),
    Decision.STUDY: _l("We study it further"),
    Decision.NOT_POSSIBLE: _l("Not possible now"),
}

TEAM_ROLE_LABELS = {
    TeamRole.CO_FACILITATOR: _l("Co-facilitator"),
    TeamRole.TABLE_FACILITATOR: _l("Table facilitator"),
    TeamRole.INTERPRETER: _l("Interpreter"),
    TeamRole.OBSERVER: _l("Observer"),
}

#: What each team role may do, in one line for the Team page (the rules: ``services.actors``).
TEAM_ROLE_HINTS = {
    TeamRole.CO_FACILITATOR: _l("Everything you can do: stages, moderation, input, responses."),
    TeamRole.TABLE_FACILITATOR: _l("Moderates and types in input for one table only."),
    TeamRole.INTERPRETER: _l("Types in what someone says aloud or wrote on paper."),
    TeamRole.OBSERVER: _l("Sees everything live, changes nothing."),
}


#: The tables a session template starts with, by pictogram: the English the catalogues translate
#: (the strings themselves are marked for translation in ``session_templates``).
DEFAULT_THEME_NAMES = {
    "school": "School",
    "participation": "Participation",
    "services": "Services",
    "housing": "Housing",
    "work": "Labour market",
    "health": "Health",
}


@cache
def _spellings(msgid: str) -> frozenset[str]:
    """A default table name as every shipped catalogue writes it."""
    from .i18n import TRANSLATIONS
    from .languages import UI_LANGUAGES

    return frozenset(
        {msgid}
        | {Translations.load(str(TRANSLATIONS), [code]).gettext(msgid) for code in UI_LANGUAGES}
    )


def theme_name(name: str, icon: str) -> str:
    """A table's name for this reader: a default name the trainer kept (stored in the trainer's
    language) reads in the reader's language; a name the trainer typed reads as typed."""
    msgid = DEFAULT_THEME_NAMES.get(icon)
    if msgid is not None and name in _spellings(msgid):
        return gettext(msgid)
    return name


def label_context() -> dict[str, object]:
    """Template globals: the label tables, keyed by their plain string values."""
    return {
        "STAGE_LABELS": {k.value: v for k, v in STAGE_LABELS.items()},
        "STAGE_PROMPTS": {k.value: v for k, v in STAGE_PROMPTS.items()},
        "ROLE_LABELS": {k.value: v for k, v in ROLE_LABELS.items()},
        "DECISION_LABELS": {k.value: v for k, v in DECISION_LABELS.items()},
        "ORIGIN_LABELS": {k.value: v for k, v in ORIGIN_LABELS.items()},
        "language_name": language_name,
        "theme_name": theme_name,
        "language_names_in": language_names_in,
        "stage_prompt": stage_prompt,
        "TEMPLATE_LABELS": {key: t.label for key, t in TEMPLATES.items()},
        "TEMPLATE_TABLES": {key: t.tables for key, t in TEMPLATES.items()},
        "TEAM_ROLE_LABELS": {k.value: v for k, v in TEAM_ROLE_LABELS.items()},
        "TEAM_ROLE_HINTS": {k.value: v for k, v in TEAM_ROLE_HINTS.items()},
    }

"""Names of stages and roles in the reader's language, and what each stage asks of the room.

Kept apart from the models so broadcasts stay data (``"vote"``) and each screen translates.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import Role, Stage

STAGE_LABELS = {
    Stage.WELCOME: _l("Welcome"),
    Stage.PROBLEMS: _l("Problems"),
    Stage.PROTOTYPES: _l("Prototypes"),
    Stage.VOTE: _l("Vote"),
    Stage.RESULTS: _l("Results"),
    Stage.CLOSED: _l("Closed"),
}

#: One line on the projector and phones saying what to do now.
STAGE_PROMPTS = {
    Stage.WELCOME: _l("Scan the code to join. Choose who you are and your table."),
    Stage.PROBLEMS: _l(
        "What is a real problem here? Post it for your table. Tap “Me too” on others."
    ),
    Stage.PROTOTYPES: _l("Build a solution at your table: what changes, for whom, who acts."),
    Stage.VOTE: _l("Put your dots on the prototypes you want most."),
    Stage.RESULTS: _l("These are the prototypes the room chose."),
    Stage.CLOSED: _l("Thank you for taking part!"),
}

ROLE_LABELS = {
    Role.RESIDENT: _l("Resident"),
    Role.DECISION_MAKER: _l("Decision maker"),
    Role.OTHER: _l("Other"),
}


def label_context() -> dict[str, object]:
    """Template globals: the label tables, keyed by their plain string values."""
    return {
        "STAGE_LABELS": {k.value: v for k, v in STAGE_LABELS.items()},
        "STAGE_PROMPTS": {k.value: v for k, v in STAGE_PROMPTS.items()},
        "ROLE_LABELS": {k.value: v for k, v in ROLE_LABELS.items()},
    }

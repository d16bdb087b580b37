"""Solution prototypes built at a theme table."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..languages import detect_language
from ..models import Origin, Participant, Problem, Prototype, Stage
from . import changes
from .errors import InvalidInput
from .problems import clean_text, require_stage

TITLE_MAX = 120
FIELD_MAX = 1000
#: The canvas fields after the title, in the order the phone asks for them.
CANVAS_FIELDS = ("what_changes", "who_benefits", "who_acts", "first_step")


def create_prototype(
    participant: Participant,
    *,
    title: str,
    problem_ids: list[int] | None = None,
    what_changes: str = "",
    who_benefits: str = "",
    who_acts: str = "",
    first_step: str = "",
) -> Prototype:
    """Create a prototype at the participant's table, answering some of that table's problems."""
    require_stage(
        participant, Stage.PROTOTYPES, _l("Prototypes can only be made in the Prototypes stage.")
    )
    title = clean_text(
        title, limit=TITLE_MAX, field="title", empty_message=_l("Give the prototype a title.")
    )
    what_changes = clean_text(
        what_changes,
        limit=FIELD_MAX,
        field="what_changes",
        empty_message=_l("Say what changes with this prototype."),
    )
    optional = {
        name: clean_text(value, limit=FIELD_MAX, field=name)
        for name, value in (
            ("who_benefits", who_benefits),
            ("who_acts", who_acts),
            ("first_step", first_step),
        )
    }
    wanted = sorted(set(problem_ids or []))
    table_cards = list(
        db.session.scalars(
            select(Problem).where(
                Problem.workshop_id == participant.workshop_id,
                Problem.theme_id == participant.theme_id,
                Problem.hidden.is_(False),
                Problem.approved.is_(True),
                Problem.merged_into_id.is_(None),
            )
        )
    )
    problems = [p for p in table_cards if p.id in wanted]
    if len(problems) != len(wanted):
        raise InvalidInput(
            _l("A prototype can only answer problems of its own table."), field="problem_ids"
        )
    if table_cards and not problems:
        # The method: a prototype answers a real problem the table raised.
        raise InvalidInput(
            _l("Choose at least one problem this prototype answers."), field="problem_ids"
        )
    prototype = Prototype(
        workshop_id=participant.workshop_id,
        theme_id=participant.theme_id,
        author=participant,
        origin=Origin.ON_BEHALF if participant.on_behalf else Origin.PHONE,
        entered_by_id=participant.added_by_id,
        language=detect_language(f"{title} {what_changes}", participant.language),
        title=title,
        what_changes=what_changes,
        problems=problems,
        **optional,
    )
    db.session.add(prototype)
    db.session.flush()
    changes.record(participant.workshop_id, "prototype", prototype.id)
    return prototype

"""Creating a workshop and moving it through its stages."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Facilitator, Stage, StageChange, Theme, Workshop
from . import changes
from .errors import InvalidInput, NotFound

#: Join-code alphabet: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, so a code read off a wall is typed right.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6
TITLE_MAX = 200
PLACE_MAX = 200
THEME_NAME_MAX = 80
DOT_BUDGET_MIN, DOT_BUDGET_MAX = 1, 20

#: Pictograms available for themes (symbols in ``static/icons/themes.svg``).
THEME_ICONS = (
    "school",
    "participation",
    "services",
    "housing",
    "work",
    "health",
    "culture",
    "generic",
)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class ThemeSpec:
    """A theme table as the trainer sets it up: name, pictogram and colour."""

    name: str
    icon: str = "generic"
    colour: str = "#1f5f99"


def default_themes() -> list[ThemeSpec]:
    """The co-projecting template's tables, named in the current UI language."""
    return [
        ThemeSpec(str(_l("School")), "school", "#1f5f99"),
        ThemeSpec(str(_l("Participation")), "participation", "#a33b20"),
        ThemeSpec(str(_l("Services")), "services", "#2c6e3f"),
    ]


def normalise_join_code(raw: str) -> str:
    """Upper-case and drop spaces and dashes, so ``abc-def`` and ``ABC DEF`` both work."""
    return re.sub(r"[\s\-]", "", raw or "").upper()


def _new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def create_workshop(
    facilitator: Facilitator,
    *,
    title: str,
    place: str = "",
    held_on: date | None = None,
    themes: list[ThemeSpec] | None = None,
    dot_budget: int = 3,
) -> Workshop:
    """Create a co-projecting workshop in the Welcome stage, with its theme tables."""
    title = (title or "").strip()
    place = (place or "").strip()
    if not title:
        raise InvalidInput(_l("Give the workshop a title."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidInput(
            _l("The title is too long (at most %(n)d characters).", n=TITLE_MAX), field="title"
        )
    if len(place) > PLACE_MAX:
        raise InvalidInput(
            _l("The place is too long (at most %(n)d characters).", n=PLACE_MAX), field="place"
        )
    if not DOT_BUDGET_MIN <= dot_budget <= DOT_BUDGET_MAX:
        raise InvalidInput(
            _l(
                "Dots per person must be between %(lo)d and %(hi)d.",
                lo=DOT_BUDGET_MIN,
                hi=DOT_BUDGET_MAX,
            ),
            field="dot_budget",
        )
    specs = [t for t in (themes if themes is not None else default_themes()) if t.name.strip()]
    if not specs:
        raise InvalidInput(_l("A workshop needs at least one theme table."), field="themes")
    # Check every table before building anything: a Workshop bound to its facilitator joins
    # facilitator.workshops at once, and a refusal must not leave a half-built one there.
    for spec in specs:
        if len(spec.name.strip()) > THEME_NAME_MAX:
            raise InvalidInput(_l("A theme name is too long."), field="themes")
        if spec.icon not in THEME_ICONS or not _COLOUR.match(spec.colour):
            raise InvalidInput(_l("Choose an icon and a colour for each theme."), field="themes")
    workshop = Workshop(
        code=_new_join_code(),
        title=title,
        place=place,
        held_on=held_on,
        dot_budget=dot_budget,
        facilitator=facilitator,
        stage=Stage.WELCOME,
    )
    for position, spec in enumerate(specs):
        workshop.themes.append(
            Theme(
                position=position,
                name=spec.name.strip(),
                icon=spec.icon,
                colour=spec.colour.lower(),
            )
        )
    workshop.stage_changes.append(StageChange(stage=Stage.WELCOME.value))
    db.session.add(workshop)
    db.session.flush()
    return workshop


def get_workshop_by_code(code: str) -> Workshop:
    """The workshop a join code names, or :class:`NotFound` with a message for the phone."""
    workshop = db.session.scalar(select(Workshop).where(Workshop.code == normalise_join_code(code)))
    if workshop is None:
        raise NotFound(
            _l("There is no workshop with this code. Check the code on the screen."), field="code"
        )
    return workshop


def advance_stage(workshop: Workshop, to: Stage | str) -> Workshop:
    """Move the room to stage ``to`` (forward or back) and push it to every screen.

    Going back is allowed on purpose: a trainer who clicked too early must be able to undo it
    without losing anything. Entering Results reveals the tallies, since showing them is the
    point of that stage; going back before Results hides them again.
    """
    try:
        target = Stage(to)
    except ValueError:
        raise InvalidInput(_l("Unknown stage."), field="stage") from None
    if target not in workshop.stages:
        raise InvalidInput(_l("This workshop has no such stage."), field="stage")
    if target == workshop.stage:
        return workshop
    workshop.stage = target
    was_revealed = workshop.results_revealed
    if target in (Stage.RESULTS, Stage.CLOSED):
        workshop.results_revealed = True
    elif workshop.stages.index(target) < workshop.stages.index(Stage.RESULTS):
        # Back from Results to voting (a click too early): tallies hide again, as before the
        # reveal, so the rest of the vote is not swayed. The trainer can reveal them again.
        workshop.results_revealed = False
    workshop.stage_changes.append(StageChange(stage=target.value))
    db.session.flush()
    changes.record(workshop.id, "workshop")
    if workshop.results_revealed != was_revealed:
        changes.record(workshop.id, "votes")  # the delta carries the tallies just revealed
    return workshop


def next_stage(workshop: Workshop) -> Stage | None:
    """The stage after the current one, or None when the workshop is closed."""
    stages = workshop.stages
    index = stages.index(workshop.stage)
    return stages[index + 1] if index + 1 < len(stages) else None


def previous_stage(workshop: Workshop) -> Stage | None:
    """The stage before the current one, or None at Welcome."""
    stages = workshop.stages
    index = stages.index(workshop.stage)
    return stages[index - 1] if index > 0 else None


def reveal_results(workshop: Workshop, revealed: bool = True) -> Workshop:
    """Show (or hide again) the vote tallies on the projector and the phones."""
    if workshop.results_revealed != revealed:
        workshop.results_revealed = revealed
        db.session.flush()
        changes.record(workshop.id, "workshop")
        changes.record(workshop.id, "votes")
    return workshop

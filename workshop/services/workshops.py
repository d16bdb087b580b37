"""Creating a workshop and moving it through its stages."""

from __future__ import annotations

import re
import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import (
    Criterion,
    Facilitator,
    Prototype,
    RatingItem,
    Round,
    Stage,
    StageChange,
    Theme,
    Workshop,
)
from ..session_templates import TEMPLATES, SessionTemplate, ThemeSpec, get_template
from . import changes
from .errors import InvalidInput, NotFound, WrongStage

#: Join-code alphabet: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, so a code read off a wall is typed right.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6
TITLE_MAX = 200
PLACE_MAX = 200
THEME_NAME_MAX = 80
DOT_BUDGET_MIN, DOT_BUDGET_MAX = 1, 20
FOCUS_COUNT_MIN, FOCUS_COUNT_MAX = 1, 10
MAX_THEMES = 6
PROMPT_MAX = 300
ITEM_MAX = 300
CRITERION_MAX = 120
MAX_ROUNDS = 10
MAX_ITEMS = 40
MAX_CRITERIA = 6

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


def normalise_join_code(raw: str) -> str:
    """Upper-case and drop spaces and dashes, so ``abc-def`` and ``ABC DEF`` both work."""
    return re.sub(r"[\s\-]", "", raw or "").upper()


def _new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def _check_settings(
    *,
    title: str,
    place: str,
    dot_budget: int,
    focus_count: int,
    template: SessionTemplate,
    themes: list[ThemeSpec],
    stages: list[Stage] | None,
) -> tuple[str, str, list[ThemeSpec], tuple[Stage, ...]]:
    """Validate what a trainer sets before the session starts; returns the cleaned values.

    Everything is checked before anything is built, so a refusal leaves nothing half-made.
    """
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
    if not FOCUS_COUNT_MIN <= focus_count <= FOCUS_COUNT_MAX:
        raise InvalidInput(
            _l(
                "Focus problems per table must be between %(lo)d and %(hi)d.",
                lo=FOCUS_COUNT_MIN,
                hi=FOCUS_COUNT_MAX,
            ),
            field="focus_count",
        )
    specs = [t for t in themes if t.name.strip()]
    if template.tables and not specs:
        raise InvalidInput(_l("A workshop needs at least one theme table."), field="themes")
    if len(specs) > MAX_THEMES:
        raise InvalidInput(_l("At most %(n)d themes.", n=MAX_THEMES), field="themes")
    for spec in specs:
        if len(spec.name.strip()) > THEME_NAME_MAX:
            raise InvalidInput(_l("A theme name is too long."), field="themes")
        if spec.icon not in THEME_ICONS or not _COLOUR.match(spec.colour):
            raise InvalidInput(_l("Choose an icon and a colour for each theme."), field="themes")
    if stages is not None and any(stage not in template.stages for stage in stages):
        raise InvalidInput(_l("This kind of session has no such stage."), field="stages")
    return title, place, specs, template.plan(stages)


def _clean_lines(lines: list[str], *, limit: int, most: int, field: str) -> list[str]:
    """Non-empty, trimmed lines (prompts, items, criteria), each within ``limit``."""
    cleaned = [line.strip() for line in lines if line and line.strip()]
    if len(cleaned) > most:
        raise InvalidInput(_l("At most %(n)d lines.", n=most), field=field)
    for line in cleaned:
        if len(line) > limit:
            raise InvalidInput(
                _l("A line is too long (at most %(n)d characters).", n=limit), field=field
            )
    return cleaned


def create_workshop(
    facilitator: Facilitator,
    *,
    title: str,
    place: str = "",
    held_on: date | None = None,
    themes: list[ThemeSpec] | None = None,
    dot_budget: int = 3,
    template: str = "workshop",
    stages: list[Stage] | None = None,
    rounds: list[str] | None = None,
    items: list[str] | None = None,
    criteria: list[str] | None = None,
    review_of: Workshop | None = None,
    focus_count: int = 2,
    lock_at_zero: bool = False,
    premoderation: bool = False,
) -> Workshop:
    """Create a session from a template, in the Welcome stage, with its tables and defaults.

    ``None`` for themes, stages, rounds, items or criteria means the template's defaults.
    ``review_of`` (a prototype review) makes one rating item of each of that workshop's
    visible prototypes.
    """
    kind = TEMPLATES.get(template)
    if kind is None:
        raise InvalidInput(_l("Choose a kind of session."), field="template")
    title, place, specs, plan = _check_settings(
        title=title,
        place=place,
        dot_budget=dot_budget,
        focus_count=focus_count,
        template=kind,
        themes=themes if themes is not None else kind.themes(),
        stages=stages,
    )
    if kind.items_from_prototypes and review_of is None:
        raise InvalidInput(
            _l("Choose the workshop whose prototypes are reviewed."), field="review_of"
        )
    prompts, item_texts, criterion_names = _check_lists(
        kind,
        plan,
        rounds=rounds if rounds is not None else kind.rounds(),
        items=items if items is not None else kind.items(),
        criteria=criteria if criteria is not None else kind.criteria(),
        reviewed=review_of is not None,
    )
    reviewed: list[Prototype] = []
    if review_of is not None:
        if review_of.facilitator_id != facilitator.id:
            raise NotFound(_l("This workshop does not exist."), field="review_of")
        reviewed = list(
            db.session.scalars(
                select(Prototype)
                .where(Prototype.workshop_id == review_of.id, Prototype.hidden.is_(False))
                .order_by(Prototype.theme_id, Prototype.id)
            )
        )
        if Stage.RATE in plan and not (item_texts or reviewed):
            raise InvalidInput(_l("That workshop has no prototypes to review."), field="review_of")
    workshop = Workshop(
        code=_new_join_code(),
        title=title,
        place=place,
        held_on=held_on,
        dot_budget=dot_budget,
        focus_count=focus_count,
        lock_at_zero=lock_at_zero,
        premoderation=premoderation,
        template=kind.key,
        stage_plan=",".join(stage.value for stage in plan),
        facilitator=facilitator,
        stage=Stage.WELCOME,
    )
    _set_themes(workshop, specs)
    _set_rounds(workshop, prompts)
    workshop.rating_items.extend(
        RatingItem(position=position, text=prototype.title[:ITEM_MAX], prototype_id=prototype.id)
        for position, prototype in enumerate(reviewed)
    )
    _set_items(workshop, item_texts, criterion_names)
    workshop.stage_changes.append(StageChange(stage=Stage.WELCOME.value))
    db.session.add(workshop)
    db.session.flush()
    return workshop


def _check_lists(
    kind: SessionTemplate,
    plan: tuple[Stage, ...],
    *,
    rounds: list[str],
    items: list[str],
    criteria: list[str],
    reviewed: bool,
) -> tuple[list[str], list[str], list[str]]:
    """Clean the template's lists and refuse a plan that could not run without them."""
    prompts = _clean_lines(rounds, limit=PROMPT_MAX, most=MAX_ROUNDS, field="rounds")
    if Stage.LISTEN in plan and not prompts:
        raise InvalidInput(
            _l("Write at least one prompt for the listening rounds."), field="rounds"
        )
    item_texts = _clean_lines(items, limit=ITEM_MAX, most=MAX_ITEMS, field="items")
    criterion_names = _clean_lines(
        criteria, limit=CRITERION_MAX, most=MAX_CRITERIA, field="criteria"
    )
    if Stage.RATE in plan and not (item_texts or reviewed):
        raise InvalidInput(_l("List at least one item to rate."), field="items")
    if Stage.RATE in plan and not criterion_names:
        raise InvalidInput(_l("Give at least one criterion to rate on."), field="criteria")
    return prompts, item_texts, criterion_names


def _set_rounds(workshop: Workshop, prompts: list[str]) -> None:
    """Make the listening rounds match ``prompts`` (only before the session starts)."""
    workshop.rounds[:] = []
    workshop.rounds.extend(Round(position=i, prompt=p) for i, p in enumerate(prompts))


def _set_items(workshop: Workshop, texts: list[str], criteria: list[str]) -> None:
    """Make the typed rating items and the criteria match; items reviewing prototypes stay."""
    kept = [item for item in workshop.rating_items if item.prototype_id is not None]
    workshop.rating_items[:] = kept
    workshop.rating_items.extend(
        RatingItem(position=len(kept) + i, text=text) for i, text in enumerate(texts)
    )
    workshop.criteria[:] = []
    workshop.criteria.extend(Criterion(position=i, name=n) for i, n in enumerate(criteria))


def _set_themes(workshop: Workshop, specs: list[ThemeSpec]) -> None:
    """Make the workshop's themes match ``specs``, in order, keeping rows that stay.

    Themes are matched by position, so renaming a table keeps its id (nothing points at it
    before the session starts, but a kept id is what a trainer expects of "edit").
    """
    for position, spec in enumerate(specs):
        if position < len(workshop.themes):
            theme = workshop.themes[position]
        else:
            theme = Theme(position=position)
            workshop.themes.append(theme)
        theme.name = spec.name.strip()
        theme.icon = spec.icon
        theme.colour = spec.colour.lower()
    for theme in list(workshop.themes[len(specs) :]):
        workshop.themes.remove(theme)


def update_settings(
    workshop: Workshop,
    *,
    title: str,
    place: str = "",
    held_on: date | None = None,
    themes: list[ThemeSpec],
    dot_budget: int,
    stages: list[Stage],
    focus_count: int = 2,
    lock_at_zero: bool = False,
    premoderation: bool = False,
    rounds: list[str] | None = None,
    items: list[str] | None = None,
    criteria: list[str] | None = None,
) -> Workshop:
    """Change a session's settings before it starts (themes, stages, budget, prompts …).

    ``None`` for rounds, items or criteria keeps what the session has.

    Once the room has left Welcome, or anyone has joined at a table that would disappear,
    changing them would pull the floor from under people, so it is refused.
    """
    if workshop.started:
        raise WrongStage(_l("The session has started: its settings can no longer change."))
    kind = get_template(workshop.template)
    title, place, specs, plan = _check_settings(
        title=title,
        place=place,
        dot_budget=dot_budget,
        focus_count=focus_count,
        template=kind,
        themes=themes,
        stages=stages,
    )
    prompts, item_texts, criterion_names = _check_lists(
        kind,
        plan,
        rounds=rounds if rounds is not None else [r.prompt for r in workshop.rounds],
        items=items
        if items is not None
        else [i.text for i in workshop.rating_items if i.prototype_id is None],
        criteria=criteria if criteria is not None else [c.name for c in workshop.criteria],
        reviewed=any(i.prototype_id is not None for i in workshop.rating_items),
    )
    seated = {p.theme_id for p in workshop.participants if p.theme_id is not None}
    if any(theme.position >= len(specs) and theme.id in seated for theme in workshop.themes):
        raise InvalidInput(
            _l("People already sit at a table you removed: keep it, or rename it."),
            field="themes",
        )
    workshop.title, workshop.place, workshop.held_on = title, place, held_on
    workshop.dot_budget = dot_budget
    workshop.focus_count = focus_count
    workshop.lock_at_zero = lock_at_zero
    workshop.premoderation = premoderation
    workshop.stage_plan = ",".join(stage.value for stage in plan)
    _set_themes(workshop, specs)
    if rounds is not None:
        _set_rounds(workshop, prompts)
    if items is not None or criteria is not None:
        _set_items(workshop, item_texts, criterion_names)
    db.session.flush()
    changes.record(workshop.id, "workshop")
    changes.record(workshop.id, "themes")
    return workshop


def duplicate_workshop(source: Workshop, facilitator: Facilitator) -> Workshop:
    """A new session with the settings of ``source`` (no people, cards or votes).

    For a trainer who runs the same format again next month: title, place, template, themes,
    stages, budget, prompts, items and criteria carry over; the date is left for them to set.
    """
    if source.facilitator_id != facilitator.id:
        raise NotFound(_l("This workshop does not exist."))
    title = str(_l("%(title)s (copy)", title=source.title))[:TITLE_MAX]
    copy = create_workshop(
        facilitator,
        title=title,
        place=source.place,
        themes=[ThemeSpec(t.name, t.icon, t.colour) for t in source.themes],
        dot_budget=source.dot_budget,
        template=source.template,
        stages=list(source.stages),
        rounds=[r.prompt for r in source.rounds],
        items=[i.text for i in source.rating_items],
        criteria=[c.name for c in source.criteria],
        focus_count=source.focus_count,
        lock_at_zero=source.lock_at_zero,
        premoderation=source.premoderation,
    )
    # Items that reviewed prototypes keep pointing at them.
    for item, original in zip(copy.rating_items, source.rating_items, strict=True):
        item.prototype_id = original.prototype_id
    copy.copied_from_id = source.id
    db.session.flush()
    return copy


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
    point of that stage; going back before Results hides them again. A running countdown
    belongs to its stage and stops with it. Leaving Focus forward marks each table's top
    problems as its focus (unless a moderator chose them already); entering Plenary puts the
    first table on the projector.
    """
    try:
        target = Stage(to)
    except ValueError:
        raise InvalidInput(_l("Unknown stage."), field="stage") from None
    if target not in workshop.stages:
        raise InvalidInput(_l("This workshop has no such stage."), field="stage")
    if target == workshop.stage:
        return workshop
    order = list(Stage)
    leaving = workshop.stage
    forward = order.index(target) > order.index(leaving)
    workshop.stage = target
    was_revealed = workshop.results_revealed
    if order.index(target) >= order.index(Stage.RESULTS):
        workshop.results_revealed = True
    else:
        # Back from Results to voting (a click too early): tallies hide again, as before the
        # reveal, so the rest of the vote is not swayed. The trainer can reveal them again.
        workshop.results_revealed = False
    workshop.timer_ends_at = None
    workshop.timer_seconds = None
    if leaving == Stage.FOCUS and forward:
        from .focus import choose_focus

        choose_focus(workshop)
    if target == Stage.PLENARY and workshop.themes:
        workshop.projector_theme_id = workshop.themes[0].id
    elif leaving == Stage.PLENARY:
        workshop.projector_theme_id = None
    if target == Stage.LISTEN and workshop.current_round_id is None and workshop.rounds:
        open_round(workshop, workshop.rounds[0].id)
    workshop.stage_changes.append(StageChange(stage=target.value))
    db.session.flush()
    changes.record(workshop.id, "workshop")
    if workshop.results_revealed != was_revealed:
        changes.record(workshop.id, "votes")  # the delta carries the tallies just revealed
    return workshop


def open_round(workshop: Workshop, round_id: int) -> Round:
    """Make ``round_id`` the listening round phones answer now (its prompt on every screen)."""
    chosen = next((r for r in workshop.rounds if r.id == round_id), None)
    if chosen is None:
        raise NotFound(_l("This round does not exist."), field="round_id")
    workshop.current_round_id = chosen.id
    if chosen.opened_at is None:
        from ..models import utcnow

        chosen.opened_at = utcnow()
    db.session.flush()
    changes.record(workshop.id, "workshop")
    return chosen


def show_on_projector(workshop: Workshop, theme_id: int | None) -> Workshop:
    """Put one table full screen on the projector (plenary), or every table (``None``)."""
    if theme_id is not None and theme_id not in {t.id for t in workshop.themes}:
        raise NotFound(_l("This table does not exist."), field="theme_id")
    if workshop.projector_theme_id != theme_id:
        workshop.projector_theme_id = theme_id
        db.session.flush()
        changes.record(workshop.id, "workshop")
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

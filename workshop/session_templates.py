"""The kinds of session Tavola runs, and what each starts with.

A template decides which stages a session may use (the trainer can drop some before the session
starts), whether participants sit at theme tables, and the defaults a trainer would otherwise
type: themes, listening prompts, rating items and criteria. Everything else is the same engine.

Nothing here touches the database; :func:`workshop.services.create_workshop` applies a template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .models import Stage

S = Stage


@dataclass(frozen=True)
class ThemeSpec:
    """A theme table as the trainer sets it up: name, pictogram and colour."""

    name: str
    icon: str = "generic"
    colour: str = "#1f5f99"


@dataclass(frozen=True)
class SessionTemplate:
    """One kind of session: its stages, its defaults and whether people sit at tables."""

    key: str
    label: object
    summary: object
    #: Every stage this kind of session can use, in order.
    stages: tuple[Stage, ...]
    #: Participants pick a theme table when they join, and post and prototype there. Without
    #: tables, themes are tags a moderator puts on cards.
    tables: bool = True
    themes: Callable[[], list[ThemeSpec]] = field(default=lambda: default_themes())
    #: Listening prompts, one round each.
    rounds: Callable[[], list[str]] = field(default=list)
    #: What a rating round rates, and on which criteria.
    items: Callable[[], list[str]] = field(default=list)
    criteria: Callable[[], list[str]] = field(default=list)
    #: Rating items are the prototypes of an earlier workshop the trainer picks.
    items_from_prototypes: bool = False
    #: The stages a new session uses unless the trainer drops some; empty: all of ``stages``.
    off_by_default: tuple[Stage, ...] = ()

    @property
    def default_stages(self) -> tuple[Stage, ...]:
        """The stages ticked on the New workshop page."""
        return tuple(stage for stage in self.stages if stage not in self.off_by_default)

    def plan(self, chosen: list[Stage] | None = None) -> tuple[Stage, ...]:
        """The stages a session uses: ``chosen`` (or the defaults) in this template's order.

        Welcome and Closed are always there: the room must be able to join and to end.
        """
        wanted = set(self.default_stages if chosen is None else chosen)
        wanted |= {Stage.WELCOME, Stage.CLOSED}
        return tuple(stage for stage in self.stages if stage in wanted)


def default_themes() -> list[ThemeSpec]:
    """The co-projecting tables (School, Participation, Services), in the current language."""
    return [
        ThemeSpec(str(_l("School")), "school", "#1f5f99"),
        ThemeSpec(str(_l("Participation")), "participation", "#a33b20"),
        ThemeSpec(str(_l("Services")), "services", "#2c6e3f"),
    ]


def roundtable_themes() -> list[ThemeSpec]:
    """Round-table starting themes; the trainer renames them to the day's topics."""
    return [
        ThemeSpec(str(_l("Housing")), "housing", "#1f5f99"),
        ThemeSpec(str(_l("Labour market")), "work", "#a33b20"),
        ThemeSpec(str(_l("Health")), "health", "#2c6e3f"),
    ]


def listening_prompts() -> list[str]:
    """The two questions of a listening session, as EMBRACE's guides ask them."""
    return [
        str(_l("What works well in your experience here?")),
        str(_l("What should change?")),
    ]


def intercultural_areas() -> list[str]:
    """The Council of Europe Intercultural Cities index areas, for an intercultural review."""
    return [
        str(_l("Intercultural commitment")),
        str(_l("Education")),
        str(_l("Neighbourhoods")),
        str(_l("Public services")),
        str(_l("Business and labour market")),
        str(_l("Cultural and civil life")),
        str(_l("Public spaces")),
        str(_l("Mediation and conflict resolution")),
        str(_l("Language")),
        str(_l("Media")),
        str(_l("International outlook")),
        str(_l("Intelligence and competence")),
        str(_l("Welcoming new arrivals")),
        str(_l("Governance")),
    ]


def intercultural_criteria() -> list[str]:
    """One question per area."""
    return [str(_l("How well does our city do this today?"))]


def prototype_criteria() -> list[str]:
    """CONSOLIDATE's peer review of pilot ideas."""
    return [str(_l("Impact")), str(_l("Feasibility")), str(_l("Cost (5 = affordable)"))]


_TABLE_STAGES = (
    S.WELCOME,
    S.PROBLEMS,
    S.FOCUS,
    S.PROTOTYPES,
    S.PLENARY,
    S.VOTE,
    S.RESULTS,
    S.RESPONSE,
    S.CLOSED,
)

_RATING_STAGES = (S.WELCOME, S.RATE, S.RESULTS, S.CLOSED)

TEMPLATES: dict[str, SessionTemplate] = {
    t.key: t
    for t in (
        SessionTemplate(
            key="workshop",
            label=_l("Co-projecting workshop"),
            summary=_l(
                "Theme tables post problems, choose their focus, build prototypes, present "
                "them and vote; decision makers respond."
            ),
            stages=_TABLE_STAGES,
        ),
        SessionTemplate(
            key="listening",
            label=_l("Listening session"),
            summary=_l(
                "A small group answers a prompt per round, anonymously; the team captures quotes "
                "and tags answers by theme."
            ),
            stages=(S.WELCOME, S.LISTEN, S.RESULTS, S.CLOSED),
            tables=False,
            rounds=listening_prompts,
        ),
        SessionTemplate(
            key="meeting",
            label=_l("Face-to-face meeting"),
            summary=_l(
                "Newcomers and decision makers start from the problems of earlier listening "
                "sessions and decide together which to work on."
            ),
            stages=(S.WELCOME, S.PROBLEMS, S.PRIORITISE, S.RESULTS, S.CLOSED),
            tables=False,
        ),
        SessionTemplate(
            key="roundtable",
            label=_l("Round table or open day"),
            summary=_l("The same tables with your own themes and only the stages you need."),
            stages=(
                S.WELCOME,
                S.PROBLEMS,
                S.FOCUS,
                S.PRIORITISE,
                S.PROTOTYPES,
                S.PLENARY,
                S.VOTE,
                S.RESULTS,
                S.RESPONSE,
                S.CLOSED,
            ),
            off_by_default=(S.FOCUS, S.PRIORITISE, S.PLENARY, S.RESPONSE),
            themes=roundtable_themes,
        ),
        SessionTemplate(
            key="review",
            label=_l("Intercultural review"),
            summary=_l(
                "Everyone rates the Intercultural Cities index areas from 1 to 5; results by role."
            ),
            stages=_RATING_STAGES,
            tables=False,
            themes=list,
            items=intercultural_areas,
            criteria=intercultural_criteria,
        ),
        SessionTemplate(
            key="prototype_review",
            label=_l("Prototype review"),
            summary=_l(
                "Everyone rates the prototypes of an earlier workshop on impact, feasibility "
                "and cost."
            ),
            stages=_RATING_STAGES,
            tables=False,
            themes=list,
            criteria=prototype_criteria,
            items_from_prototypes=True,
        ),
    )
}

#: The template a workshop made before templates existed belongs to.
DEFAULT_TEMPLATE = "workshop"


def get_template(key: str | None) -> SessionTemplate:
    """The template named ``key``; unknown keys (old rows) fall back to the workshop."""
    return TEMPLATES.get(key or DEFAULT_TEMPLATE, TEMPLATES[DEFAULT_TEMPLATE])

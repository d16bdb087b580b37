"""Choosing each table's focus: the problems it will build prototypes for.

In the Focus stage every table dot-votes on its own problems (:func:`.votes.cast_problem_vote`).
When the trainer moves on, the top ``focus_count`` cards of each table become its focus, unless
a moderator already chose that table's focus by hand; moderators can change it afterwards.
"""

from __future__ import annotations

from ..models import Problem, Stage, Workshop
from . import changes, live


def choose_focus(workshop: Workshop) -> dict[int, list[int]]:
    """Mark each table's most-dotted problems as its focus; returns table id → problem ids.

    Ties at the cut are all kept (dropping one of two equal cards would be arbitrary); cards
    without a dot are never focus. A table where a moderator marked focus already is left as is.
    """
    tallies = live.problem_tallies(workshop, Stage.FOCUS)
    cards = [p for p in live.wall_problems(workshop)]
    chosen: dict[int, list[int]] = {}
    for theme in workshop.themes:
        mine: list[Problem] = [p for p in cards if p.theme_id == theme.id]
        if any(p.focus for p in mine):
            continue
        scored = sorted(
            ((tallies.get(str(p.id), {}).get("total", 0), p) for p in mine),
            key=lambda pair: (-pair[0], pair[1].id),
        )
        scored = [(dots, p) for dots, p in scored if dots > 0]
        if not scored:
            continue
        cut = scored[min(workshop.focus_count, len(scored)) - 1][0]
        chosen[theme.id] = []
        for dots, problem in scored:
            if dots >= cut:
                problem.focus = True
                chosen[theme.id].append(problem.id)
                changes.record(workshop.id, "problem", problem.id)
    return chosen

"""The JSON record flattened into tables, one per kind of thing: what the CSV and XLSX exports
are made of (columns documented in ``docs/export-data.md``).

Everything here is a pure function of the record (``docs/export-json.md``): no database, no
request, no translation. Column names are the record's own English snake_case keys, so a
script written against one export reads the next; values keep their Python types (``int``,
``float``, ``bool``, ``str`` or ``None``), and each writer decides how to spell them. Counts are
copied exactly as the record has them: no small-group suppression here (see the README of the
CSV zip and the summary sheet of the XLSX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..services.votes import PROBLEM_VOTE_STAGES
from .model import ROLES  # the roles of docs/export-json.md, in every by-role column's order

#: The problem-vote stages, in the order the record's stage sequence would hold them.
PRIORITY_STAGES = tuple(stage.value for stage in PROBLEM_VOTE_STAGES)

CANVAS = ("title", "what_changes", "who_benefits", "who_acts", "first_step")


@dataclass
class Table:
    """One sheet of data: a header and its rows, every row as long as the header."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def data_tables(record: dict[str, Any]) -> dict[str, Table]:
    """Every table of the record, in the order the exports list them.

    Each table is always there, with its header, even when the session had nothing of that kind
    (a listening session has no prototypes): a reader can count on the same files and sheets.
    """
    table_names = {t["id"]: t["name"] for t in record.get("themes", [])}
    roles = {p["id"]: p["role"] for p in record.get("participants", [])}
    return {
        "participants": _participants(record, table_names),
        "problems": _problems(record, table_names),
        "supports": _supports(record),
        "translations": _translations(record),
        "prototypes": _prototypes(record, table_names),
        "votes": _votes(record, roles),
        "problem_votes": _problem_votes(record, roles),
        "responses": _responses(record),
        "feedback": _feedback(record),
        "ratings": _ratings(record),
        "rating_results": _rating_results(record),
    }


def priority_stages(record: dict[str, Any]) -> list[str]:
    """The problem-vote stages this session held, in its stage order.

    From the session's stage sequence, so a stage that was planned but got no dots still has
    its (empty) columns; plus any stage found on a card, so no dots are ever dropped.
    """
    held = [s for s in record.get("workshop", {}).get("stages", []) if s in PRIORITY_STAGES]
    for problem in record.get("problems", []):
        for stage in problem.get("priority_dots") or {}:
            if stage not in held:
                held.append(stage)
    return held


def _participants(record: dict[str, Any], table_names: dict[int, str]) -> Table:
    return Table(
        ["id", "role", "theme_id", "table", "language", "on_behalf", "joined_at"],
        [
            [
                p["id"],
                p["role"],
                p.get("theme_id"),
                table_names.get(p.get("theme_id")),
                p.get("language"),
                p.get("on_behalf", False),
                p.get("joined_at"),
            ]
            for p in record.get("participants", [])
        ],
    )


def _problems(record: dict[str, Any], table_names: dict[int, str]) -> Table:
    stages = priority_stages(record)
    columns = [
        "id",
        "theme_id",
        "table",
        "author",
        "author_role",
        "language",
        "origin",
        "entered_by",
        "round_id",
        "source_workshop",
        "source_problem_id",
        "text",
        "original_text",
        "hidden",
        "approved",
        "merged_into",
        "focus",
        "supports",
        *(f"{stage}_dots_{part}" for stage in stages for part in ("total", *ROLES)),
        "created_at",
    ]
    rows = []
    for p in record.get("problems", []):
        source = p.get("source") or {}
        dots = p.get("priority_dots") or {}
        rows.append(
            [
                p["id"],
                p.get("theme_id"),
                table_names.get(p.get("theme_id")),
                p.get("author"),
                p.get("author_role"),
                p.get("language"),
                p.get("origin"),
                p.get("entered_by"),
                p.get("round_id"),
                source.get("workshop_code"),
                source.get("problem_id"),
                p.get("text"),
                p.get("original_text"),
                p.get("hidden"),
                p.get("approved"),
                p.get("merged_into"),
                p.get("focus"),
                p.get("supports", len(p.get("supporters", []))),
                # A card merged away or hidden has no entry: empty, not 0, as it was not counted.
                *(
                    (dots[stage].get(part) if stage in dots else None)
                    for stage in stages
                    for part in ("total", *ROLES)
                ),
                p.get("created_at"),
            ]
        )
    return Table(columns, rows)


def _supports(record: dict[str, Any]) -> Table:
    return Table(
        ["problem_id", "participant"],
        [
            [p["id"], supporter]
            for p in record.get("problems", [])
            for supporter in p.get("supporters", [])
        ],
    )


def _translations(record: dict[str, Any]) -> Table:
    """Cards' and prototypes' translations in one table: one of the two ids is set per row."""
    columns = [
        "problem_id",
        "prototype_id",
        "language",
        "text",
        *CANVAS,
        "machine",
        "made_by",
        "entered_by",
    ]
    rows = []
    for p in record.get("problems", []):
        for t in p.get("translations", []):
            rows.append(
                [
                    p["id"],
                    None,
                    t.get("language"),
                    t.get("text"),
                    *(None for _ in CANVAS),
                    t.get("machine"),
                    t.get("made_by"),
                    t.get("entered_by"),
                ]
            )
    for p in record.get("prototypes", []):
        for t in p.get("translations", []):
            rows.append(
                [
                    None,
                    p["id"],
                    t.get("language"),
                    None,
                    *(t.get(name) for name in CANVAS),
                    t.get("machine"),
                    None,
                    None,
                ]
            )
    return Table(columns, rows)


def _prototypes(record: dict[str, Any], table_names: dict[int, str]) -> Table:
    rank = {
        entry["prototype_id"]: entry["rank"]
        for result in record.get("results", [])
        for entry in result.get("ranking", [])
    }
    columns = [
        "id",
        "theme_id",
        "table",
        "author",
        "origin",
        "entered_by",
        *CANVAS,
        "problem_ids",
        "language",
        "hidden",
        *(f"dots_{part}" for part in ("total", *ROLES)),
        "rank",
        "created_at",
    ]
    rows = []
    for p in record.get("prototypes", []):
        dots = p.get("dots") or {}
        rows.append(
            [
                p["id"],
                p.get("theme_id"),
                table_names.get(p.get("theme_id")),
                p.get("author"),
                p.get("origin"),
                p.get("entered_by"),
                *(p.get(name) for name in CANVAS),
                ";".join(str(i) for i in p.get("problem_ids", [])),
                p.get("language"),
                p.get("hidden"),
                # A hidden prototype is out of the vote: its dots are empty, as in the record.
                *(dots.get(part) for part in ("total", *ROLES)),
                rank.get(p["id"]),
                p.get("created_at"),
            ]
        )
    return Table(columns, rows)


def _votes(record: dict[str, Any], roles: dict[str, str]) -> Table:
    return Table(
        ["participant", "role", "prototype_id", "dots"],
        [
            [v["participant"], roles.get(v["participant"]), v["prototype_id"], v["dots"]]
            for v in record.get("votes", [])
        ],
    )


def _problem_votes(record: dict[str, Any], roles: dict[str, str]) -> Table:
    return Table(
        ["participant", "role", "problem_id", "stage", "dots"],
        [
            [
                v["participant"],
                roles.get(v["participant"]),
                v["problem_id"],
                v.get("stage"),
                v["dots"],
            ]
            for v in record.get("problem_votes", [])
        ],
    )


def _responses(record: dict[str, Any]) -> Table:
    fields = ["decision", "reason", "owner", "due_on", "by", "updated_at"]
    return Table(
        ["prototype_id", *fields],
        [
            [p["id"], *(p["response"].get(name) for name in fields)]
            for p in record.get("prototypes", [])
            if p.get("response")
        ],
    )


def _feedback(record: dict[str, Any]) -> Table:
    return Table(
        ["participant", "score", "comment"],
        [[f["participant"], f["score"], f.get("comment")] for f in record.get("feedback", [])],
    )


def _ratings(record: dict[str, Any]) -> Table:
    items = {i["id"]: i.get("text") for i in record.get("rating_items", [])}
    criteria = {c["id"]: c.get("name") for c in record.get("criteria", [])}
    return Table(
        ["participant", "role", "item_id", "item", "criterion_id", "criterion", "score", "at"],
        [
            [
                r["participant"],
                r.get("role"),
                r["item_id"],
                items.get(r["item_id"]),
                r["criterion_id"],
                criteria.get(r["criterion_id"]),
                r["score"],
                r.get("at"),
            ]
            for r in record.get("ratings", [])
        ],
    )


def _rating_results(record: dict[str, Any]) -> Table:
    items = {i["id"]: i.get("text") for i in record.get("rating_items", [])}
    criteria = {c["id"]: c.get("name") for c in record.get("criteria", [])}
    columns = [
        "item_id",
        "item",
        "criterion_id",
        "criterion",
        "count",
        "average",
        *(f"n{score}" for score in range(1, 6)),
        *(f"{role}_{part}" for role in ROLES for part in ("count", "average")),
    ]
    rows = []
    for result in record.get("rating_results", []):
        for cell in result.get("criteria", []):
            by_role = cell.get("by_role") or {}
            distribution = list(cell.get("distribution") or [])
            rows.append(
                [
                    result["item_id"],
                    items.get(result["item_id"]),
                    cell["criterion_id"],
                    criteria.get(cell["criterion_id"]),
                    cell.get("count"),
                    cell.get("average"),
                    *(distribution + [None] * 5)[:5],
                    *(
                        (by_role.get(role) or {}).get(part)
                        for role in ROLES
                        for part in ("count", "average")
                    ),
                ]
            )
    return Table(columns, rows)

"""The record flattened into tables: every thing once, columns that follow the session."""

from __future__ import annotations

import pytest

from workshop.reports.tables import data_tables

TABLES = [
    "participants",
    "problems",
    "supports",
    "translations",
    "prototypes",
    "votes",
    "problem_votes",
    "responses",
    "feedback",
    "ratings",
    "rating_results",
]


@pytest.mark.parametrize("template", ["listening", "workshop", "meeting", "review"])
def test_every_session_gives_every_table_in_order_with_rows_as_long_as_the_header(
    demo_record, template
):
    tables = data_tables(demo_record(template))
    assert list(tables) == TABLES
    for table in tables.values():
        assert len(set(table.columns)) == len(table.columns)
        assert all(len(row) == len(table.columns) for row in table.rows)


def test_participants_are_pseudonyms_with_their_table_name_and_never_a_name(demo_record):
    record = demo_record("workshop")
    table = data_tables(record)["participants"]
    assert table.columns == [
        "id",
        "role",
        "theme_id",
        "table",
        "language",
        "on_behalf",
        "joined_at",
    ]
    assert [row[0] for row in table.rows] == [
        f"P{i}" for i in range(1, len(record["participants"]) + 1)
    ]
    names = {t["id"]: t["name"] for t in record["themes"]}
    assert all(row[3] == names[row[2]] for row in table.rows)
    assert "name" not in table.columns


def test_priority_dots_get_columns_only_for_the_stages_the_session_held(demo_record):
    workshop = data_tables(demo_record("workshop"))["problems"].columns
    meeting = data_tables(demo_record("meeting"))["problems"].columns
    listening = data_tables(demo_record("listening"))["problems"].columns
    assert "focus_dots_total" in workshop and "prioritise_dots_total" not in workshop
    assert [c for c in meeting if c.startswith("prioritise_dots_")] == [
        "prioritise_dots_total",
        "prioritise_dots_resident",
        "prioritise_dots_decision_maker",
        "prioritise_dots_other",
    ]
    assert not [c for c in listening if "_dots_" in c]


def test_priority_dots_per_card_equal_the_card_votes_of_that_stage(demo_record):
    record = demo_record("meeting")
    table = data_tables(record)["problems"]
    at = table.columns.index
    from_votes: dict[int, int] = {}
    for vote in record["problem_votes"]:
        if vote["stage"] == "prioritise":
            from_votes[vote["problem_id"]] = from_votes.get(vote["problem_id"], 0) + vote["dots"]
    assert sum(from_votes.values()) > 0
    for row in table.rows:
        if row[at("prioritise_dots_total")] is not None:
            assert row[at("prioritise_dots_total")] == from_votes.get(row[at("id")], 0)
            assert row[at("prioritise_dots_total")] == sum(
                row[at(f"prioritise_dots_{role}")]
                for role in ("resident", "decision_maker", "other")
            )


def test_prototypes_carry_their_rank_within_their_table_and_problem_ids_joined(demo_record):
    record = demo_record("workshop")
    table = data_tables(record)["prototypes"]
    at = table.columns.index
    ranks = {e["prototype_id"]: e["rank"] for r in record["results"] for e in r["ranking"]}
    assert ranks
    for row, prototype in zip(table.rows, record["prototypes"], strict=True):
        assert row[at("rank")] == ranks.get(prototype["id"])
        assert row[at("problem_ids")] == ";".join(str(i) for i in prototype["problem_ids"])


def test_translations_of_cards_and_prototypes_share_one_table(demo_record):
    record = demo_record("workshop")
    record["problems"][0]["translations"] = [
        {"language": "ar", "text": "نص", "machine": True, "made_by": "trainer", "entered_by": None}
    ]
    record["prototypes"][0]["translations"] = [
        {
            "language": "it",
            "title": "Sportello",
            "what_changes": "Cambia",
            "who_benefits": "",
            "who_acts": "",
            "first_step": "",
            "machine": False,
        }
    ]
    table = data_tables(record)["translations"]
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    assert rows[0]["problem_id"] == record["problems"][0]["id"]
    assert rows[0]["prototype_id"] is None and rows[0]["text"] == "نص" and rows[0]["machine"]
    assert rows[1]["prototype_id"] == record["prototypes"][0]["id"]
    assert rows[1]["title"] == "Sportello" and rows[1]["machine"] is False

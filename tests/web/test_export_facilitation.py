"""The JSON export carries everything facilitation adds, for every kind of session: rounds and
quotes, imported cards with their source, focus and priorities, input entered on behalf,
responses, closing feedback, ratings and the moderation log; the numbers agree with the
database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from workshop.extensions import db
from workshop.models import (
    Feedback,
    ModerationAction,
    Problem,
    ProblemVote,
    Rating,
    Response,
    Workshop,
)
from workshop.services.privacy import LOG_ONLY_ACTIONS

from .test_cli import empty_database, migrated  # noqa: F401  (fixtures)
from .test_demo_templates import build  # noqa: F401  (fixture)


@pytest.fixture
def export(runner, tmp_path):
    def run(workshop) -> dict:
        out = tmp_path / f"{workshop.code}.json"
        result = runner.invoke(args=["export", workshop.code, "--output", str(out)])
        assert result.exit_code == 0, result.output
        return json.loads(out.read_text(encoding="utf-8"))

    return run


def rows(model, *where):
    return list(db.session.scalars(select(model).where(*where)))


def test_the_export_is_version_2(build, export):  # noqa: F811
    data = export(build("roundtable"))

    assert data["schema"] == "tavola.workshop" and data["version"] == 2


def test_a_listening_export_has_its_rounds_quotes_and_theme_tags(build, export):  # noqa: F811
    listening = build("listening")
    data = export(listening)

    assert [r["prompt"] for r in data["rounds"]] == [r.prompt for r in listening.rounds]
    quotes = [p for p in data["problems"] if p["origin"] == "quote"]
    assert quotes and all(q["author"] is None and q["language"] for q in quotes)
    # Moderation steps only: the action log's other entries (this very export) stay out.
    logged = rows(
        ModerationAction,
        ModerationAction.workshop_id == listening.id,
        ModerationAction.action.not_in(LOG_ONLY_ACTIONS),
    )
    assert [m["action"] for m in data["moderation"]] == [a.action for a in logged]
    assert {m["by"] for m in data["moderation"]} == {"trainer"}
    assert any(p["hidden"] for p in data["problems"])


def test_a_meeting_export_traces_each_imported_card_to_its_source(build, export):  # noqa: F811
    meeting = build("meeting")
    data = export(meeting)

    imported = [p for p in data["problems"] if p["origin"] == "imported"]
    assert imported
    for card in imported:
        source = db.session.get(Problem, card["source"]["problem_id"])
        assert source.text == card["text"]
        assert db.session.get(Workshop, source.workshop_id).code == card["source"]["workshop_code"]
    dots = rows(ProblemVote, ProblemVote.workshop_id == meeting.id, ProblemVote.dots > 0)
    assert sum(v["dots"] for v in data["problem_votes"]) == sum(v.dots for v in dots)
    assert sum(p["priority_dots"]["prioritise"]["total"] for p in data["problems"]) == sum(
        v.dots for v in dots
    )


def test_a_workshop_export_has_focus_on_behalf_input_responses_feedback_and_merges(
    build,  # noqa: F811
    export,
):
    workshop = build("workshop")
    data = export(workshop)

    assert any(p["focus"] for p in data["problems"])
    paper = {p["id"] for p in data["participants"] if p["on_behalf"]}
    assert any(p["origin"] == "on_behalf" and p["author"] in paper for p in data["problems"])
    responses = [p["response"] for p in data["prototypes"] if p["response"]]
    assert len(responses) == len(rows(Response, Response.workshop_id == workshop.id))
    assert all(r["by"].startswith("P") for r in responses)  # decision makers, by pseudonym
    feedback = rows(Feedback, Feedback.workshop_id == workshop.id)
    assert data["feedback_summary"]["answers"] == len(feedback)
    assert sum(data["feedback_summary"]["distribution"]) == len(feedback)
    assert any(m["action"] == "merge" for m in data["moderation"])
    assert any(p["merged_into"] for p in data["problems"])


def test_a_review_export_has_every_rating(build, export):  # noqa: F811
    review = build("review")
    data = export(review)

    assert len(data["ratings"]) == len(rows(Rating, Rating.workshop_id == review.id))
    assert len(data["rating_items"]) == 14


def test_names_never_reach_the_export(build, export):  # noqa: F811
    workshop = build("workshop")
    text = json.dumps(export(workshop))

    assert "display_name" not in text and "Marco" not in text

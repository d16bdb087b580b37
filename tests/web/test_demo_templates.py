"""``flask --app workshop demo --template NAME``: a finished, realistic session of each kind."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from workshop import services
from workshop.extensions import db
from workshop.models import (
    Feedback,
    Origin,
    Participant,
    Problem,
    ProblemVote,
    Response,
    Role,
    Stage,
)

from .test_cli import empty_database, migrated  # noqa: F401  (fixtures)


@pytest.fixture
def build(migrated, runner):  # noqa: F811
    def run(template: str):
        result = runner.invoke(args=["demo", "--template", template])
        assert result.exit_code == 0, result.output
        code = re.search(rf"Demo {template} created: code (\w+)", result.output).group(1)
        return services.get_workshop_by_code(code)

    return run


def rows(model, *where):
    return list(db.session.scalars(select(model).where(*where)))


def test_an_unknown_template_is_refused_with_the_list_of_templates(migrated, runner):  # noqa: F811
    result = runner.invoke(args=["demo", "--template", "carnival"])

    assert result.exit_code != 0
    assert "listening" in result.output and "roundtable" in result.output


def test_the_workshop_demo_has_focus_responses_feedback_and_input_from_paper(build):
    workshop = build("workshop")

    assert workshop.stage == Stage.CLOSED
    cards = rows(Problem, Problem.workshop_id == workshop.id)
    assert any(c.focus for c in cards)
    assert any(c.origin == Origin.ON_BEHALF for c in cards)
    decisions = {r.decision.value for r in rows(Response, Response.workshop_id == workshop.id)}
    assert decisions == {"adopt", "study", "not_possible"}
    assert len(rows(Feedback, Feedback.workshop_id == workshop.id)) > 10


def test_the_listening_demo_has_two_rounds_of_answers_and_quotes(build):
    workshop = build("listening")

    cards = rows(Problem, Problem.workshop_id == workshop.id)
    assert {c.round_id for c in cards} == {r.id for r in workshop.rounds}
    quotes = [c for c in cards if c.origin == Origin.QUOTE]
    assert quotes and all(c.author_id is None and c.language for c in quotes)
    assert all(
        p.theme_id is None for p in rows(Participant, Participant.workshop_id == workshop.id)
    )


def test_the_meeting_demo_starts_from_a_listening_session_and_both_roles_vote(build):
    meeting = build("meeting")

    cards = rows(Problem, Problem.workshop_id == meeting.id)
    imported = [c for c in cards if c.origin == Origin.IMPORTED]
    assert imported and all(c.source_id is not None for c in imported)
    sources = {db.session.get(Problem, c.source_id).workshop_id for c in imported}
    assert meeting.id not in sources
    voters = {
        v.participant.role
        for v in rows(ProblemVote, ProblemVote.workshop_id == meeting.id, ProblemVote.dots > 0)
    }
    assert voters == {Role.RESIDENT, Role.DECISION_MAKER}
    assert meeting.stage == Stage.CLOSED


def test_the_roundtable_demo_has_its_own_five_themes_and_fewer_stages(build):
    workshop = build("roundtable")

    assert [t.name for t in workshop.themes] == [
        "Housing",
        "Labour market",
        "Health",
        "One-stop shops",
        "Culture",
    ]
    assert Stage.FOCUS not in workshop.stages and Stage.PROTOTYPES in workshop.stages
    assert workshop.stage == Stage.CLOSED


def test_the_review_demo_has_the_fourteen_areas_rated_by_both_roles(build):
    from workshop.models import Rating

    review = build("review")

    assert len(review.rating_items) == 14
    ratings = rows(Rating, Rating.workshop_id == review.id)
    assert {db.session.get(Participant, r.participant_id).role for r in ratings} == {
        Role.RESIDENT,
        Role.DECISION_MAKER,
        Role.OTHER,
    }
    assert all(1 <= r.score <= 5 for r in ratings)
    assert review.stage == Stage.CLOSED

"""Posting problem cards and saying "me too"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workshop import services
from workshop.extensions import db
from workshop.models import Problem, Stage, Support
from workshop.services import InvalidInput, NotFound, WrongStage
from workshop.session_templates import TEMPLATES

#: The co-projecting workshop's stages, the default template.
WORKSHOP_STAGES = TEMPLATES["workshop"].stages


@pytest.fixture
def room(make_workshop, make_participant):
    """A workshop in the Problems stage with two residents at the School table."""
    workshop = make_workshop(stage=Stage.PROBLEMS)
    return workshop, make_participant(workshop), make_participant(workshop)


# --- post_problem ----------------------------------------------------------------------------


def test_a_participant_posts_a_problem_to_their_own_table(make_workshop, make_participant):
    workshop = make_workshop(stage=Stage.PROBLEMS)
    participant = make_participant(workshop, theme=workshop.themes[1])

    problem = services.post_problem(participant, "Nobody explains how to vote in the district")
    db.session.commit()

    assert problem.theme_id == workshop.themes[1].id
    assert problem.workshop_id == workshop.id
    assert problem.author == participant
    assert problem.text == "Nobody explains how to vote in the district"


def test_the_problem_text_is_trimmed(room):
    _, amina, _ = room

    assert services.post_problem(amina, "  Long queues  \n").text == "Long queues"


@pytest.mark.parametrize("stage", [s for s in WORKSHOP_STAGES if s != Stage.PROBLEMS])
def test_problems_can_only_be_posted_in_the_problems_stage(
    make_workshop, make_participant, count_rows, stage
):
    workshop = make_workshop()
    participant = make_participant(workshop)
    services.advance_stage(workshop, stage)

    with pytest.raises(WrongStage) as refused:
        services.post_problem(participant, "Long queues")

    assert refused.value.code == "stage"
    assert count_rows(Problem) == 0


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_an_empty_problem_is_refused(room, text):
    _, amina, _ = room

    with pytest.raises(InvalidInput) as refused:
        services.post_problem(amina, text)

    assert refused.value.field == "text"


def test_a_problem_of_280_characters_is_accepted(room):
    _, amina, _ = room

    assert len(services.post_problem(amina, "x" * 280).text) == 280


def test_spaces_around_a_problem_do_not_count_towards_its_length(room):
    _, amina, _ = room

    assert len(services.post_problem(amina, "  " + "x" * 280 + "  ").text) == 280


def test_a_problem_of_281_characters_is_refused(room):
    _, amina, _ = room

    with pytest.raises(InvalidInput) as refused:
        services.post_problem(amina, "x" * 281)

    assert refused.value.field == "text"
    assert "280" in str(refused.value.message)
    assert "281" in str(refused.value.message)


def test_a_refused_problem_leaves_the_cards_already_posted(room, count_rows):
    _, amina, _ = room
    services.post_problem(amina, "Long queues at the registry office")
    db.session.commit()

    with pytest.raises(InvalidInput):
        services.post_problem(amina, "x" * 281)
    db.session.rollback()

    assert [p.text for p in db.session.scalars(select(Problem))] == [
        "Long queues at the registry office"
    ]
    assert count_rows(Problem) == 1


# --- set_support -----------------------------------------------------------------------------


def test_me_too_counts_a_supporter(room, make_problem):
    _, amina, bilal = room
    problem = make_problem(amina)

    assert services.set_support(bilal, problem.id, True) == (True, 1)


def test_me_too_counts_once_per_person(room, make_problem, count_rows):
    _, amina, bilal = room
    problem = make_problem(amina)

    services.set_support(bilal, problem.id, True)
    db.session.commit()

    assert services.set_support(bilal, problem.id, True) == (True, 1)
    db.session.commit()
    assert count_rows(Support) == 1


def test_each_person_adds_their_own_me_too(room, make_problem, make_participant):
    workshop, amina, bilal = room
    chen = make_participant(workshop, theme=workshop.themes[2])
    problem = make_problem(amina)

    services.set_support(bilal, problem.id, True)

    assert services.set_support(chen, problem.id, True) == (True, 2)


def test_a_me_too_can_be_withdrawn(room, make_problem):
    _, amina, bilal = room
    problem = make_problem(amina)
    services.set_support(bilal, problem.id, True)
    db.session.commit()

    assert services.set_support(bilal, problem.id, False) == (False, 0)


def test_withdrawing_a_me_too_never_given_is_harmless(room, make_problem):
    _, amina, bilal = room
    problem = make_problem(amina)

    assert services.set_support(bilal, problem.id, False) == (False, 0)
    assert services.set_support(bilal, problem.id, False) == (False, 0)


def test_withdrawing_leaves_other_peoples_me_too(room, make_problem, make_participant):
    workshop, amina, bilal = room
    chen = make_participant(workshop)
    problem = make_problem(amina)
    services.set_support(bilal, problem.id, True)
    services.set_support(chen, problem.id, True)
    db.session.commit()

    assert services.set_support(bilal, problem.id, False) == (False, 1)


def test_me_too_on_your_own_card_is_refused(room, make_problem, count_rows):
    _, amina, _ = room
    problem = make_problem(amina)

    with pytest.raises(InvalidInput):
        services.set_support(amina, problem.id, True)

    assert count_rows(Support) == 0


def test_me_too_on_a_card_of_another_workshop_is_not_found(
    room, make_workshop, make_participant, make_problem, count_rows
):
    _, amina, _ = room
    elsewhere = make_workshop(stage=Stage.PROBLEMS)
    their_problem = make_problem(make_participant(elsewhere))

    with pytest.raises(NotFound):
        services.set_support(amina, their_problem.id, True)

    assert count_rows(Support) == 0


def test_me_too_on_a_card_that_does_not_exist_is_not_found(room):
    _, amina, _ = room

    with pytest.raises(NotFound):
        services.set_support(amina, 999_999, True)


@pytest.mark.parametrize("stage", [s for s in WORKSHOP_STAGES if s != Stage.PROBLEMS])
def test_me_too_is_only_possible_in_the_problems_stage(room, make_problem, count_rows, stage):
    workshop, amina, bilal = room
    problem = make_problem(amina)
    services.advance_stage(workshop, stage)

    with pytest.raises(WrongStage):
        services.set_support(bilal, problem.id, True)

    assert count_rows(Support) == 0


def test_a_refused_me_too_leaves_the_count_unchanged(room, make_problem):
    _, amina, bilal = room
    problem = make_problem(amina)
    services.set_support(bilal, problem.id, True)
    db.session.commit()

    with pytest.raises(InvalidInput):
        services.set_support(amina, problem.id, True)
    db.session.rollback()

    assert len(db.session.get(Problem, problem.id).supports) == 1

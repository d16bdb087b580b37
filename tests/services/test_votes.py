"""Dot voting: spreading a budget of dots over the prototypes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from workshop import services
from workshop.extensions import db
from workshop.models import Stage, Vote
from workshop.services import InvalidInput, NotFound, OverBudget, WrongStage
from workshop.session_templates import TEMPLATES

#: The co-projecting workshop's stages, the default template.
WORKSHOP_STAGES = TEMPLATES["workshop"].stages


@pytest.fixture
def room(make_workshop, make_participant, make_prototype, move_to):
    """A workshop in the Vote stage: two prototypes at two tables, a voter, a 3-dot budget."""
    workshop = make_workshop(dot_budget=3)
    school = make_participant(workshop, theme=workshop.themes[0])
    services_table = make_participant(workshop, theme=workshop.themes[2])
    desk = make_prototype(school, title="Welcome desk")
    app = make_prototype(services_table, title="One-stop app")
    voter = make_participant(workshop, role="decision_maker")
    move_to(workshop, Stage.VOTE)
    return SimpleNamespace(workshop=workshop, desk=desk, app=app, voter=voter)


def vote(participant, prototype, delta=1):
    result = services.cast_vote(participant, prototype.id, delta)
    db.session.commit()
    return result


def test_a_participant_starts_with_the_whole_budget(room):
    assert services.my_votes(room.voter) == ({}, 3)


def test_a_dot_on_a_prototype_is_counted_and_the_budget_shrinks(room):
    assert vote(room.voter, room.desk) == ({room.desk.id: 1}, 2)


def test_a_participant_can_put_several_dots_on_one_prototype(room):
    vote(room.voter, room.desk)
    vote(room.voter, room.desk)

    assert vote(room.voter, room.desk) == ({room.desk.id: 3}, 0)


def test_a_participant_can_spread_dots_over_prototypes_of_any_table(room):
    vote(room.voter, room.desk)

    assert vote(room.voter, room.app) == ({room.desk.id: 1, room.app.id: 1}, 1)


def test_a_participant_cannot_spend_more_dots_than_the_budget(room):
    vote(room.voter, room.desk)
    vote(room.voter, room.desk)
    vote(room.voter, room.app)

    with pytest.raises(OverBudget) as refused:
        services.cast_vote(room.voter, room.app.id, 1)

    assert refused.value.code == "budget"
    db.session.rollback()
    assert services.my_votes(room.voter) == ({room.desk.id: 2, room.app.id: 1}, 0)


def test_the_budget_is_the_workshops_setting(make_workshop, make_participant, make_prototype):
    workshop = make_workshop(dot_budget=1)
    voter = make_participant(workshop)
    prototype = make_prototype(voter)
    services.advance_stage(workshop, Stage.VOTE)

    services.cast_vote(voter, prototype.id, 1)

    with pytest.raises(OverBudget):
        services.cast_vote(voter, prototype.id, 1)


def test_other_peoples_dots_do_not_use_up_my_budget(room, make_participant):
    other = make_participant(room.workshop)
    for _ in range(3):
        vote(other, room.desk)

    assert vote(room.voter, room.desk) == ({room.desk.id: 1}, 2)


def test_a_participant_can_take_a_dot_back(room):
    vote(room.voter, room.desk)
    vote(room.voter, room.desk)

    assert vote(room.voter, room.desk, -1) == ({room.desk.id: 1}, 2)


def test_a_prototype_without_dots_left_drops_out_of_my_allocation(room):
    vote(room.voter, room.desk)

    assert vote(room.voter, room.desk, -1) == ({}, 3)
    assert db.session.scalar(select(Vote.dots)) == 0


def test_a_dot_cannot_be_taken_back_from_a_prototype_without_one(room):
    with pytest.raises(InvalidInput) as refused:
        services.cast_vote(room.voter, room.desk.id, -1)

    assert refused.value.field == "delta"


def test_a_dot_cannot_be_taken_back_twice(room):
    vote(room.voter, room.desk)
    vote(room.voter, room.desk, -1)

    with pytest.raises(InvalidInput):
        services.cast_vote(room.voter, room.desk.id, -1)


def test_a_dot_can_be_moved_to_another_prototype_when_the_budget_is_spent(room):
    for _ in range(3):
        vote(room.voter, room.desk)

    vote(room.voter, room.desk, -1)

    assert vote(room.voter, room.app) == ({room.desk.id: 2, room.app.id: 1}, 0)


@pytest.mark.parametrize("delta", [0, 2, -2, 3])
def test_a_vote_adds_or_removes_exactly_one_dot(room, count_rows, delta):
    with pytest.raises(InvalidInput) as refused:
        services.cast_vote(room.voter, room.desk.id, delta)

    assert refused.value.field == "delta"
    assert count_rows(Vote) == 0


def test_a_prototype_of_another_workshop_is_not_found(
    room, make_workshop, make_participant, make_prototype, count_rows
):
    elsewhere = make_workshop()
    theirs = make_prototype(make_participant(elsewhere))

    with pytest.raises(NotFound) as refused:
        services.cast_vote(room.voter, theirs.id, 1)

    assert refused.value.field == "prototype_id"
    assert count_rows(Vote) == 0


def test_a_prototype_that_does_not_exist_is_not_found(room):
    with pytest.raises(NotFound):
        services.cast_vote(room.voter, 999_999, 1)


@pytest.mark.parametrize("stage", [s for s in WORKSHOP_STAGES if s != Stage.VOTE])
def test_voting_is_only_open_in_the_vote_stage(room, count_rows, stage):
    services.advance_stage(room.workshop, stage)

    with pytest.raises(WrongStage):
        services.cast_vote(room.voter, room.desk.id, 1)

    assert count_rows(Vote) == 0


def test_dots_stay_where_they_were_put_after_the_vote_closes(room, move_to):
    vote(room.voter, room.desk)
    move_to(room.workshop, Stage.RESULTS)

    with pytest.raises(WrongStage):
        services.cast_vote(room.voter, room.desk.id, -1)

    assert services.my_votes(room.voter) == ({room.desk.id: 1}, 2)


def test_one_vote_row_is_kept_per_person_and_prototype(room, count_rows):
    for delta in (1, 1, -1, 1):
        vote(room.voter, room.desk, delta)

    assert count_rows(Vote) == 1
    assert db.session.scalar(select(Vote.dots)) == 2

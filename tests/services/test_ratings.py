"""Rating rounds: who rates what, when, and what the room and the trainer see of it."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from workshop import services
from workshop.extensions import db
from workshop.models import Rating, Stage
from workshop.services import InvalidInput, NotFound, WrongStage, live
from workshop.services.rating_results import protect, rating_progress, rating_results


@pytest.fixture
def review(make_workshop):
    """An intercultural review (14 index areas, one question) in the Rating stage."""
    return make_workshop(title="ICC review", template="review", stage=Stage.RATE)


@pytest.fixture
def person(app_ctx):
    """``person(workshop, role)``: someone who joined a session without tables."""

    def join(workshop, role="resident"):
        participant = services.join(workshop, role=role, theme_id=None)
        db.session.commit()
        return participant

    return join


def give(participant, item, criterion, score):
    services.rate(participant, item.id, criterion.id, score)
    db.session.commit()


def test_a_participant_rates_an_area_and_sees_their_own_score(review, person):
    amina = person(review)
    area, question = review.rating_items[1], review.criteria[0]

    give(amina, area, question, 4)

    assert services.my_ratings(amina) == {(area.id, question.id): 4}


def test_rating_the_same_item_again_replaces_the_score(review, person, count_rows):
    amina = person(review)
    area, question = review.rating_items[0], review.criteria[0]

    give(amina, area, question, 2)
    give(amina, area, question, 5)

    assert services.my_ratings(amina) == {(area.id, question.id): 5}
    assert count_rows(Rating) == 1


@pytest.mark.parametrize("score", [0, 6, -1, 100])
def test_a_score_outside_one_to_five_is_refused_clearly(review, person, score):
    amina = person(review)

    with pytest.raises(InvalidInput, match="from 1 to 5") as refused:
        services.rate(amina, review.rating_items[0].id, review.criteria[0].id, score)
    assert refused.value.field == "score"


@pytest.mark.parametrize("stage", [Stage.WELCOME, Stage.RESULTS, Stage.CLOSED])
def test_rating_outside_the_rating_stage_is_refused(review, person, move_to, stage, count_rows):
    amina = person(review)
    move_to(review, stage)

    with pytest.raises(WrongStage):
        services.rate(amina, review.rating_items[0].id, review.criteria[0].id, 3)
    assert count_rows(Rating) == 0


def test_rating_stops_when_a_locking_countdown_has_run_out(review, person):
    from datetime import timedelta

    from workshop.models import utcnow

    amina = person(review)
    review.lock_at_zero = True
    review.timer_ends_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    with pytest.raises(WrongStage, match="Time is up"):
        services.rate(amina, review.rating_items[0].id, review.criteria[0].id, 3)


def test_items_and_criteria_of_another_workshop_are_refused(review, person, make_workshop):
    other = make_workshop(title="Other review", template="review", stage=Stage.RATE)
    amina = person(review)

    with pytest.raises(NotFound) as wrong_item:
        services.rate(amina, other.rating_items[0].id, review.criteria[0].id, 3)
    with pytest.raises(NotFound) as wrong_criterion:
        services.rate(amina, review.rating_items[0].id, other.criteria[0].id, 3)
    assert (wrong_item.value.field, wrong_criterion.value.field) == ("item_id", "criterion_id")


def test_results_give_count_average_and_distribution_split_by_role(review, person):
    residents = [person(review) for _ in range(3)]
    councillor = person(review, "decision_maker")
    area, question = review.rating_items[0], review.criteria[0]
    for resident, score in zip(residents, (4, 5, 4), strict=True):
        give(resident, area, question, score)
    give(councillor, area, question, 1)

    [first, second, *_] = rating_results(review)

    cell = first["criteria"][0]
    assert (first["text"], cell["name"]) == ("Intercultural commitment", question.name)
    assert (cell["count"], cell["average"], cell["distribution"]) == (4, 3.5, [1, 0, 0, 2, 1])
    assert cell["by_role"]["resident"] == {
        "count": 3,
        "average": 4.33,
        "distribution": [0, 0, 0, 2, 1],
    }
    assert cell["by_role"]["decision_maker"] == {
        "count": 1,
        "average": 1.0,
        "distribution": [1, 0, 0, 0, 0],
    }
    assert cell["by_role"]["other"] == {"count": 0, "average": None, "distribution": [0] * 5}
    assert second["criteria"][0]["count"] == 0 and second["criteria"][0]["average"] is None
    assert len(rating_results(review)) == 14


def test_the_room_sees_fewer_than_three_instead_of_a_small_roles_numbers(review, person):
    residents = [person(review) for _ in range(3)]
    councillor = person(review, "decision_maker")
    area, question = review.rating_items[0], review.criteria[0]
    for resident in residents:
        give(resident, area, question, 4)
    give(councillor, area, question, 1)

    cell = protect(rating_results(review))[0]["criteria"][0]

    assert cell["by_role"]["decision_maker"]["hidden"] is True
    assert cell["by_role"]["decision_maker"]["average"] is None
    assert cell["by_role"]["decision_maker"]["distribution"] is None
    assert cell["by_role"]["resident"]["average"] == 4.0
    # Overall minus residents would be the councillor's own score: the overall is hidden too.
    assert cell["hidden"] is True and cell["average"] is None and cell["distribution"] is None


def test_the_overall_stays_when_no_small_group_can_be_worked_out(review, person):
    for _ in range(3):
        give(person(review), review.rating_items[0], review.criteria[0], 2)
    for _ in range(3):
        give(person(review, "decision_maker"), review.rating_items[0], review.criteria[0], 5)

    cell = protect(rating_results(review))[0]["criteria"][0]

    assert (cell["hidden"], cell["average"]) == (False, 3.5)
    assert cell["by_role"]["decision_maker"]["average"] == 5.0
    assert cell["by_role"]["other"]["hidden"] is True  # nobody: still "fewer than 3"


def test_progress_counts_people_who_rated_and_who_finished_never_scores(review, person):
    amina, bilal = person(review), person(review)
    question = review.criteria[0]
    for area in review.rating_items:
        give(amina, area, question, 3)
    give(bilal, review.rating_items[0], question, 5)

    assert rating_progress(review) == {"raters": 2, "complete": 1, "ratings": 15, "cells": 14}


def test_the_phone_snapshot_carries_its_own_scores_and_the_room_no_averages_in_rating(
    review, person
):
    amina = person(review)
    area, question = review.rating_items[2], review.criteria[0]
    give(amina, area, question, 2)

    snap = live.snapshot(review, participant=amina, with_tallies=True)

    assert snap["me"]["ratings"] == {f"{area.id}:{question.id}": 2}
    assert snap["rating_progress"]["raters"] == 1
    assert "rating_results" not in snap


def test_a_rating_is_recorded_as_a_change_for_the_live_screens(review, person):
    from workshop.services import changes

    seen = []
    changes.subscribe(seen.extend)
    try:
        give(person(review), review.rating_items[0], review.criteria[0], 3)
    finally:
        changes.unsubscribe(seen.extend)

    assert changes.Change(review.id, "ratings") in seen


def test_results_read_a_fixed_number_of_queries_however_many_ratings(review, person):
    people = [person(review, role) for role in ("resident", "decision_maker", "other") * 3]
    for participant in people:
        for area in review.rating_items:
            services.rate(participant, area.id, review.criteria[0].id, 3)
    db.session.commit()
    db.session.expire_all()
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        results = rating_results(review)
    finally:
        event.remove(engine, "before_cursor_execute", count)

    assert results[13]["criteria"][0]["count"] == 9
    assert len(statements) <= 4  # the workshop, its items, its criteria, one aggregate


def test_a_prototype_review_rates_the_earlier_workshops_prototypes_on_three_criteria(
    make_workshop, make_participant, make_problem, make_prototype, person, move_to
):
    earlier = make_workshop()
    amina = make_participant(earlier)
    make_problem(amina, "Letters only in Italian")
    desk = make_prototype(amina, title="Welcome desk")
    forms = make_prototype(amina, title="Forms in five languages")
    review = make_workshop(
        title="Peer review", template="prototype_review", review_of=earlier, stage=Stage.RATE
    )
    ola = person(review, "decision_maker")
    _impact, feasibility, cost = review.criteria

    give(ola, review.rating_items[1], feasibility, 2)
    give(ola, review.rating_items[1], cost, 4)

    results = rating_results(review)
    assert [(r["text"], r["prototype_id"]) for r in results] == [
        ("Welcome desk", desk.id),
        ("Forms in five languages", forms.id),
    ]
    assert [c["name"] for c in results[1]["criteria"]] == [
        "Impact",
        "Feasibility",
        "Cost (5 = affordable)",
    ]
    assert [c["average"] for c in results[1]["criteria"]] == [None, 2.0, 4.0]
    assert db.session.scalar(select(Rating.score).where(Rating.criterion_id == cost.id)) == 4

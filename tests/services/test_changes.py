"""What a transaction changed reaches listeners only once it has committed."""

from __future__ import annotations

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Stage
from workshop.services import InvalidInput, WrongStage, changes
from workshop.services.changes import Change


@pytest.fixture
def delivered(app_ctx):
    """Every batch of changes delivered to a listener during the test."""
    batches: list[list[Change]] = []

    def listener(committed):
        batches.append(list(committed))

    changes.subscribe(listener)
    yield batches
    changes.unsubscribe(listener)


def test_changes_are_delivered_after_commit(make_workshop, delivered):
    workshop = make_workshop()
    delivered.clear()

    changes.record(workshop.id, "problem", 7)
    changes.record(workshop.id, "votes")
    assert delivered == []
    db.session.commit()

    assert delivered == [[Change(workshop.id, "problem", 7), Change(workshop.id, "votes", None)]]


def test_changes_are_never_delivered_after_rollback(make_workshop, delivered):
    workshop = make_workshop()
    delivered.clear()

    services.advance_stage(workshop, Stage.PROBLEMS)
    db.session.rollback()
    db.session.commit()

    assert delivered == []


def test_a_rolled_back_change_does_not_ride_along_with_the_next_commit(make_workshop, delivered):
    workshop = make_workshop()
    delivered.clear()
    services.advance_stage(workshop, Stage.PROBLEMS)
    db.session.rollback()

    services.reveal_results(workshop)
    db.session.commit()

    assert delivered == [[Change(workshop.id, "workshop"), Change(workshop.id, "votes")]]


def test_a_commit_without_changes_delivers_nothing(make_workshop, delivered):
    make_workshop()
    delivered.clear()

    db.session.commit()

    assert delivered == []


def test_each_commit_delivers_only_its_own_changes(make_workshop, delivered):
    workshop = make_workshop()
    delivered.clear()

    services.advance_stage(workshop, Stage.PROBLEMS)
    db.session.commit()
    services.advance_stage(workshop, Stage.PROTOTYPES)
    db.session.commit()

    assert delivered == [[Change(workshop.id, "workshop")], [Change(workshop.id, "workshop")]]


def test_an_unsubscribed_listener_hears_nothing_more(make_workshop, app_ctx):
    workshop = make_workshop()
    heard = []
    changes.subscribe(heard.append)
    changes.unsubscribe(heard.append)

    changes.record(workshop.id, "workshop")
    db.session.commit()

    assert heard == []


def test_a_listener_subscribed_twice_hears_each_commit_once(make_workshop, app_ctx):
    workshop = make_workshop()
    heard = []
    changes.subscribe(heard.append)
    changes.subscribe(heard.append)
    try:
        changes.record(workshop.id, "workshop")
        db.session.commit()
    finally:
        changes.unsubscribe(heard.append)

    assert len(heard) == 1


def test_every_intent_records_what_it_changed(make_workshop, delivered):
    workshop = make_workshop()
    w = workshop.id

    services.advance_stage(workshop, Stage.PROBLEMS)
    amina = services.join(workshop, role="resident", theme_id=workshop.themes[0].id)
    bilal = services.join(workshop, role="resident", theme_id=workshop.themes[0].id)
    problem = services.post_problem(amina, "Forms only in Italian")
    services.set_support(bilal, problem.id, True)
    services.advance_stage(workshop, Stage.PROTOTYPES)
    prototype = services.create_prototype(
        amina, title="Desk", what_changes="A desk", problem_ids=[problem.id]
    )
    services.advance_stage(workshop, Stage.VOTE)
    services.cast_vote(bilal, prototype.id, 1)
    services.reveal_results(workshop)
    db.session.commit()

    assert delivered[-1] == [
        Change(w, "workshop"),
        Change(w, "participants"),
        Change(w, "participants"),
        Change(w, "problem", problem.id),
        Change(w, "problem", problem.id),
        Change(w, "workshop"),
        Change(w, "prototype", prototype.id),
        Change(w, "workshop"),
        Change(w, "votes"),
        Change(w, "workshop"),
        Change(w, "votes"),
    ]


def test_a_refused_intent_records_nothing(make_workshop, make_participant, delivered):
    workshop = make_workshop()
    participant = make_participant(workshop)
    delivered.clear()

    with pytest.raises(WrongStage):
        services.post_problem(participant, "Too early")
    with pytest.raises(InvalidInput):
        services.join(workshop, role="mayor", theme_id=workshop.themes[0].id)
    db.session.commit()

    assert delivered == []


def test_creating_accounts_and_workshops_is_not_broadcast(make_facilitator, delivered):
    trainer = make_facilitator()
    services.create_workshop(trainer, title="Open day")
    db.session.commit()

    assert delivered == []

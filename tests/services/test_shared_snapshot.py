"""The room's part of a snapshot is made once and shared while nothing moves (a join storm asks
for it dozens of times a second), yet nobody is ever shown a wall older than what they did."""

from __future__ import annotations

from datetime import timedelta

from workshop import services
from workshop.extensions import db
from workshop.models import Stage
from workshop.services import live

from .test_query_counts import statements


def test_people_joining_one_after_another_share_the_rooms_snapshot(
    make_workshop, make_participant, make_problem
):
    workshop = make_workshop()
    make_problem(make_participant(workshop))
    first = make_participant(workshop)
    with statements() as alone:
        live.snapshot(workshop, participant=first)

    second = make_participant(workshop)  # joining moves nothing the room's snapshot shows
    with statements() as shared:
        snap = live.snapshot(workshop, participant=second)

    assert len(shared) < len(alone) / 2
    assert len(snap["problems"]) == 1
    assert snap["me"]["theme_id"] == second.theme_id


def test_a_card_just_posted_is_in_the_next_snapshot_before_any_broadcast(
    make_workshop, make_participant
):
    workshop = make_workshop(stage=Stage.PROBLEMS)
    author = make_participant(workshop)
    live.snapshot(workshop, participant=author)

    services.post_problem(author, "Posted without JavaScript")
    db.session.commit()  # no broadcast tick: the seq has not moved yet

    texts = [p["text"] for p in live.snapshot(workshop, participant=author)["problems"]]
    assert texts == ["Posted without JavaScript"]


def test_a_shared_snapshot_tells_the_time_left_as_of_now(make_workshop, monkeypatch):
    workshop = make_workshop(stage=Stage.PROBLEMS)
    services.start_timer(workshop, 300)
    db.session.commit()
    before = live.snapshot(workshop)["workshop"]["timer"]["remaining_ms"]

    later = live.utcnow() + timedelta(seconds=60)
    monkeypatch.setattr(live, "utcnow", lambda: later)
    after = live.snapshot(workshop)["workshop"]["timer"]["remaining_ms"]

    assert before - after >= 59_000


def test_moderators_never_get_the_rooms_shared_snapshot(make_workshop, make_participant):
    workshop = make_workshop(stage=Stage.PROBLEMS)
    card = services.post_problem(make_participant(workshop), "to be hidden")
    db.session.commit()
    live.snapshot(workshop)
    services.hide_problem(services.Actor.trainer(workshop), card.id)
    db.session.commit()

    moderated = live.snapshot(workshop, moderator=True)
    room = live.snapshot(workshop)

    assert [p["hidden"] for p in moderated["problems"]] == [True]
    assert room["problems"] == []

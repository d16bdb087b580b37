"""A bigger room costs no more queries: snapshots, tallies, ticks and votes read the database a
fixed number of times, whether three people are in the room or thirty (no query per card,
prototype or person; an N+1 would make a town hall's every tick and join slower)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from workshop import services
from workshop.extensions import db
from workshop.models import Participant, Stage, Workshop
from workshop.realtime.broadcaster import broadcaster
from workshop.services import live
from workshop.services.translations import add_translation


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements sent to the database inside the block."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


class Muted:
    """Stands in for Flask-SocketIO during a tick: the deltas go nowhere."""

    def emit(self, *_args: Any, **_kwargs: Any) -> None:
        pass


@pytest.fixture
def room(make_workshop, make_participant, make_problem, make_prototype) -> Callable:
    """``room(people)``: a workshop in the Vote stage, results revealed, where each person posted
    a card (every other one translated), every third person a prototype, and everyone "me
    too"-ed and voted. Returns the workshop and one of its phones."""

    def make(people: int) -> tuple[Workshop, Participant]:
        workshop = make_workshop(dot_budget=3)
        tables = workshop.themes
        everyone = [
            make_participant(workshop, role=("resident", "decision_maker")[i % 2], theme=t)
            for i, t in enumerate(tables[i % len(tables)] for i in range(people))
        ]
        cards = [make_problem(person) for person in everyone]
        trainer = services.Actor.trainer(workshop)
        for card in cards[::2]:
            add_translation(trainer, card.id, "it", f"[it] {card.text}")
        for person in everyone[1:]:
            services.set_support(person, cards[0].id, True)
        db.session.commit()
        prototypes = [
            make_prototype(person, problems=[card])
            for person, card in zip(everyone[::3], cards[::3], strict=True)
        ]
        services.advance_stage(workshop, Stage.VOTE)
        for n, person in enumerate(everyone):
            services.cast_vote(person, prototypes[n % len(prototypes)].id, 1)
        services.reveal_results(workshop, True)
        db.session.commit()
        return workshop, everyone[-1]

    return make


def snapshot_queries(workshop: Workshop, phone: Participant) -> dict[str, int]:
    """Statements each kind of screen's snapshot takes, from an empty session cache."""
    counts = {}
    for name, kwargs in (
        ("phone", {"participant": phone, "with_tallies": True}),
        ("projector", {"with_tallies": True}),
        ("control", {"with_tallies": True, "moderator": True}),
    ):
        db.session.expire_all()
        with statements() as sent:
            live.snapshot(workshop, **kwargs)
            if name == "control":
                live.participation(workshop)
            if name != "phone":
                live.presence(workshop, control=name == "control")
        counts[name] = len(sent)
    return counts


def test_a_snapshot_takes_as_many_queries_for_thirty_people_as_for_three(room):
    small = snapshot_queries(*room(3))
    big = snapshot_queries(*room(30))

    assert big == small


def tick_queries(workshop: Workshop, phone: Participant, monkeypatch) -> int:
    """Statements of the tick that follows a vote, a new card and a new person."""
    monkeypatch.setattr(broadcaster, "_socketio", Muted())
    broadcaster.flush()
    services.cast_vote(phone, _any_prototype(phone), -1)
    services.join(workshop, role="resident", theme_id=workshop.themes[0].id)
    db.session.commit()
    db.session.expire_all()
    with statements() as sent:
        broadcaster.flush()
    return len(sent)


def _any_prototype(phone: Participant) -> int:
    allocation, _ = services.my_votes(phone)
    return next(iter(allocation))


def test_a_broadcast_tick_takes_as_many_queries_for_thirty_people_as_for_three(room, monkeypatch):
    small = tick_queries(*room(3), monkeypatch)
    big = tick_queries(*room(30), monkeypatch)

    assert big == small


def vote_queries(workshop: Workshop, phone: Participant) -> int:
    """Statements of taking a dot back and putting it on again, as a phone's event does."""
    prototype_id = _any_prototype(phone)
    db.session.expire_all()
    with statements() as sent:
        services.cast_vote(phone, prototype_id, -1)
        services.cast_vote(phone, prototype_id, 1)
        db.session.commit()
    return len(sent)


def test_a_vote_takes_as_many_queries_in_a_big_room_as_in_a_small_one(room):
    assert vote_queries(*room(30)) == vote_queries(*room(3))


def test_a_vote_reads_the_phones_dots_once(room):
    _, phone = room(3)
    prototype_id = _any_prototype(phone)
    db.session.expire_all()
    with statements() as sent:
        services.cast_vote(phone, prototype_id, -1)

    reads_of_votes = [s for s in sent if s.lstrip().upper().startswith("SELECT") and "votes" in s]
    assert len(reads_of_votes) == 1, reads_of_votes

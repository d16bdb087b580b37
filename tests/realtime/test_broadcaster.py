"""The broadcaster in-process: what one tick sends, to which rooms, and what survives a failure."""

from __future__ import annotations

import time
from typing import Any

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Stage
from workshop.realtime.broadcaster import broadcaster


class Recorder:
    """Stands in for Flask-SocketIO: records emits instead of sending them."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any], Any]] = []

    def emit(self, event: str, data: dict[str, Any], to: Any = None) -> None:
        self.sent.append((event, data, to))


@pytest.fixture
def emits(app_ctx, monkeypatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(broadcaster, "_socketio", recorder)
    monkeypatch.setattr(broadcaster, "_not_before", {})
    broadcaster.flush()  # start from an empty queue
    recorder.sent.clear()
    return recorder


def test_a_tick_with_no_change_sends_nothing(emits):
    assert broadcaster.flush() == {}
    assert emits.sent == []


def test_many_changes_in_one_tick_make_one_delta_per_room(emits, make_workshop, make_participant):
    workshop = make_workshop(stage=Stage.PROBLEMS)
    people = [make_participant(workshop) for _ in range(3)]
    for i, person in enumerate(people):
        services.post_problem(person, f"card {i}")
        db.session.commit()

    control = broadcaster.flush()[workshop.id]

    # One delta per room; the screens first, so that the projector is not queued behind the
    # phones.
    assert rooms_of(emits) == [f"w{workshop.id}:{view}" for view in ("screen", "control", "phone")]
    assert {p["text"] for p in control["problems"]} == {"card 0", "card 1", "card 2"}
    assert control["participation"]["total"] == 3
    assert emits.sent[0][1] is emits.sent[2][1]  # the projector's and the phones' are one


def test_each_delta_takes_the_next_sequence_number(emits, make_workshop):
    workshop = make_workshop()
    seqs = []
    for stage in (Stage.PROBLEMS, Stage.PROTOTYPES, Stage.VOTE):
        services.advance_stage(workshop, stage)
        db.session.commit()
        seqs.append(broadcaster.flush()[workshop.id]["seq"])
    assert seqs == [seqs[0], seqs[0] + 1, seqs[0] + 2]


def test_entering_results_sends_the_tallies_to_everyone(emits, voting):
    workshop, voter, prototype = voting()
    services.cast_vote(voter, prototype.id, 1)
    db.session.commit()
    broadcaster.flush()
    public = [data for _, data, to in emits.sent if to == f"w{workshop.id}:phone"]
    assert "tallies" not in public[-1]

    services.advance_stage(workshop, Stage.RESULTS)
    db.session.commit()
    broadcaster.flush()

    public = [data for _, data, to in emits.sent if to == f"w{workshop.id}:phone"]
    assert public[-1]["workshop"]["revealed"] is True
    assert public[-1]["tallies"][str(prototype.id)]["total"] == 1


def test_a_failed_broadcast_is_retried_on_the_next_tick(emits, make_workshop, monkeypatch):
    workshop = make_workshop()
    services.advance_stage(workshop, Stage.PROBLEMS)
    db.session.commit()

    def broken(event, data, to=None):
        raise ConnectionError("message queue down")

    monkeypatch.setattr(emits, "emit", broken)
    assert broadcaster.flush() == {}
    assert workshop.id in broadcaster.pending()

    monkeypatch.undo()
    monkeypatch.setattr(broadcaster, "_socketio", emits)
    delta = broadcaster.flush()[workshop.id]
    assert delta["workshop"]["stage"] == "problems"


def test_a_refused_intent_is_never_broadcast(emits, make_workshop, make_participant):
    workshop = make_workshop(stage=Stage.PROBLEMS)
    person = make_participant(workshop)
    broadcaster.flush()
    services.post_problem(person, "about to be rolled back")
    db.session.rollback()
    assert broadcaster.flush() == {}


def test_while_rating_the_rooms_learn_how_many_have_rated_never_the_scores(emits, make_workshop):
    review = make_workshop(title="ICC", template="review", stage=Stage.RATE)
    amina = services.join(review, role="resident", theme_id=None)
    services.rate(amina, review.rating_items[0].id, review.criteria[0].id, 5)
    db.session.commit()

    control = broadcaster.flush()[review.id]

    public = emits.sent[0][1]
    for delta in (control, public):
        assert delta["rating_progress"] == {"raters": 1, "complete": 0, "ratings": 1, "cells": 14}
        assert "rating_results" not in delta


def test_entering_results_sends_the_rooms_protected_rating_results(emits, make_workshop):
    review = make_workshop(title="ICC", template="review", stage=Stage.RATE)
    area, question = review.rating_items[0], review.criteria[0]
    for role, score in (("resident", 4), ("resident", 4), ("resident", 4), ("decision_maker", 1)):
        services.rate(services.join(review, role=role, theme_id=None), area.id, question.id, score)
    db.session.commit()
    broadcaster.flush()
    emits.sent.clear()

    services.advance_stage(review, Stage.RESULTS)
    db.session.commit()
    broadcaster.flush()

    public = emits.sent[0][1]
    cell = public["rating_results"][0]["criteria"][0]
    assert cell["by_role"]["resident"]["average"] == 4.0
    assert cell["by_role"]["decision_maker"] == {
        "count": None,
        "average": None,
        "distribution": None,
        "hidden": True,
    }


def rooms_of(emits: Recorder) -> list[Any]:
    return [to for event, _, to in emits.sent if event == "delta"]


@pytest.fixture
def voting(make_workshop, make_participant, make_prototype):
    """``voting(revealed=False)``: a workshop in the Vote stage with one voter and one
    prototype; returns (workshop, voter, prototype)."""

    def make(revealed: bool = False):
        workshop = make_workshop()
        voter = make_participant(workshop)
        prototype = make_prototype(voter)
        services.advance_stage(workshop, Stage.VOTE)
        if revealed:
            services.reveal_results(workshop, True)
        db.session.commit()
        return workshop, voter, prototype

    return make


def test_while_results_are_hidden_a_vote_tick_skips_the_phones(emits, voting):
    workshop, voter, prototype = voting()
    before = broadcaster.flush()[workshop.id]
    emits.sent.clear()

    services.cast_vote(voter, prototype.id, 1)
    db.session.commit()
    control = broadcaster.flush()[workshop.id]

    assert rooms_of(emits) == [f"w{workshop.id}:screen", f"w{workshop.id}:control"]
    screen = emits.sent[0][1]
    assert screen["workshop"]["dots_cast"] == 1 and "tallies" not in screen
    assert control["tallies"][str(prototype.id)]["total"] == 1
    assert control["seq"] == before["seq"] + 1
    assert "pseq" not in control  # the phones' series did not move


def test_the_phones_next_delta_follows_their_last_one_without_a_gap(
    emits, make_workshop, make_participant
):
    workshop = make_workshop(stage=Stage.PROBLEMS)
    author = make_participant(workshop)
    services.post_problem(author, "first card")
    db.session.commit()
    first = broadcaster.flush()[workshop.id]
    make_participant(workshop)  # a join: the projector's count, nothing a phone shows
    joined = broadcaster.flush()[workshop.id]
    services.post_problem(author, "second card")
    db.session.commit()
    emits.sent.clear()

    second = broadcaster.flush()[workshop.id]

    assert "pseq" not in joined and joined["seq"] == first["seq"] + 1
    assert second["seq"] == first["seq"] + 2
    assert second["pseq"] == first["pseq"] + 1
    assert rooms_of(emits)[2] == f"w{workshop.id}:phone"
    assert emits.sent[2][1]["pseq"] == second["pseq"]


def test_once_results_are_revealed_every_vote_reaches_the_phones(emits, voting):
    workshop, voter, prototype = voting(revealed=True)
    broadcaster.flush()
    emits.sent.clear()

    services.cast_vote(voter, prototype.id, 1)
    db.session.commit()
    broadcaster.flush()

    assert rooms_of(emits) == [f"w{workshop.id}:{view}" for view in ("screen", "control", "phone")]
    assert emits.sent[2][1]["tallies"][str(prototype.id)]["total"] == 1


class CrowdedRecorder(Recorder):
    """A Recorder whose phone room of every workshop holds ``phones`` connections."""

    def __init__(self, phones: int) -> None:
        super().__init__()
        crowd = {f"sid{i}": f"eio{i}" for i in range(phones)}
        rooms = _AnyRoom(crowd)
        self.server = type("Server", (), {"manager": type("Manager", (), {"rooms": rooms})})


class _AnyRoom(dict):
    def __init__(self, crowd: dict[str, str]) -> None:
        super().__init__()
        self["/"] = _Phones(crowd)


class _Phones(dict):
    def __init__(self, crowd: dict[str, str]) -> None:
        super().__init__()
        self.crowd = crowd

    def get(self, name: str, default: Any = None) -> Any:
        return self.crowd if name.endswith(":phone") else default


def test_a_big_rooms_phones_wait_their_turn_while_the_projector_keeps_the_tick(
    app_ctx, make_workshop, make_participant, monkeypatch
):
    crowded = CrowdedRecorder(phones=1000)
    monkeypatch.setattr(broadcaster, "_socketio", crowded)
    monkeypatch.setattr(broadcaster, "_not_before", {})
    monkeypatch.setattr(broadcaster, "_phones_not_before", {})
    monkeypatch.setattr(broadcaster, "_phones_owed", {})
    monkeypatch.setattr(broadcaster, "phone_rate", 5000.0)  # 1,000 phones: 0.2 s
    workshop = make_workshop(stage=Stage.PROBLEMS)
    author = make_participant(workshop)
    broadcaster.flush()
    broadcaster._not_before.clear()  # the set-up's own delta went to the phones too
    broadcaster._phones_not_before.clear()
    services.post_problem(author, "first")
    db.session.commit()
    first = broadcaster.flush(paced=True)[workshop.id]  # to 1,000 phones: theirs next waits
    assert broadcaster._phones_not_before[workshop.id] - time.monotonic() > 0.15
    assert broadcaster._not_before[workshop.id] - time.monotonic() <= broadcaster.interval
    crowded.sent.clear()

    services.post_problem(author, "second")
    db.session.commit()
    assert broadcaster.flush(paced=True) == {}  # within the tick: nobody yet
    monkeypatch.setitem(broadcaster._not_before, workshop.id, 0.0)  # the next tick
    screens = broadcaster.flush(paced=True)[workshop.id]
    # The projector and control screen have it; the phones' turn has not come.
    assert [p["text"] for p in screens["problems"]] == ["second"]
    assert [to for _, _, to in crowded.sent] == [
        f"w{workshop.id}:screen",
        f"w{workshop.id}:control",
    ]
    assert screens["seq"] == first["seq"] + 1 and "pseq" not in screens
    crowded.sent.clear()
    services.post_problem(author, "third")
    db.session.commit()
    monkeypatch.setitem(broadcaster._not_before, workshop.id, 0.0)
    monkeypatch.setitem(broadcaster._phones_not_before, workshop.id, 0.0)  # their turn came

    delta = broadcaster.flush(paced=True)[workshop.id]

    # One delta to the phones with everything they missed, next in their own series.
    phones = [data for _, data, to in crowded.sent if to == f"w{workshop.id}:phone"]
    assert len(phones) == 1 and phones[0]["pseq"] == first["pseq"] + 1
    assert sorted(p["text"] for p in phones[0]["problems"]) == ["second", "third"]
    assert delta["seq"] == screens["seq"] + 1
    assert broadcaster.pending() == {}


def test_a_small_rooms_next_delta_waits_one_tick_and_no_more(
    emits, make_workshop, make_participant
):
    workshop = make_workshop(stage=Stage.PROBLEMS)
    author = make_participant(workshop)
    services.post_problem(author, "one")
    db.session.commit()
    before = time.monotonic()

    assert workshop.id in broadcaster.flush(paced=True)

    wait = broadcaster._not_before[workshop.id] - before
    assert 0 < wait <= broadcaster.interval + 0.05

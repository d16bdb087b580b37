"""The stage countdown: the server holds the end time; a locking countdown closes input at zero."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Problem, Stage
from workshop.services import InvalidInput, WrongStage, live
from workshop.services.changes import Change

NOW = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """The server's clock, frozen at ``NOW``; ``clock.advance(seconds)`` moves it on."""

    class Clock:
        now = NOW

        def advance(self, seconds: float) -> None:
            self.now += timedelta(seconds=seconds)

    frozen = Clock()
    for module in ("timer", "live", "problems"):
        monkeypatch.setattr(f"workshop.services.{module}.utcnow", lambda: frozen.now)
    return frozen


@pytest.fixture
def room(make_workshop, make_participant):
    """A workshop in the Problems stage with one resident."""
    workshop = make_workshop(stage=Stage.PROBLEMS)
    return workshop, make_participant(workshop)


@pytest.fixture
def recorded(app_ctx):
    """The changes recorded in the current transaction (what the broadcaster will send)."""
    return lambda: list(db.session.info.get("tavola_changes", []))


def test_a_started_timer_ends_that_many_seconds_from_now_on_the_server_clock(room, clock):
    workshop, _ = room

    services.start_timer(workshop, 300)
    db.session.commit()

    assert workshop.timer_seconds == 300
    assert live.timer(workshop) == {"seconds": 300, "remaining_ms": 300_000, "locks": False}
    clock.advance(61.5)
    assert live.timer(workshop)["remaining_ms"] == 238_500


def test_starting_a_timer_puts_it_in_the_next_delta(room, clock, recorded):
    workshop, _ = room

    services.start_timer(workshop, 60)

    assert Change(workshop.id, "workshop") in recorded()


@pytest.mark.parametrize("seconds", [10, 60, 7200])
def test_a_timer_runs_from_ten_seconds_to_two_hours(room, clock, seconds):
    workshop, _ = room

    services.start_timer(workshop, seconds)

    assert live.timer(workshop)["remaining_ms"] == seconds * 1000


@pytest.mark.parametrize("seconds", [-60, 0, 9, 7201, 24 * 3600])
def test_a_timer_shorter_than_ten_seconds_or_longer_than_two_hours_is_refused(
    room, clock, recorded, seconds
):
    workshop, _ = room

    with pytest.raises(InvalidInput) as refused:
        services.start_timer(workshop, seconds)

    assert str(refused.value.message) == "A timer runs from 10 seconds to 120 minutes."
    assert refused.value.field == "seconds"
    assert workshop.timer_ends_at is None
    assert recorded() == []


def test_starting_again_replaces_the_running_timer(room, clock):
    workshop, _ = room
    services.start_timer(workshop, 600)
    clock.advance(100)

    services.start_timer(workshop, 180)

    assert live.timer(workshop) == {"seconds": 180, "remaining_ms": 180_000, "locks": False}


def test_adding_a_minute_to_a_running_timer_extends_it(room, clock, recorded):
    workshop, _ = room
    services.start_timer(workshop, 300)
    clock.advance(100)
    db.session.commit()

    services.add_time(workshop, 60)

    assert live.timer(workshop) == {"seconds": 360, "remaining_ms": 260_000, "locks": False}
    assert Change(workshop.id, "workshop") in recorded()


def test_adding_a_minute_after_zero_gives_a_minute_from_now(room, clock):
    workshop, _ = room
    services.start_timer(workshop, 60)
    clock.advance(200)
    assert live.timer(workshop)["remaining_ms"] == 0

    services.add_time(workshop, 60)

    assert live.timer(workshop) == {"seconds": 60, "remaining_ms": 60_000, "locks": False}


def test_adding_time_without_a_timer_is_refused_with_a_clear_message(room, clock):
    workshop, _ = room

    with pytest.raises(InvalidInput) as refused:
        services.add_time(workshop, 60)

    assert str(refused.value.message) == "No timer is running. Start one first."
    assert workshop.timer_ends_at is None


@pytest.mark.parametrize("seconds", [0, -60])
def test_adding_no_time_or_negative_time_is_refused(room, clock, seconds):
    workshop, _ = room
    services.start_timer(workshop, 60)

    with pytest.raises(InvalidInput):
        services.add_time(workshop, seconds)

    assert live.timer(workshop)["remaining_ms"] == 60_000


def test_a_timer_cannot_be_taken_past_two_hours_left(room, clock):
    workshop, _ = room
    services.start_timer(workshop, 7200 - 30)

    with pytest.raises(InvalidInput) as refused:
        services.add_time(workshop, 60)

    assert str(refused.value.message) == "A timer can have at most 120 minutes left."
    assert live.timer(workshop)["remaining_ms"] == (7200 - 30) * 1000


def test_stopping_takes_the_timer_off_every_screen(room, clock, recorded):
    workshop, _ = room
    services.start_timer(workshop, 60)
    db.session.commit()

    services.stop_timer(workshop)

    assert live.timer(workshop) is None
    assert live.header(workshop)["timer"] is None
    assert workshop.timer_seconds is None
    assert Change(workshop.id, "workshop") in recorded()


def test_stopping_when_no_timer_runs_changes_nothing(room, clock, recorded):
    workshop, _ = room

    services.stop_timer(workshop)

    assert recorded() == []


def test_the_lock_setting_shows_in_the_timer_screens_get(room, clock, recorded):
    workshop, _ = room
    services.start_timer(workshop, 60)
    db.session.commit()

    services.set_timer_lock(workshop, True)

    assert workshop.lock_at_zero is True
    assert live.timer(workshop)["locks"] is True
    assert Change(workshop.id, "workshop") in recorded()


def test_a_locking_timer_refuses_a_post_after_zero(room, clock, count_rows):
    workshop, amina = room
    services.set_timer_lock(workshop, True)
    services.start_timer(workshop, 60)
    db.session.commit()
    services.post_problem(amina, "Posted in time")
    clock.advance(60)

    with pytest.raises(WrongStage) as refused:
        services.post_problem(amina, "Posted too late")

    assert str(refused.value.message) == "Time is up for this stage. Wait for the facilitator."
    assert [p.text for p in db.session.query(Problem)] == ["Posted in time"]


def test_a_timer_without_the_lock_lets_phones_post_after_zero(room, clock):
    workshop, amina = room
    services.start_timer(workshop, 60)
    clock.advance(600)

    assert services.post_problem(amina, "Still welcome").text == "Still welcome"


def test_adding_time_after_a_locking_zero_reopens_input(room, clock):
    workshop, amina = room
    services.set_timer_lock(workshop, True)
    services.start_timer(workshop, 60)
    clock.advance(90)
    with pytest.raises(WrongStage):
        services.post_problem(amina, "Too late")

    services.add_time(workshop, 60)

    assert services.post_problem(amina, "After the extra minute").text == "After the extra minute"


def test_turning_the_lock_off_after_zero_reopens_input(room, clock):
    workshop, amina = room
    services.set_timer_lock(workshop, True)
    services.start_timer(workshop, 60)
    clock.advance(90)

    services.set_timer_lock(workshop, False)

    assert services.post_problem(amina, "Reopened").text == "Reopened"


def test_a_locking_timer_also_closes_voting_at_zero(
    make_workshop, make_participant, make_prototype
):
    workshop = make_workshop()
    amina = make_participant(workshop)
    prototype = make_prototype(amina)
    services.advance_stage(workshop, Stage.VOTE)
    services.set_timer_lock(workshop, True)
    services.start_timer(workshop, 10)
    workshop.timer_ends_at = datetime.now(UTC) - timedelta(seconds=1)  # the real clock passed it
    db.session.commit()

    with pytest.raises(WrongStage):
        services.cast_vote(amina, prototype.id, 1)


def test_the_next_stage_starts_without_a_timer(room, clock):
    workshop, _ = room
    services.start_timer(workshop, 60)

    services.advance_stage(workshop, Stage.FOCUS)

    assert live.timer(workshop) is None

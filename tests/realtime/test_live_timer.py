"""The stage countdown on the real server: the trainer starts it, phones get the time left."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.server


def has_timer(delta) -> bool:
    return delta["workshop"]["timer"] is not None


def test_a_started_timer_reaches_phones_and_the_projector_in_the_next_delta(room):
    phone, screen = room.phone(), room.screen()
    room.stage("problems")

    ack = room.control.call("start_timer", {"minutes": 5})

    assert ack["ok"], ack
    assert ack["timer"]["seconds"] == 300 and ack["timer"]["locks"] is False
    for client in (phone, screen, room.control):
        timer = client.wait_for(has_timer)["workshop"]["timer"]
        # The time left as the server measured it when the delta left, not an end time.
        assert 295_000 < timer["remaining_ms"] <= 300_000
        assert timer["seconds"] == 300


def test_one_more_minute_and_stop_reach_the_phones(room):
    phone = room.phone()
    room.stage("problems")
    assert room.control.call("start_timer", {"seconds": 30})["ok"]
    phone.wait_for(has_timer)

    assert room.control.call("add_time", {"seconds": 60})["ok"]
    phone.wait_for(lambda d: has_timer(d) and d["workshop"]["timer"]["remaining_ms"] > 60_000)

    assert room.control.call("stop_timer", {}) == {"ok": True, "timer": None}
    phone.deltas.clear()
    phone.wait_for(lambda d: d["workshop"]["timer"] is None)


def test_the_lock_setting_reaches_the_phones_with_the_timer(room):
    phone = room.phone()
    room.stage("problems")

    assert room.control.call("timer_lock", {"locked": True})["locks"] is True
    assert room.control.call("start_timer", {"minutes": 1})["ok"]

    phone.wait_for(lambda d: has_timer(d) and d["workshop"]["timer"]["locks"] is True)


def test_a_phone_cannot_start_a_timer(room):
    phone = room.phone()

    ack = phone.call("start_timer", {"minutes": 5})

    assert ack["ok"] is False and ack["error"] == "forbidden"
    assert phone.snapshot()["workshop"]["timer"] is None


def test_a_timer_outside_ten_seconds_to_two_hours_is_refused_over_the_socket(room):
    ack = room.control.call("start_timer", {"seconds": 5})

    assert ack == {
        "ok": False,
        "error": "invalid",
        "field": "seconds",
        "message": "A timer runs from 10 seconds to 120 minutes.",
    }

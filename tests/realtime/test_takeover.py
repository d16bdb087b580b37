"""The control screen's laptop dies mid-stage: another device of the trainer, or a
co-facilitator, opens the control screen and carries on with the running timer and stage. All
of it lives in the database, none of it in the dead browser."""

from __future__ import annotations

import time

import pytest
from support.server import invite_member, log_in_trainer, trainer_client

pytestmark = pytest.mark.server


def test_another_device_takes_over_the_running_stage_and_timer(room):
    phone = room.phone()
    room.stage("problems")
    assert room.control.call("start_timer", {"minutes": 5})["ok"]
    started = time.monotonic()
    room.control.close()  # the laptop's battery runs out

    tablet = trainer_client(room.server, room.code, log_in_trainer(room.server)).connect()
    room.clients.append(tablet)

    workshop = tablet.snapshot()["workshop"]
    assert workshop["stage"] == "problems"
    left = workshop["timer"]["remaining_ms"]
    assert 300_000 - (time.monotonic() - started) * 1000 - 1000 < left <= 300_000
    # The new screen is in charge: the timer and stages answer to it, and phones follow.
    assert tablet.call("add_time", {"seconds": 60})["ok"]
    phone.wait_for(lambda d: (d["workshop"]["timer"] or {}).get("remaining_ms", 0) > 300_000)
    assert tablet.call("set_stage", {"stage": "focus"})["ok"]
    phone.wait_for(lambda d: d["workshop"]["stage"] == "focus")


def test_a_co_facilitator_takes_over_when_the_trainer_is_gone(room):
    phone = room.phone()
    co = invite_member(room.server, room.code, room.control.http, "co_facilitator").connect()
    room.clients.append(co)
    room.stage("problems")
    assert room.control.call("start_timer", {"minutes": 3})["ok"]
    room.control.close()

    assert co.snapshot()["workshop"]["timer"]["seconds"] == 180
    assert co.call("stop_timer", {}) == {"ok": True, "timer": None}
    assert co.call("set_stage", {"stage": "focus"})["ok"]
    phone.wait_for(lambda d: d["workshop"]["stage"] == "focus")

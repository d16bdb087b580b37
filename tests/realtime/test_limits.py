"""A phone that sends events faster than a person can tap is slowed with an error ack; the
rest of the room goes on as if nothing happened."""

from __future__ import annotations

import time

TOO_FAST = "Too many taps at once. Wait a moment, then try again."


def test_a_flooding_phone_is_slowed_and_the_others_are_not(room):
    flooder, neighbour = room.phone(table=0), room.phone(table=1)
    room.stage("problems")
    card = neighbour.call("post_problem", {"text": "Forms only in Italian"})["problem"]

    acks = [
        flooder.call("support", {"problem_id": card["id"], "supported": k % 2 == 0})
        for k in range(80)
    ]

    done = [a for a in acks if a["ok"]]
    refused = [a for a in acks if not a["ok"]]
    assert refused and all(
        a == {"ok": False, "error": "rate", "message": TOO_FAST} for a in refused
    )
    assert 30 <= len(done) < 50  # the burst, plus the little the rate refills meanwhile
    # Refused taps changed nothing: the card shows what the last accepted tap said.
    assert room.control.snapshot()["problems"][0]["supports"] == done[-1]["supports"]
    # Everyone else is served at once.
    assert neighbour.call("post_problem", {"text": "Still heard"})["ok"]
    assert neighbour.call("snapshot")["ok"]
    # And the flooder, after a breath, is a phone like any other.
    time.sleep(0.3)
    assert flooder.call("support", {"problem_id": card["id"], "supported": True})["ok"]


def test_an_oversized_message_closes_only_that_phones_connection(room):
    sender, neighbour = room.phone(table=0), room.phone(table=1)
    room.stage("problems")
    dropped = []
    sender.sio.on("disconnect", lambda *args: dropped.append(args))

    # Past the 64 KB a Socket.IO message may carry: nothing is parsed, nothing is saved.
    sender.sio.emit("post_problem", {"text": "x" * 100_000})

    deadline = time.monotonic() + 5
    while not dropped and time.monotonic() < deadline:
        time.sleep(0.05)
    assert dropped, "the server kept reading an oversized message"
    assert neighbour.call("post_problem", {"text": "Still heard"})["ok"]
    assert [p["text"] for p in neighbour.snapshot()["problems"]] == ["Still heard"]

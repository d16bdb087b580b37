"""Races the database must settle, on the real server over SQLite and over PostgreSQL: a phone
firing 20 dots at once cannot spend more than its budget, and two control screens merging and
hiding the same cards at once leave one consistent wall.

Events from one connection are handled concurrently (a greenlet each), and with PostgreSQL
every query yields to the others, so these are real interleavings, not a queue.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from support.postgres import own_schema, require_postgres
from support.server import Client, LiveServer, start_server, trainer_client


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory) -> Iterator[LiveServer]:
    """The real server on its own SQLite file, then on a PostgreSQL schema of its own."""
    workdir = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        live = start_server(workdir)
        yield live
        live.stop()
        return
    require_postgres("the concurrency tests")
    with own_schema("races") as url:
        live = start_server(workdir, url)
        yield live
        live.stop()


def all_at_once(client: Client, calls: list[tuple[str, dict[str, Any]]]) -> list[dict]:
    """Emit every call without waiting for any answer; return the acks in the calls' order."""
    assert client.sio is not None
    acks: list[dict | None] = [None] * len(calls)
    done = threading.Semaphore(0)

    def answer(index: int):
        def callback(ack: dict) -> None:
            acks[index] = ack
            done.release()

        return callback

    for index, (event, payload) in enumerate(calls):
        client.sio.emit(event, payload, callback=answer(index))
    for _ in calls:
        assert done.acquire(timeout=10), "an event got no answer"
    return acks  # type: ignore[return-value]


def test_twenty_dots_at_once_never_spend_more_than_the_budget(room):
    voter = room.phone()
    room.stage("prototypes")
    ideas = [
        voter.call("create_prototype", {"title": f"Idea {n}", "what_changes": "Things"})
        for n in range(5)
    ]
    room.stage("vote")
    budget = room.control.snapshot()["workshop"]["dot_budget"]
    taps = [
        ("vote", {"prototype_id": ideas[n % 5]["prototype"]["id"], "delta": 1}) for n in range(20)
    ]

    acks = all_at_once(voter, taps)

    accepted = [ack for ack in acks if ack["ok"]]
    assert len(accepted) == budget
    for ack in acks:
        if not ack["ok"]:  # every refusal says why, calmly; none is a server error
            assert ack["error"] in ("budget", "conflict"), ack
    mine = voter.snapshot()["me"]
    assert sum(mine["votes"].values()) == budget
    assert mine["remaining"] == 0
    room.control.call("reveal", {})
    tallies = room.control.snapshot()["tallies"]
    assert sum(t["total"] for t in tallies.values()) == budget


def test_two_screens_merging_the_same_cards_both_ways_leave_one_card(room):
    other_laptop = trainer_client(room.server, room.code, room.control.http).connect()
    room.clients.append(other_laptop)
    writer = room.phone()
    room.stage("problems")
    first = writer.call("post_problem", {"text": "Forms only in Italian"})["problem"]["id"]
    second = writer.call("post_problem", {"text": "The forms are in Italian only"})["problem"]["id"]

    results: list[list[dict]] = []
    threads = [
        threading.Thread(
            target=lambda c=client, a=a, b=b: results.append(
                all_at_once(c, [("merge", {"problem_id": a, "target_id": b})])
            )
        )
        for client, a, b in ((room.control, first, second), (other_laptop, second, first))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    acks = [ack for result in results for ack in result]
    assert sorted(ack["ok"] for ack in acks) == [False, True]
    assert "server" not in [ack.get("error") for ack in acks]
    on_wall = [p["id"] for p in writer.snapshot()["problems"] if not p.get("gone")]
    assert len(on_wall) == 1  # never both merged into each other (a wall with neither)

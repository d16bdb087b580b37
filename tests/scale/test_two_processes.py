"""Two server processes, one room: phones on either process see each other's cards and votes
live, and the tallies both processes send agree with the database."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import create_engine, text
from support.server import Client, create_workshop, join_phone, log_in_trainer, trainer_client

pytestmark = pytest.mark.server


def has_problem(words: str):
    return lambda d: any(p["text"] == words for p in d.get("problems", []))


def on(server, client: Client) -> Client:
    """The same browser (its cookies), its socket on ``server``: the proxy sent it there."""
    client.server = server
    return client.connect()


def test_phones_on_two_processes_share_one_live_room(cluster, cluster_database):
    a, b = cluster
    http = log_in_trainer(a)
    code = create_workshop(a, http, dot_budget=3)
    control = trainer_client(a, code, http).connect()
    projector = on(b, trainer_client(a, code, http, view="screen"))
    phones = [
        join_phone(a, code, "resident", 0).connect(),
        on(b, join_phone(a, code, "resident", 1)),
        join_phone(b, code, "decision_maker", 2).connect(),  # joined through the other process
        on(a, join_phone(b, code, "decision_maker", 0)),
    ]

    assert control.call("set_stage", {"stage": "problems"})["ok"]
    for client in (projector, *phones):
        client.wait_for(lambda d: d["workshop"]["stage"] == "problems")

    # A card posted on one process reaches the phones on the other, and back.
    texts = ["From a phone on A", "From a phone on B", "Another on B", "Another on A"]
    cards = []
    for phone, words in zip(phones, texts, strict=True):
        ack = phone.call("post_problem", {"text": words})
        assert ack["ok"], ack
        cards.append(ack["problem"]["id"])
    for client in (projector, control, *phones):
        for words in texts:
            client.wait_for(has_problem(words))

    assert control.call("set_stage", {"stage": "prototypes"})["ok"]
    titles = ["Desk at school", "Evening office", "Plain letters", "Mediators"]
    prototypes = []
    for phone, title, card in zip(phones, titles, cards, strict=True):
        phone.wait_for(lambda d: d["workshop"]["stage"] == "prototypes")
        ack = phone.call(
            "create_prototype",
            {"title": title, "what_changes": "It changes", "problem_ids": [card]},
        )
        assert ack["ok"], ack
        prototypes.append(ack["prototype"]["id"])
    assert control.call("set_stage", {"stage": "vote"})["ok"]
    assert control.call("reveal", {"revealed": True})["ok"]

    # Every phone spends its three dots across prototypes made on both processes.
    cast: Counter[int] = Counter()
    for i, phone in enumerate(phones):
        phone.wait_for(lambda d: d["workshop"]["stage"] == "vote")
        for k in range(3):
            target = prototypes[(i + k) % len(prototypes)]
            assert phone.call("vote", {"prototype_id": target, "delta": 1})["ok"]
            cast[target] += 1

    def shows_all(delta):
        tallies = delta.get("tallies", {})
        return all(tallies.get(str(p), {}).get("total") == n for p, n in cast.items())

    for client in (control, projector):
        client.wait_for(shows_all, timeout=5)
    engine = create_engine(cluster_database)
    with engine.connect() as connection:
        stored = dict(
            connection.execute(
                text(
                    "SELECT prototype_id, SUM(dots) FROM votes WHERE workshop_id ="
                    " (SELECT id FROM workshops WHERE code = :code) GROUP BY prototype_id"
                ),
                {"code": code},
            ).all()
        )
    engine.dispose()
    assert {p: int(n) for p, n in stored.items() if n} == dict(cast)
    for client in (control, projector):  # a fresh snapshot from either process: the same
        tallies = client.snapshot()["tallies"]
        assert {int(p): t["total"] for p, t in tallies.items() if t["total"]} == dict(cast)
    for client in (control, projector, *phones):
        client.close()

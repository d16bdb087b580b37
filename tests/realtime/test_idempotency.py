"""A retried intent (same idempotency key) is answered with the first ack and done only once.

A phone that lost an answer (sleep, venue wifi, a server restart) cannot tell whether its intent
arrived, so it sends it again with the same key. These tests send the retries a phone would,
and many at once, to the real server, on SQLite and on PostgreSQL (where simultaneous retries
really race for the unique key).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from support.postgres import own_schema, require_postgres
from support.server import (
    Client,
    LiveServer,
    create_workshop,
    join_phone,
    log_in_trainer,
    start_server,
    trainer_client,
)

pytestmark = pytest.mark.server


def cards(room, text: str) -> list[dict]:
    return [p for p in room.control.snapshot()["problems"] if p["text"] == text]


def dots_on(room, prototype_id: int) -> int:
    return room.control.snapshot()["tallies"][str(prototype_id)]["total"]


def voting_room(room) -> tuple[Client, int]:
    """A phone in the Vote stage and the id of a prototype to put dots on."""
    phone = room.phone()
    room.stage("prototypes")
    ack = phone.call("create_prototype", {"title": "Letters in Arabic", "what_changes": "All"})
    room.stage("vote")
    return phone, ack["prototype"]["id"]


def emit_at_once(clients: list[Client], event: str, payloads: list[dict]) -> list[dict]:
    """Emit every payload without waiting (spread over ``clients``), then collect the acks."""
    acks: list[dict] = []
    done = threading.Semaphore(0)

    def answered(ack: dict) -> None:
        acks.append(ack)
        done.release()

    for i, payload in enumerate(payloads):
        clients[i % len(clients)].sio.emit(event, payload, callback=answered)
    for _ in payloads:
        assert done.acquire(timeout=10), f"only {len(acks)} of {len(payloads)} acks"
    return acks


def test_a_card_sent_twice_with_one_key_is_posted_once_with_the_same_ack(room):
    phone = room.phone()
    room.stage("problems")
    payload = {"text": "The bus stops at eight", "idempotency_key": "card-key-0001"}

    first = phone.call("post_problem", payload)
    again = phone.call("post_problem", payload)

    assert first["ok"] and again == first
    assert len(cards(room, "The bus stops at eight")) == 1


def test_a_dot_sent_twice_with_one_key_counts_once(room):
    phone, idea = voting_room(room)
    payload = {"prototype_id": idea, "delta": 1, "idempotency_key": "dot-key-00001"}

    first = phone.call("vote", payload)
    again = phone.call("vote", payload)

    assert first == again == {"ok": True, "votes": {str(idea): 1}, "remaining": 2}
    assert dots_on(room, idea) == 1
    # A new key is a new dot: the key, not the payload, makes a retry.
    assert phone.call("vote", {**payload, "idempotency_key": "dot-key-00002"})["remaining"] == 1
    assert dots_on(room, idea) == 2


def test_a_retry_answered_from_the_key_still_gets_the_first_ack_after_the_room_moved_on(room):
    phone, idea = voting_room(room)
    payload = {"prototype_id": idea, "delta": 1, "idempotency_key": "late-answer-01"}
    first = phone.call("vote", payload)
    room.stage("results")

    assert phone.call("vote", payload) == first
    assert phone.call("vote", {**payload, "idempotency_key": "late-answer-02"})["error"] == "stage"


def test_twenty_simultaneous_retries_with_one_key_change_things_once(room):
    phone, idea = voting_room(room)
    second_tab = Client(room.server, room.code, "phone", http=phone.http).connect()
    room.clients.append(second_tab)
    payload = {"prototype_id": idea, "delta": 1, "idempotency_key": "burst-key-0001"}

    acks = emit_at_once([phone, second_tab], "vote", [payload] * 20)

    assert acks == [{"ok": True, "votes": {str(idea): 1}, "remaining": 2}] * 20
    assert dots_on(room, idea) == 1


def test_a_malformed_key_is_refused_and_changes_nothing(room):
    phone = room.phone()
    room.stage("problems")
    for key in ("short", "x" * 65, "no spaces here", "<script>", 12345678, ["a-list-of-one"]):
        ack = phone.call("post_problem", {"text": "Refused card", "idempotency_key": key})
        assert ack["ok"] is False and ack["error"] == "invalid", (key, ack)
    assert cards(room, "Refused card") == []


def test_a_key_used_for_another_intent_is_refused(room):
    phone, idea = voting_room(room)
    key = "one-key-two-intents"
    assert phone.call("vote", {"prototype_id": idea, "delta": 1, "idempotency_key": key})["ok"]

    ack = phone.call("vote", {"prototype_id": idea, "delta": -1, "idempotency_key": key})
    assert ack["ok"] and ack["remaining"] == 2  # the same intent name: the first answer

    other = phone.call("problem_vote", {"problem_id": 1, "delta": 1, "idempotency_key": key})
    assert other["ok"] is False and other["error"] == "invalid"
    assert dots_on(room, idea) == 1


def test_keys_are_kept_per_phone(room):
    """Keys are the phones' own: two phones picking the same one (by chance or on purpose)
    do not answer each other."""
    first, second = room.phone(), room.phone()
    room.stage("problems")
    key = "same-key-two-phones"
    assert first.call("post_problem", {"text": "First phone", "idempotency_key": key})["ok"]
    ack = second.call("post_problem", {"text": "Second phone", "idempotency_key": key})
    assert ack["ok"] and ack["problem"]["text"] == "Second phone"


def test_a_refusal_is_not_remembered_so_the_retry_is_judged_again(room):
    phone = room.phone()
    payload = {"text": "Sent before the stage opened", "idempotency_key": "early-card-01"}
    assert phone.call("post_problem", payload)["error"] == "stage"
    room.stage("problems")
    assert phone.call("post_problem", payload)["ok"]
    assert len(cards(room, "Sent before the stage opened")) == 1


def test_a_plain_form_posted_twice_with_its_key_posts_one_card(room):
    phone = room.phone(connect=False)
    room.stage("problems")
    form = {"text": "Posted without JavaScript", "idempotency_key": "plain-form-key-1"}
    page = f"/w/{room.code}"

    first = phone.post_form(f"/w/{room.code}/post_problem", form, page=page)
    again = phone.post_form(f"/w/{room.code}/post_problem", form, page=page)

    assert first.ok and again.ok and first.url == again.url
    assert len(cards(room, "Posted without JavaScript")) == 1
    assert 'name="idempotency_key"' in phone.http.get(room.server.url + page).text


@pytest.fixture(scope="module")
def postgres_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The real server on PostgreSQL, where simultaneous transactions really overlap."""
    require_postgres("the idempotency race test")
    with own_schema("idem") as url:
        live = start_server(tmp_path_factory.mktemp("pg"), database_url=url)
        yield live
        live.stop()


class PostgresRoom:
    """The ``room`` fixture's few steps, on the PostgreSQL server."""

    def __init__(self, server: LiveServer) -> None:
        http = log_in_trainer(server)
        self.server, self.code = server, create_workshop(server, http)
        self.control = trainer_client(server, self.code, http).connect()
        self.clients: list[Client] = []

    def phone(self) -> Client:
        client = join_phone(self.server, self.code).connect()
        self.clients.append(client)
        return client

    def stage(self, stage: str) -> None:
        assert self.control.call("set_stage", {"stage": stage})["ok"]


def test_on_postgresql_twenty_simultaneous_retries_change_things_once(postgres_server):
    room = PostgresRoom(postgres_server)
    try:
        phone, idea = voting_room(room)
        tabs = [phone] + [
            Client(postgres_server, room.code, "phone", http=phone.http).connect() for _ in range(3)
        ]
        room.clients.extend(tabs[1:])
        payloads = [
            {"prototype_id": idea, "delta": 1, "idempotency_key": f"pg-burst-{i % 2}-key"}
            for i in range(20)
        ]

        acks = emit_at_once(tabs, "vote", payloads)

        assert all(ack["ok"] for ack in acks), acks
        assert dots_on(room, idea) == 2  # two keys: two dots, however many retries
        assert sorted({ack["remaining"] for ack in acks}) == [1, 2]
    finally:
        for client in [room.control, *room.clients]:
            client.close()

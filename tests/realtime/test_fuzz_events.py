"""Every Socket.IO event fed with payloads no honest screen sends, against the real server.

Wrong types, numbers where ids go (negative, beyond 64 bits), text up to the 64 KB Socket.IO
buffer, lone surrogates and NUL characters, deep nesting, unknown fields, lists where one value
goes: whatever arrives, the server answers with an ack (an error with a sentence for a person,
or ok when the payload happens to be valid), logs no traceback, changes nothing when it
refuses, and goes on serving everyone else.

Each example is sent from a phone or from the trainer's control screen (so the wrong door is
fuzzed too), in a stage the example picks, so the rules of every stage are reached.

Not covered: a handshake whose ``auth`` is a bare float. The Socket.IO protocol wants an object
there; python-socketio's client encodes a float as ``01.0``, which the server's packet decoder
(in the library, before any Tavola code) reads as packet id 1 and fails on, logging a
traceback and dropping that packet; the connection is never made and nothing else is affected.
"""

from __future__ import annotations

import inspect
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import socketio
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support.server import (
    Client,
    ConnectionRefused,
    LiveServer,
    create_workshop,
    database_state,
    join_phone,
    log_in_trainer,
    start_server,
    trainer_client,
)
from wtforms.fields.core import UnboundField

from workshop.facilitator.intents import INTENTS as TEAM_INTENTS
from workshop.participate.intents import INTENTS as PHONE_INTENTS

pytestmark = pytest.mark.server

#: Socket.IO's buffer on the server is 64 KB; a bigger packet closes the connection (by
#: design, not a refusal to test here), so every payload stays under it once encoded.
BUFFER = 64 * 1024
MARGIN = 2 * 1024
STAGES = [
    "welcome",
    "problems",
    "focus",
    "prototypes",
    "plenary",
    "vote",
    "results",
    "response",
    "closed",
]
EVENTS = sorted({*PHONE_INTENTS, *TEAM_INTENTS, "snapshot"})
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,  # examples are drawn afresh each run; no .hypothesis folder in the tree
)


def field_names(event: str) -> list[str]:
    """The fields the event's forms read (both doors of ``respond``)."""
    names: set[str] = set()
    for intents in (PHONE_INTENTS, TEAM_INTENTS):
        if event in intents:
            form_class = intents[event][0]
            names |= {
                name
                for name, value in inspect.getmembers(form_class)
                if isinstance(value, UnboundField)
            }
    return sorted(names)


@dataclass
class FuzzRoom:
    """A workshop with a card and a prototype, a trainer, a phone that sends, and a witness."""

    server: LiveServer
    trainer: Client
    phone: Client
    witness: Client
    card: int
    prototype: int
    themes: list[int]
    ids: list[int]  # of cards, prototypes, tables, the session: near-valid ids

    def settle(self, stage: str) -> None:
        """Back to plain rules after fuzzed examples that happened to be valid: ``stage``, no
        pre-moderation, no countdown, no lock."""
        for event, payload in [
            ("set_stage", {"stage": stage}),
            ("premoderation", {"on": False}),
            ("timer_lock", {"locked": False}),
            ("stop_timer", {}),
        ]:
            ack = self.trainer.call(event, payload)
            assert ack["ok"] or ack["error"] == "invalid", ack  # "already off" is fine

    def __repr__(self) -> str:  # Hypothesis prints its arguments; the clients' deltas are long
        return f"FuzzRoom({self.server.url}, ids={self.ids})"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    """The real server with the per-connection rate relaxed (hundreds of examples a second)."""
    live = start_server(
        tmp_path_factory.mktemp("fuzz"),
        TAVOLA_SOCKET_RATE="10000",
        TAVOLA_SOCKET_BURST="10000",
    )
    yield live
    live.stop()


@pytest.fixture(scope="module")
def fuzz_room(server: LiveServer) -> Iterator[FuzzRoom]:
    http = log_in_trainer(server)
    code = create_workshop(server, http, title="Fuzzed")
    trainer = trainer_client(server, code, http).connect()
    phone = join_phone(server, code, "decision_maker").connect()
    witness = join_phone(server, code, "resident", table=1).connect()
    assert trainer.call("set_stage", {"stage": "problems"})["ok"]
    card = phone.call("post_problem", {"text": "Forms only in Italian"})["problem"]["id"]
    assert trainer.call("set_stage", {"stage": "prototypes"})["ok"]
    prototype = phone.call(
        "create_prototype", {"title": "Desk", "problem_ids": [card], "what_changes": "Hours"}
    )["prototype"]["id"]
    themes = [t["id"] for t in trainer.snapshot()["themes"]]
    ids = [card, prototype, *themes, 1]
    yield FuzzRoom(server, trainer, phone, witness, card, prototype, themes, ids)
    for client in (trainer, phone, witness):
        client.close()


# Strategies


def huge_text() -> st.SearchStrategy[str]:
    """One character repeated up to what the buffer holds once JSON-escaped."""

    def repeat(char: str) -> st.SearchStrategy[str]:
        room = (BUFFER - MARGIN) // (len(json.dumps(char)) - 2)
        return st.integers(0, room).map(lambda n: char * n)

    return st.sampled_from(["a", "é", "ب", "😀", "\u202e", "\u200d", " ", "\x00"]).flatmap(repeat)


def near_valid(room: FuzzRoom) -> st.SearchStrategy[Any]:
    """Values a real screen sends somewhere: ids that exist, stage and decision names, flags."""
    return st.sampled_from(
        [
            *room.ids,
            *(str(i) for i in room.ids),
            *STAGES,
            "adopt",
            "study",
            "not_possible",
            "resident",
            "decision_maker",
            "it",
            "ar",
            "en",
            "y",
            "",
            1,
            -1,
            0,
            3,
            5,
            "2027-01-31",
        ]
    )


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([2**63, 2**63 - 1, -(2**63) - 1, 2**64, -1, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec=None, categories=["Cs", "Cc", "Cf"]), max_size=10),
)


def nested(depth_max: int = 150) -> st.SearchStrategy[Any]:
    """A list or object nested ``depth`` deep around a scalar."""

    def wrap(args: tuple[int, bool]) -> Any:
        depth, as_dict = args
        value: Any = 1
        for _ in range(depth):
            value = {"x": value} if as_dict else [value]
        return value

    return st.tuples(st.integers(1, depth_max), st.booleans()).map(wrap)


def values(room: FuzzRoom) -> st.SearchStrategy[Any]:
    leaf = st.one_of(SCALARS, near_valid(room), huge_text())
    return st.one_of(
        leaf,
        st.lists(st.one_of(SCALARS, near_valid(room)), max_size=8),
        st.lists(st.integers(), min_size=101, max_size=130),  # more than a form takes
        nested(),
        st.recursive(SCALARS, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)),
    )


#: Numbers and number-like text where an id, score or count goes: beyond the database's 64
#: bits, negative, fractions, overflowing exponents, not-a-number.
BAD_NUMBERS = st.sampled_from(
    [
        *(2**63, -(2**63) - 1, 2**64, 2**80, -(2**80), str(2**70), -1, 0, 1.5, float("nan")),
        *(float("inf"), "1e400", "12abc", "", " 7 ", "0x10", "\u0661\u0662", True, None),
    ]
)


def field_values(room: FuzzRoom) -> st.SearchStrategy[Any]:
    """What goes into one field: mostly near-valid values and bad numbers, so the checks
    behind the form are reached, and every other shape now and then."""
    return st.one_of(near_valid(room), BAD_NUMBERS, BAD_NUMBERS, values(room))


def payloads(event: str, room: FuzzRoom) -> st.SearchStrategy[Any]:
    """An object of the event's own fields (each there or not), unknown fields and an
    idempotency key; or, now and then, anything at all at the top."""
    known = st.fixed_dictionaries(
        {}, optional={name: field_values(room) for name in field_names(event)}
    )
    unknown = st.dictionaries(
        st.sampled_from(["idempotency_key", "__proto__", "", "id"]) | st.text(max_size=20),
        values(room),
        max_size=3,
    )
    objects = st.builds(lambda a, b: {**b, **a}, known, unknown)
    return st.one_of(objects, objects, objects, values(room))


def base(event: str, room: FuzzRoom) -> tuple[str, str, dict[str, Any]]:
    """The door (``phone`` or ``trainer``), the stage and a payload that would be valid: the
    starting point a mutated example changes one field of."""
    card, prototype, theme = room.card, room.prototype, room.themes[0]
    speaker = {"role": "resident", "language": "ar", "theme_id": theme}
    table: dict[str, tuple[str, str, dict[str, Any]]] = {
        "post_problem": ("phone", "problems", {"text": "Buses stop early"}),
        "support": ("phone", "problems", {"problem_id": card, "supported": True}),
        "create_prototype": (
            "phone",
            "prototypes",
            {"title": "Desk", "problem_ids": [card], "what_changes": "Hours", "first_step": "x"},
        ),
        "vote": ("phone", "vote", {"prototype_id": prototype, "delta": 1}),
        "problem_vote": ("phone", "focus", {"problem_id": card, "delta": 1}),
        "respond": (
            "phone",
            "response",
            {"prototype_id": prototype, "decision": "not_possible", "reason": "Budget"}
            | {"owner": "Office", "due_on": "2027-01-31"},
        ),
        "feedback": ("phone", "closed", {"score": 4, "comment": "Thanks"}),
        "rate": ("phone", "problems", {"item_id": 1, "criterion_id": 1, "score": 3}),
        # Someone else's ids: a valid mutation must not erase the cards the others build on.
        "withdraw_problem": ("phone", "problems", {"problem_id": 10**6}),
        "withdraw_prototype": ("phone", "problems", {"prototype_id": 10**6}),
        "set_stage": ("trainer", "problems", {"stage": "problems"}),
        "reveal": ("trainer", "vote", {"revealed": False}),
        "show_table": ("trainer", "plenary", {"theme_id": theme}),
        "open_round": ("trainer", "problems", {"round_id": 1}),
        "add_person": ("trainer", "problems", {**speaker, "label": "Blue scarf"}),
        "quote": ("trainer", "problems", {**speaker, "text": "Said aloud"}),
        "import_problems": ("trainer", "problems", {"source_id": 10**6}),
        "translate": ("trainer", "problems", {"problem_id": card, "language": "it", "text": "x"}),
        "machine_translate": ("trainer", "problems", {"problem_id": card, "language": "it"}),
        "translate_prototype": (
            "trainer",
            "prototypes",
            {"prototype_id": prototype, "language": "it", "title": "T", "who_acts": "x"},
        ),
        "machine_translate_prototype": (
            "trainer",
            "prototypes",
            {"prototype_id": prototype, "language": "it"},
        ),
        "hide": ("trainer", "problems", {"problem_id": 10**6}),
        "unhide": ("trainer", "problems", {"problem_id": card}),
        "edit": ("trainer", "problems", {"problem_id": card, "text": "Buses stop early"}),
        "move": ("trainer", "problems", {"problem_id": card, "theme_id": theme}),
        "merge": ("trainer", "problems", {"problem_id": 10**6, "target_id": card}),
        "approve": ("trainer", "problems", {"problem_id": card}),
        "set_focus": ("trainer", "focus", {"problem_id": card, "focus": True}),
        "hide_prototype": ("trainer", "vote", {"prototype_id": 10**6}),
        "unhide_prototype": ("trainer", "vote", {"prototype_id": prototype}),
        "premoderation": ("trainer", "problems", {"on": False}),
        "undo": ("trainer", "problems", {"action_id": 10**6}),
        "start_timer": ("trainer", "problems", {"minutes": 3}),
        "add_time": ("trainer", "problems", {"seconds": 60}),
        "stop_timer": ("trainer", "problems", {}),
        "timer_lock": ("trainer", "problems", {"locked": False}),
        "snapshot": ("phone", "problems", {}),
    }
    return table[event]


def mutated(event: str, room: FuzzRoom) -> st.SearchStrategy[tuple[str, str, Any]]:
    """A valid payload with one or two fields (known or not) given a fuzzed value, mostly
    sent through its own door in its own stage, so the checks behind the form are reached."""
    door, stage, payload = base(event, room)
    other = "trainer" if door == "phone" else "phone"
    names = [*field_names(event), "idempotency_key", "unknown"]

    def apply(changes: dict[str, Any]) -> dict[str, Any]:
        return {**payload, **changes}

    return st.tuples(
        st.sampled_from([door, door, door, door, other]),
        st.one_of(st.just(stage), st.just(stage), st.sampled_from(STAGES)),
        st.dictionaries(st.sampled_from(names), field_values(room), min_size=1, max_size=2).map(
            apply
        ),
    )


def anything(event: str, room: FuzzRoom) -> st.SearchStrategy[tuple[str, str, Any]]:
    """Any payload at all, from either door, in any stage."""
    return st.tuples(
        st.sampled_from(["phone", "trainer"]), st.sampled_from(STAGES), payloads(event, room)
    )


def encoded_size(payload: Any) -> int:
    return len(json.dumps(payload))


def is_refusal(ack: Any) -> bool:
    """An error ack as the protocol promises it: a code, and a sentence for a person."""
    return (
        isinstance(ack, dict)
        and ack.get("ok") is False
        and isinstance(ack.get("error"), str)
        and ack["error"] != "server"
        and isinstance(ack.get("message"), str)
        and len(ack["message"]) > 5
    )


@pytest.mark.parametrize("event", EVENTS)
def test_any_payload_gets_an_ack_no_traceback_and_changes_nothing_when_refused(
    fuzz_room: FuzzRoom, event: str
):
    room = fuzz_room

    @SETTINGS
    @given(example=st.one_of(mutated(event, room), mutated(event, room), anything(event, room)))
    def check(example: tuple[str, str, Any]) -> None:
        sender, stage, payload = example
        assume(encoded_size(payload) < BUFFER - MARGIN)
        assert room.trainer.call("set_stage", {"stage": stage})["ok"]  # a no-op when in it
        client = room.phone if sender == "phone" else room.trainer
        before = database_state(room.server.database_url)
        mark = room.server.log_mark()

        ack = client.call(event, payload)

        new_log = room.server.log_since(mark)
        assert "Traceback" not in new_log, new_log[-3000:]
        assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
        if not ack["ok"]:
            assert is_refusal(ack), ack
            assert database_state(room.server.database_url) == before, (payload, ack)
        # The room goes on: another phone is served, and the sender too.
        assert room.witness.call("snapshot")["ok"]
        assert client.call("snapshot")["ok"]

    check()


#: Every field of every event gets each of these in turn (deterministic: what the random
#: examples above may miss on a given run is always tried here).
HOSTILE = [
    2**63,
    -(2**63) - 1,
    2**80,
    str(2**70),
    float("nan"),
    "1e400",
    "\ud800 half an emoji",
    "a\x00b",
    "\u202e" * 300,
    "a" * 50_000,
    {"nested": {"deeper": [1]}},
    [[1, 2], [3]],
    list(range(101)),
    [],
    True,
]


@pytest.mark.parametrize("event", EVENTS)
def test_every_field_of_every_event_survives_every_hostile_value(fuzz_room: FuzzRoom, event):
    room = fuzz_room
    door, stage, payload = base(event, room)
    room.settle(stage)
    client = room.phone if door == "phone" else room.trainer
    failures = []
    for name in [*field_names(event), "idempotency_key"]:
        for value in HOSTILE:
            sent = {**payload, name: value}
            before = database_state(room.server.database_url)
            mark = room.server.log_mark()
            ack = client.call(event, sent)
            new_log = room.server.log_since(mark)
            if "Traceback" in new_log or not isinstance(ack, dict) or "ok" not in ack:
                failures.append((name, repr(value)[:40], ack, new_log[-1500:]))
            elif not ack["ok"] and (
                not is_refusal(ack) or database_state(room.server.database_url) != before
            ):
                failures.append((name, repr(value)[:40], ack, "changed the database"))
    assert not failures, failures
    assert room.witness.call("snapshot")["ok"]


@SETTINGS
@given(
    auth=st.one_of(
        # Not a bare float: python-socketio's client writes it as "01.0", which its own server
        # reads as packet id 1 and fails to decode, in the library (see the module's note).
        SCALARS.filter(lambda value: not isinstance(value, float)),
        nested(),
        st.dictionaries(
            st.sampled_from(["code", "view"]) | st.text(max_size=10),
            st.one_of(SCALARS, nested(20), st.sampled_from(["phone", "screen", "control"])),
            max_size=4,
        ),
    )
)
def test_a_malformed_handshake_is_refused_calmly(fuzz_room: FuzzRoom, auth: Any):
    """Whatever a stranger puts in the handshake, it is refused with a reason, not a crash."""
    assume(encoded_size(auth) < BUFFER - MARGIN)
    room = fuzz_room
    mark = room.server.log_mark()
    refusals: list[Any] = []
    sio = socketio.Client(reconnection=False)
    sio.on("connect_error", refusals.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        sio.connect(room.server.url, auth=auth, transports=["websocket"], wait_timeout=5)
    sio.disconnect()
    new_log = room.server.log_since(mark)
    assert "Traceback" not in new_log, new_log[-3000:]
    reasons = {"unknown_workshop", "not_joined", "not_allowed"}
    assert refusals and refusals[0].get("message") in reasons, refusals
    assert room.witness.call("snapshot")["ok"]


def test_a_payload_over_the_buffer_drops_only_that_connection(fuzz_room: FuzzRoom):
    """Past 64 KB the server closes that one connection (Socket.IO's own limit), calmly; the
    rest of the room goes on, and the phone can come back."""
    room = fuzz_room
    big = join_phone(room.server, room.phone.code, "resident").connect()
    mark = room.server.log_mark()
    with pytest.raises(socketio.exceptions.TimeoutError):
        big.sio.call("post_problem", {"text": "a" * (BUFFER + 1024)}, timeout=2)
    assert "Traceback" not in room.server.log_since(mark)
    assert room.witness.call("snapshot")["ok"]
    big.close()
    assert big.connect().call("snapshot")["ok"]
    big.close()
    with pytest.raises(ConnectionRefused):
        Client(room.server, room.phone.code, "phone").connect()  # strangers still refused


def test_text_keeps_what_a_database_can_store_from_either_door(fuzz_room: FuzzRoom):
    """A NUL (which PostgreSQL refuses) is dropped and half an emoji becomes U+FFFD, over the
    socket as Werkzeug already does for a form post; the rest is kept exactly as typed."""
    room = fuzz_room
    room.settle("problems")
    ack = room.phone.call("post_problem", {"text": "No\x00 bus \ud83d after 8 \u202eok"})
    assert ack["ok"], ack
    assert ack["problem"]["text"] == "No bus \ufffd after 8 \u202eok"


def test_a_form_post_with_an_id_beyond_the_database_is_refused_with_a_sentence(
    fuzz_room: FuzzRoom,
):
    room = fuzz_room
    room.settle("problems")
    mark = room.server.log_mark()
    response = room.phone.post_form(
        f"/w/{room.phone.code}/support",
        {"problem_id": str(2**70), "supported": "y"},
        page=f"/w/{room.phone.code}",
    )
    assert response.status_code == 400
    assert "This number is too big." in response.text
    assert "Traceback" not in room.server.log_since(mark)


@pytest.mark.parametrize(
    "frame",
    [
        pytest.param('2["post_problem", {"text": "half', id="broken-json"),
        pytest.param("2", id="event-without-data"),
        pytest.param("2[]", id="event-without-name"),
        pytest.param('2[5, {"text": "x"}]', id="number-as-name"),
        pytest.param('2[["post_problem"]]', id="list-as-name"),
        pytest.param("3", id="ack-without-data"),
        pytest.param('51-["post_problem",{"_placeholder":true,"num":0}]', id="binary"),
        pytest.param("9", id="unknown-type"),
        pytest.param("x", id="not-a-type"),
        pytest.param("/other,{}", id="slash-as-type"),
        pytest.param("2" + "[" * 5000 + "]" * 5000, id="deep-nesting"),
    ],
)
def test_a_malformed_frame_is_dropped_with_one_line_not_a_traceback(
    fuzz_room: FuzzRoom, frame: str
):
    """Below the events, a frame that is not a Socket.IO packet at all: the server writes one
    line (not a library traceback anyone could fill the log with), saves nothing, and serves
    the room; the phone reconnects as a new connection."""
    room = fuzz_room
    sender = join_phone(room.server, room.phone.code, "resident").connect()
    before = room.trainer.snapshot()
    mark = room.server.log_mark()

    sender.sio.eio.send(frame)

    deadline = time.monotonic() + 5
    while "dropped a malformed" not in room.server.log_since(mark):
        assert time.monotonic() < deadline, room.server.log_since(mark)[-3000:]
        time.sleep(0.05)
    assert "Traceback" not in room.server.log_since(mark)
    assert room.witness.call("snapshot")["ok"]
    after = room.trainer.snapshot()
    assert (after["problems"], after["prototypes"]) == (before["problems"], before["prototypes"])
    sender.close()
    assert sender.connect().call("snapshot")["ok"]
    sender.close()

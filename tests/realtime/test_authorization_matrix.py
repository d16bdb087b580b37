"""Who may send which Socket.IO event, and who may post which state-changing form: the whole
matrix against the real server.

The expected matrix is written out here from what the product intends (README, *Team and
roles*; ``workshop/services/actors.py``), not recorded from what the server happens to do: a
phone never runs the room, moderates or enters input for others; the team's roles each get
their column; nobody reaches another workshop, by socket or by a form post, even with the ids
of its cards. Every refused cell must answer with an error ack carrying a human sentence and
change nothing in the database; every allowed cell must get through.

One server and one cast of connections serve the whole module: each cell prepares its own
fresh card or prototype, so cells do not depend on each other's order.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from support.server import (
    Client,
    ConnectionRefused,
    LiveServer,
    create_facilitator_account,
    create_workshop,
    csrf_token,
    database_state,
    invite_member,
    join_phone,
    log_in_facilitator,
    log_in_trainer,
    start_server,
    trainer_client,
)

pytestmark = pytest.mark.server

OTHER_TRAINER = ("other-trainer", "another long password")

# The columns of the matrix.
PHONES = ("resident", "decision_maker", "other")
TEAM = (
    "trainer",
    "co_facilitator",
    "table_facilitator",  # of table 0, where every card and prototype of a cell sits
    "table_facilitator_elsewhere",  # of table 1
    "interpreter",
    "observer",
    "projector",  # the trainer's projector view: it shows, it never acts
)
#: Roles outside workshop A, sending the ids of A's cards from their own workshop B.
OUTSIDERS = ("other_workshop_participant", "other_facilitator")
ROLES = PHONES + TEAM + OUTSIDERS

RUN = frozenset({"trainer", "co_facilitator"})
MODERATE = RUN | {"table_facilitator"}
ON_BEHALF = MODERATE | {"interpreter"}
EVERY_PHONE = frozenset(PHONES)

#: An allowed cell's outcome: the intent is done (``OK``), or it gets past the permission
#: check and is refused for a reason that is not about who asks (``AUTHORISED``: no such
#: round, machine translation not set up, a stage this kind of session does not have).
OK, AUTHORISED = "ok", "authorised"


@dataclass
class World:
    """Workshop A with its whole cast connected, and workshop B of another trainer."""

    server: LiveServer
    code: str
    clients: dict[str, Client]
    helper: Client  # a phone at table 0 that makes cards and prototypes for the cells
    other_control: Client  # the other trainer's control screen of workshop B
    themes: list[int]
    source_id: int  # an earlier session of the trainer (import_problems)
    other_themes: list[int]  # workshop B's tables
    other_id: int  # workshop B's id
    counter: Iterator[int] = field(default_factory=itertools.count)
    #: The role of the cell being prepared (a card "of one's own" is that phone's).
    role: str = ""

    @property
    def trainer(self) -> Client:
        return self.clients["trainer"]

    def ok(self, client: Client, event: str, payload: Any = None) -> dict[str, Any]:
        ack = client.call(event, payload)
        assert ack["ok"], (event, payload, ack)
        return ack

    def stage(self, stage: str) -> None:
        """Both workshops to ``stage``, so an outsider is refused for the ids, not the stage."""
        self.ok(self.trainer, "set_stage", {"stage": stage})
        self.ok(self.other_control, "set_stage", {"stage": stage})

    def text(self, what: str) -> str:
        return f"{what} {next(self.counter)}"

    def card(self, table: int = 0) -> int:
        """A new card on the wall at ``table`` (said aloud, in Italian), in the current stage
        if it is a posting stage, else through Problems and back."""
        stage = self.trainer.snapshot()["workshop"]["stage"]
        if stage != "problems":
            self.stage("problems")
        ack = self.ok(
            self.trainer,
            "quote",
            {
                "text": self.text("Forms only in Italian"),
                "role": "resident",
                "language": "it",
                "theme_id": self.themes[table],
            },
        )
        if stage != "problems":
            self.stage(stage)
        return ack["problem"]["id"]

    def prototype(self) -> int:
        """A new prototype of table 0 (written on an English phone)."""
        card = self.card()
        self.stage("prototypes")
        ack = self.ok(
            self.helper,
            "create_prototype",
            {"title": self.text("Evening desk"), "problem_ids": [card], "what_changes": "Hours"},
        )
        return ack["prototype"]["id"]

    def foreign_card(self) -> int:
        """A new card of workshop B (the other trainer's), in the current stage of both."""
        stage = self.trainer.snapshot()["workshop"]["stage"]
        self.stage("problems")
        ack = self.ok(
            self.clients["other_workshop_participant"],
            "post_problem",
            {"text": self.text("A card of workshop B")},
        )
        self.stage(stage)
        return ack["problem"]["id"]

    def author(self) -> Client:
        """The phone of this cell's role, or the helper phone when the role has none in A."""
        return self.clients[self.role] if self.role in PHONES else self.helper

    def own_card(self) -> int:
        """A card the cell's phone wrote itself (the helper's, for everyone else)."""
        self.stage("problems")
        ack = self.ok(self.author(), "post_problem", {"text": self.text("My own card")})
        return ack["problem"]["id"]

    def own_prototype(self) -> int:
        """A prototype the cell's phone made itself (the helper's, for everyone else)."""
        card = self.card()
        self.stage("prototypes")
        ack = self.ok(
            self.author(),
            "create_prototype",
            {"title": self.text("My desk"), "problem_ids": [card], "what_changes": "Hours"},
        )
        return ack["prototype"]["id"]

    def reset(self) -> None:
        """Undo what earlier cells left that would change the next one's rules."""
        ack = self.trainer.call("premoderation", {"on": False})  # "already off" is fine
        assert ack["ok"] or ack["error"] == "invalid", ack
        self.ok(self.trainer, "timer_lock", {"locked": False})


@dataclass(frozen=True)
class Row:
    """One event: who may send it, with what outcome, and how to prepare a cell's payload."""

    event: str
    allowed: frozenset[str]
    prepare: Callable[[World], dict[str, Any]]
    outcome: str = OK
    #: Whether the payload names something of workshop A (a card, a table, a session): only
    #: then is sending it from workshop B a cross-workshop attempt.
    names_ids: bool = True
    #: Tells two rows of one event apart (``withdraw_problem`` of one's own card, or another's).
    case: str = ""
    #: The error a refused member of workshop A gets; None when it may be any (a card of
    #: another workshop is "not found" for the trainer, "forbidden" for an observer).
    refusal: str | None = "forbidden"

    @property
    def name(self) -> str:
        return f"{self.event}:{self.case}" if self.case else self.event


def _in(stage: str, make: Callable[[World], dict[str, Any]]) -> Callable[[World], dict[str, Any]]:
    def prepare(w: World) -> dict[str, Any]:
        payload = make(w)
        w.stage(stage)
        return payload

    return prepare


def _approvable(w: World) -> dict[str, Any]:
    w.stage("problems")
    w.ok(w.trainer, "premoderation", {"on": True})
    ack = w.ok(w.helper, "post_problem", {"text": w.text("Waiting card")})
    assert ack.get("pending"), ack
    w.ok(w.trainer, "premoderation", {"on": False})
    return {"problem_id": ack["problem"]["id"]}


def _hidden_card(w: World) -> dict[str, Any]:
    card = w.card()
    w.ok(w.trainer, "hide", {"problem_id": card})
    return {"problem_id": card}


def _hidden_prototype(w: World) -> dict[str, Any]:
    prototype = w.prototype()
    w.ok(w.trainer, "hide_prototype", {"prototype_id": prototype})
    return {"prototype_id": prototype}


def _undoable(w: World) -> dict[str, Any]:
    card = w.card()
    ack = w.ok(w.trainer, "edit", {"problem_id": card, "text": w.text("Edited")})
    return {"action_id": ack["moderation"]["id"]}


def _running_timer(payload: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    def prepare(w: World) -> dict[str, Any]:
        w.stage("problems")
        w.ok(w.trainer, "start_timer", {"minutes": 5})
        return payload

    return prepare


def _not_revealed(w: World) -> dict[str, Any]:
    w.stage("vote")
    w.ok(w.trainer, "reveal", {"revealed": False})
    return {"revealed": True}


def _speaker(w: World, **more: Any) -> dict[str, Any]:
    return {"role": "resident", "language": "ar", "theme_id": w.themes[0], **more}


ROWS = [
    # Phones (participant intents).
    Row(
        "post_problem",
        EVERY_PHONE,
        _in("problems", lambda w: {"text": w.text("No evening classes")}),
        names_ids=False,
    ),
    Row(
        "support",
        EVERY_PHONE,
        _in("problems", lambda w: {"problem_id": w.card(), "supported": True}),
    ),
    Row(
        "create_prototype",
        EVERY_PHONE,
        _in(
            "prototypes",
            lambda w: {"title": w.text("Desk"), "problem_ids": [w.card()], "what_changes": "x"},
        ),
    ),
    Row("vote", EVERY_PHONE, _in("vote", lambda w: {"prototype_id": w.prototype(), "delta": 1})),
    Row("problem_vote", EVERY_PHONE, _in("focus", lambda w: {"problem_id": w.card(), "delta": 1})),
    Row(
        "respond",
        RUN | {"decision_maker"},
        _in("response", lambda w: {"prototype_id": w.prototype(), "decision": "study"}),
    ),
    # Withdrawing: only the person who wrote it, never someone else, never the team.
    Row("withdraw_problem", EVERY_PHONE, _in("vote", lambda w: {"problem_id": w.own_card()})),
    Row(
        "withdraw_problem",
        frozenset(),
        _in("problems", lambda w: {"problem_id": w.card()}),
        case="someone_elses",
    ),
    Row(
        "withdraw_prototype",
        EVERY_PHONE,
        _in("results", lambda w: {"prototype_id": w.own_prototype()}),
    ),
    Row(
        "withdraw_prototype",
        frozenset(),
        _in("vote", lambda w: {"prototype_id": w.prototype()}),
        case="someone_elses",
    ),
    Row("feedback", EVERY_PHONE, _in("closed", lambda w: {"score": 4}), names_ids=False),
    # A co-projecting workshop has no Rating stage: phones get past the door, then the stage.
    Row(
        "rate",
        EVERY_PHONE,
        _in("problems", lambda w: {"item_id": 1, "criterion_id": 1, "score": 3}),
        outcome=AUTHORISED,
        names_ids=False,
    ),
    # Running the room.
    Row("set_stage", RUN, _in("welcome", lambda w: {"stage": "problems"}), names_ids=False),
    Row("reveal", RUN, _not_revealed, names_ids=False),
    Row("show_table", RUN, _in("plenary", lambda w: {"theme_id": w.themes[1]})),
    Row(
        "open_round",  # no rounds in a co-projecting workshop: past the door, then not found
        RUN,
        _in("problems", lambda w: {"round_id": 1}),
        outcome=AUTHORISED,
        names_ids=False,
    ),
    Row("import_problems", RUN, _in("problems", lambda w: {"source_id": w.source_id})),
    Row("start_timer", RUN, _in("problems", lambda w: {"minutes": 5}), names_ids=False),
    Row("add_time", RUN, _running_timer({"seconds": 60}), names_ids=False),
    Row("stop_timer", RUN, _running_timer({}), names_ids=False),
    Row("timer_lock", RUN, _in("problems", lambda w: {"locked": True}), names_ids=False),
    Row("premoderation", RUN, _in("problems", lambda w: {"on": True}), names_ids=False),
    # Input on behalf of people without a phone, and translations.
    Row("add_person", ON_BEHALF, _in("problems", lambda w: _speaker(w))),
    Row("quote", ON_BEHALF, _in("problems", lambda w: _speaker(w, text=w.text("Said aloud")))),
    Row(
        "translate",
        ON_BEHALF,
        _in("problems", lambda w: {"problem_id": w.card(), "language": "en", "text": "Hi"}),
    ),
    Row(
        "machine_translate",
        ON_BEHALF,
        _in("problems", lambda w: {"problem_id": w.card(), "language": "en"}),
        outcome=AUTHORISED,  # no LibreTranslate server on the test server
    ),
    Row(
        "translate_prototype",
        ON_BEHALF,
        _in(
            "prototypes", lambda w: {"prototype_id": w.prototype(), "language": "it", "title": "T"}
        ),
    ),
    Row(
        "machine_translate_prototype",
        ON_BEHALF,
        _in("prototypes", lambda w: {"prototype_id": w.prototype(), "language": "it"}),
        outcome=AUTHORISED,
    ),
    # Moderation: a table facilitator only at their own table.
    Row("hide", MODERATE, _in("problems", lambda w: {"problem_id": w.card()})),
    Row("unhide", MODERATE, _in("problems", _hidden_card)),
    Row(
        "edit",
        MODERATE,
        _in("problems", lambda w: {"problem_id": w.card(), "text": w.text("Corrected")}),
    ),
    # To another table: a table facilitator may not put a card on a table not theirs.
    Row(
        "move",
        RUN,
        _in("problems", lambda w: {"problem_id": w.card(), "theme_id": w.themes[1]}),
    ),
    Row(
        "merge",
        MODERATE,
        _in("problems", lambda w: {"problem_id": w.card(), "target_id": w.card()}),
    ),
    Row("approve", MODERATE, _in("problems", _approvable)),
    Row("set_focus", MODERATE, _in("focus", lambda w: {"problem_id": w.card(), "focus": True})),
    Row("hide_prototype", MODERATE, _in("vote", lambda w: {"prototype_id": w.prototype()})),
    Row("unhide_prototype", MODERATE, _in("vote", _hidden_prototype)),
    Row("undo", MODERATE, _in("problems", _undoable)),
    # The right person, a target in another workshop: never reached, whatever the role.
    Row(
        "support",
        frozenset(),
        _in("problems", lambda w: {"problem_id": w.foreign_card(), "supported": True}),
        case="another_workshops_card",
        refusal=None,
        names_ids=False,  # from workshop B, B's own things: nothing of A to reach
    ),
    Row(
        "create_prototype",
        frozenset(),
        _in(
            "prototypes",
            lambda w: {"title": "x", "problem_ids": [w.foreign_card()], "what_changes": "x"},
        ),
        case="another_workshops_card",
        refusal=None,
        names_ids=False,  # from workshop B, B's own things: nothing of A to reach
    ),
    Row(
        "merge",
        frozenset(),
        _in("problems", lambda w: {"problem_id": w.card(), "target_id": w.foreign_card()}),
        case="into_another_workshops_card",
        refusal=None,
        names_ids=False,  # from workshop B, B's own things: nothing of A to reach
    ),
    Row(
        "move",
        frozenset(),
        _in("problems", lambda w: {"problem_id": w.card(), "theme_id": w.other_themes[1]}),
        case="to_another_workshops_table",
        refusal=None,
        names_ids=False,  # from workshop B, B's own things: nothing of A to reach
    ),
    Row(
        "quote",
        frozenset(),
        _in("problems", lambda w: {**_speaker(w), "theme_id": w.other_themes[0], "text": "x"}),
        case="at_another_workshops_table",
        refusal=None,
        names_ids=False,  # from workshop B, B's own things: nothing of A to reach
    ),
    Row(
        "show_table",
        frozenset(),
        _in("plenary", lambda w: {"theme_id": w.other_themes[1]}),
        case="another_workshops_table",
        refusal=None,
        names_ids=False,  # from workshop B, B's own things: nothing of A to reach
    ),
    Row(
        "import_problems",
        frozenset(),
        _in("problems", lambda w: {"source_id": w.other_id}),
        case="another_trainers_session",
        refusal=None,
        names_ids=False,  # from workshop B, B's own things: nothing of A to reach
    ),
    # Reading: whoever is connected.
    Row(
        "snapshot",
        frozenset(PHONES + TEAM),
        _in("problems", lambda w: {}),
        names_ids=False,
    ),
]
ROWS_BY_NAME = {row.name: row for row in ROWS}


def _cells() -> list[tuple[str, str]]:
    cells = []
    for row in ROWS:
        for role in ROLES:
            if role in OUTSIDERS and not row.names_ids:
                continue  # acts on the outsider's own workshop: nothing of A to reach
            cells.append((row.name, role))
    return cells


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    """The real server, with the per-connection rate relaxed: the cast sends many events."""
    live = start_server(
        tmp_path_factory.mktemp("matrix"),
        TAVOLA_SOCKET_RATE="10000",
        TAVOLA_SOCKET_BURST="10000",
        TAVOLA_LOGIN_LIMIT="1000 per minute",
        TAVOLA_JOIN_LIMIT="1000 per minute",
    )
    create_facilitator_account(live, *OTHER_TRAINER)
    yield live
    live.stop()


def _workshop_id(server: LiveServer, code: str) -> int:
    state = database_state(server.database_url)
    for row in state["workshops"]:
        values = dict(row)
        if values["code"] == repr(code):
            return int(values["id"])
    raise AssertionError(f"no workshop {code}")


@pytest.fixture(scope="module")
def world(server: LiveServer) -> Iterator[World]:
    """Workshop A with one connection per role, and workshop B of another trainer."""
    http = log_in_trainer(server)
    source = create_workshop(server, http, title="Earlier listening")
    source_control = trainer_client(server, source, http).connect()
    assert source_control.call("set_stage", {"stage": "problems"})["ok"]
    poster = join_phone(server, source, "resident").connect()
    assert poster.call("post_problem", {"text": "Bus stops far from school"})["ok"]
    poster.close()
    source_control.close()

    code = create_workshop(server, http, title="Workshop A")
    clients: dict[str, Client] = {"trainer": trainer_client(server, code, http)}
    clients["projector"] = trainer_client(server, code, http, view="screen")
    for role in PHONES:
        clients[role] = join_phone(server, code, role, table=0)
    clients["co_facilitator"] = invite_member(server, code, http, "co_facilitator")
    clients["table_facilitator"] = invite_member(server, code, http, "table_facilitator", 0)
    clients["table_facilitator_elsewhere"] = invite_member(
        server, code, http, "table_facilitator", 1
    )
    clients["interpreter"] = invite_member(server, code, http, "interpreter")
    clients["observer"] = invite_member(server, code, http, "observer")
    helper = join_phone(server, code, "resident", table=0)

    other_http = log_in_facilitator(server, *OTHER_TRAINER)
    other_code = create_workshop(server, other_http, title="Workshop B")
    other_control = trainer_client(server, other_code, other_http)
    clients["other_facilitator"] = other_control
    clients["other_workshop_participant"] = join_phone(server, other_code, "decision_maker")

    for client in [*clients.values(), helper]:
        client.connect()
    themes = [t["id"] for t in clients["trainer"].snapshot()["themes"]]
    other_themes = [t["id"] for t in other_control.snapshot()["themes"]]
    w = World(
        server,
        code,
        clients,
        helper,
        other_control,
        themes,
        _workshop_id(server, source),
        other_themes,
        _workshop_id(server, other_code),
    )
    yield w
    for client in [*clients.values(), helper]:
        client.close()


def _is_refusal(ack: Any) -> bool:
    """An error ack as the protocol promises it: not ok, a code, and a sentence for a person."""
    return (
        isinstance(ack, dict)
        and ack.get("ok") is False
        and isinstance(ack.get("error"), str)
        and ack["error"] != "server"
        and isinstance(ack.get("message"), str)
        and len(ack["message"]) > 5
    )


@pytest.mark.parametrize(("event", "role"), _cells())
def test_every_socket_event_is_done_or_refused_for_every_role(world: World, event, role):
    row = ROWS_BY_NAME[event]
    event = row.event
    world.reset()
    world.role = role
    payload = row.prepare(world)
    client = world.clients[role]
    before = database_state(world.server.database_url)
    log_mark = len(world.server.log())

    ack = client.call(event, payload)

    assert "Traceback" not in world.server.log()[log_mark:]
    if role in row.allowed and row.outcome == OK:
        assert ack.get("ok") is True, (event, role, payload, ack)
        return
    assert _is_refusal(ack), (event, role, payload, ack)
    if role in row.allowed:  # AUTHORISED: refused, but not for who asked
        assert ack["error"] != "forbidden", (event, role, ack)
    elif role not in OUTSIDERS and row.refusal is not None:
        assert ack["error"] == row.refusal, (event, role, ack)
    # An outsider may hear "forbidden" or "not found": either way, nothing of A moved.
    assert database_state(world.server.database_url) == before, (event, role, payload, ack)


def test_the_matrix_names_every_event_the_server_registers():
    """A new event without a row here would go untested: the matrix must grow with it."""
    from workshop.facilitator.intents import INTENTS as TEAM_INTENTS
    from workshop.participate.intents import INTENTS as PHONE_INTENTS

    registered = set(TEAM_INTENTS) | set(PHONE_INTENTS) | {"snapshot"}
    assert {row.event for row in ROWS} == registered


# Connecting at all


@pytest.mark.parametrize("view", ["phone", "screen", "control"])
def test_a_browser_without_a_cookie_cannot_connect_to_any_view(world: World, view):
    stranger = Client(world.server, world.code, view)
    reason = "not_joined" if view == "phone" else "not_allowed"
    with pytest.raises(ConnectionRefused, match=reason):
        stranger.connect()


@pytest.mark.parametrize("view", ["phone", "screen", "control"])
def test_people_of_another_workshop_cannot_connect_to_this_one(world: World, view):
    for outsider in OUTSIDERS:
        browser = Client(world.server, world.code, view, http=world.clients[outsider].http)
        with pytest.raises(ConnectionRefused, match=r"not_joined|not_allowed"):
            browser.connect()


def test_a_phone_cannot_open_the_control_screen_or_projector_of_its_own_workshop(world: World):
    for view in ("screen", "control"):
        browser = Client(world.server, world.code, view, http=world.clients["resident"].http)
        with pytest.raises(ConnectionRefused, match="not_allowed"):
            browser.connect()


# Plain form posts (the same intents through HTTP)

#: A state-changing form post per door, with a payload that would work for the right person.
PHONE_POSTS = ["post_problem", "support", "vote", "feedback"]
TEAM_POSTS = ["set_stage", "reveal", "hide", "premoderation", "start_timer", "quote"]


def browser(world: World, who: str) -> requests.Session:
    """The cookies of ``who`` (none for ``anonymous``) in a new HTTP session: a connection
    pooled since the set-up may have been closed by the server as idle meanwhile, and a POST
    is not retried on it."""
    http = requests.Session()
    if who != "anonymous":
        http.cookies.update(world.clients[who].http.cookies)
    return http


def _fresh_token(http: requests.Session, server: LiveServer) -> str:
    """A valid CSRF token for this browser (every page with a form carries one)."""
    return csrf_token(http.get(server.url + "/join", timeout=5).text)


@pytest.mark.parametrize("intent", PHONE_POSTS)
@pytest.mark.parametrize("who", ["anonymous", "other_workshop_participant", "other_facilitator"])
def test_a_phone_form_post_from_outside_the_workshop_changes_nothing(world: World, intent, who):
    world.reset()
    payload = {
        "post_problem": lambda: _in("problems", lambda w: {"text": "From outside"})(world),
        "support": lambda: _in("problems", lambda w: {"problem_id": w.card(), "supported": "y"})(
            world
        ),
        "vote": lambda: _in("vote", lambda w: {"prototype_id": w.prototype(), "delta": 1})(world),
        "feedback": lambda: _in("closed", lambda w: {"score": 4})(world),
    }[intent]()
    http = browser(world, who)
    before = database_state(world.server.database_url)

    response = http.post(
        f"{world.server.url}/w/{world.code}/{intent}",
        data={"csrf_token": _fresh_token(http, world.server), **payload},
        timeout=5,
        allow_redirects=False,
    )

    # Not a participant of A: sent to A's join page, as the route promises.
    assert response.status_code in (302, 303), response.status_code
    assert re.search(rf"/j/{world.code}$", response.headers["Location"])
    assert database_state(world.server.database_url) == before


@pytest.mark.parametrize("intent", TEAM_POSTS)
@pytest.mark.parametrize(
    "who", ["anonymous", "resident", "other_workshop_participant", "other_facilitator"]
)
def test_a_control_form_post_from_outside_the_team_changes_nothing(world: World, intent, who):
    world.reset()
    world.stage("problems")
    payload = {
        "set_stage": {"stage": "focus"},
        "reveal": {"revealed": "y"},
        "hide": {"problem_id": world.card()},
        "premoderation": {"on": "y"},
        "start_timer": {"minutes": 5},
        "quote": _speaker(world, text="From outside"),
    }[intent]
    http = browser(world, who)
    before = database_state(world.server.database_url)

    response = http.post(
        f"{world.server.url}/f/{world.code}/{intent}",
        data={"csrf_token": _fresh_token(http, world.server), **payload},
        timeout=5,
        allow_redirects=False,
    )

    if who == "other_facilitator":
        assert response.status_code == 404  # as if the workshop did not exist
    else:  # anonymous or a phone: the log-in page, the post not replayed
        assert response.status_code in (302, 303)
        assert "/login" in response.headers["Location"]
    assert database_state(world.server.database_url) == before


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("settings", {"title": "Taken over", "dot_budget": "9"}),
        ("duplicate", {}),
        ("team/invite", {"role": "co_facilitator"}),
        ("team/revoke", {"member_id": "1"}),
        ("for/1/post_problem", {"text": "On behalf, from outside"}),
    ],
)
@pytest.mark.parametrize("who", ["anonymous", "resident", "other_facilitator"])
def test_the_trainers_own_pages_refuse_posts_from_outside_and_change_nothing(
    world: World, path, data, who
):
    http = browser(world, who)
    before = database_state(world.server.database_url)

    response = http.post(
        f"{world.server.url}/f/{world.code}/{path}",
        data={"csrf_token": _fresh_token(http, world.server), **data},
        timeout=5,
        allow_redirects=False,
    )

    if who == "other_facilitator":
        assert response.status_code == 404
    else:
        assert response.status_code in (302, 303)
        assert "/login" in response.headers["Location"]
    assert database_state(world.server.database_url) == before


@pytest.mark.parametrize("role", ["interpreter", "observer", "table_facilitator"])
def test_team_roles_that_may_not_run_the_room_cannot_do_it_by_form_post_either(world: World, role):
    world.reset()
    world.stage("problems")
    http = browser(world, role)
    before = database_state(world.server.database_url)
    for path, data in [
        ("set_stage", {"stage": "focus"}),
        ("settings", {"title": "Taken over", "dot_budget": "9"}),
        ("team/invite", {"role": "co_facilitator"}),
    ]:
        response = http.post(
            f"{world.server.url}/f/{world.code}/{path}",
            data={"csrf_token": _fresh_token(http, world.server), **data},
            timeout=5,
            allow_redirects=False,
        )
        assert response.status_code in (302, 303), (path, response.status_code)
    assert database_state(world.server.database_url) == before


def test_a_log_in_post_with_a_wrong_password_logs_nobody_in_and_changes_nothing(world: World):
    http = requests.Session()
    before = database_state(world.server.database_url)
    response = http.post(
        world.server.url + "/login",
        data={
            "csrf_token": _fresh_token(http, world.server),
            "username": "trainer",
            "password": "guess",
        },
        timeout=5,
        allow_redirects=False,
    )
    assert response.status_code in (400, 429)
    assert http.get(f"{world.server.url}/f/", allow_redirects=False).status_code in (302, 303)
    assert database_state(world.server.database_url) == before


def test_the_first_run_set_up_link_cannot_add_an_account_once_there_is_one(world: World):
    http = browser(world, "anonymous")
    before = database_state(world.server.database_url)
    response = http.post(
        world.server.url + "/setup/forged-token",
        data={
            "csrf_token": _fresh_token(http, world.server),
            "username": "intruder",
            "password": "a long enough password",
            "confirm": "a long enough password",
        },
        timeout=5,
        allow_redirects=False,
    )
    assert response.status_code == 404
    assert database_state(world.server.database_url) == before

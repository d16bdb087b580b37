"""The team and presence on the real server: team members' sockets follow the role matrix, a
withdrawn link closes their screens, and the projector and control screen see who is connected.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text
from support.server import ConnectionRefused, invite_member

pytestmark = pytest.mark.server

ROLE_REFUSED = "Your role in this workshop cannot do that."


def stage_of(client) -> str:
    return client.snapshot()["workshop"]["stage"]


def test_a_co_facilitator_moves_the_room_from_their_own_socket(room):
    co = invite_member(room.server, room.code, room.control.http, "co_facilitator").connect()
    room.clients.append(co)
    phone = room.phone()
    ack = co.call("set_stage", {"stage": "problems"})
    assert ack["ok"] and ack["stage"] == "problems"
    phone.wait_for(lambda d: d["workshop"]["stage"] == "problems")


@pytest.mark.parametrize(
    ("role", "intent", "payload"),
    [
        ("observer", "set_stage", {"stage": "problems"}),
        ("observer", "reveal", {"revealed": True}),
        ("interpreter", "set_stage", {"stage": "problems"}),
        ("table_facilitator", "show_table", {"theme_id": 0}),
        ("table_facilitator", "respond", {"prototype_id": 1, "decision": "adopt"}),
    ],
)
def test_a_team_socket_is_refused_what_its_role_cannot_do_and_nothing_changes(
    room, role, intent, payload
):
    member = invite_member(room.server, room.code, room.control.http, role).connect()
    room.clients.append(member)
    before = member.snapshot()
    ack = member.call(intent, payload)
    assert ack == {"ok": False, "error": "forbidden", "message": ROLE_REFUSED}
    after = member.snapshot()
    assert after["workshop"] == before["workshop"] and after["seq"] == before["seq"]


def test_a_phone_cannot_run_the_room(room):
    phone = room.phone(role="decision_maker")
    ack = phone.call("set_stage", {"stage": "problems"})
    assert ack["ok"] is False and ack["message"] == "You cannot do this from this screen."
    assert stage_of(room.control) == "welcome"


def test_a_withdrawn_member_is_disconnected_and_cannot_come_back(room):
    observer = invite_member(room.server, room.code, room.control.http, "observer").connect()
    room.clients.append(observer)
    response = room.control.post_form(
        f"/f/{room.code}/team/revoke",
        {"member_id": observer.member_id},
        page=f"/f/{room.code}/team",
    )
    assert response.ok
    deadline = time.monotonic() + 3
    while observer.sio.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not observer.sio.connected
    with pytest.raises(ConnectionRefused, match="revoked"):
        observer.connect()


def test_an_open_socket_refuses_the_next_action_once_the_link_is_withdrawn(room):
    """Withdrawn elsewhere (another server process, straight in the database): still refused."""
    co = invite_member(room.server, room.code, room.control.http, "co_facilitator").connect()
    room.clients.append(co)
    engine = create_engine(room.server.database_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE team_members SET revoked_at = CURRENT_TIMESTAMP WHERE id = :id"),
            {"id": co.member_id},
        )
    engine.dispose()
    ack = co.call("set_stage", {"stage": "problems"})
    assert ack["ok"] is False and "withdrawn" in ack["message"]
    assert stage_of(room.control) == "welcome"


# Presence


def latest(client, predicate, since: int = 0, timeout: float = 3.0) -> dict:
    """The first ``presence`` event after the ``since``-th (so far or within ``timeout``) that
    satisfies ``predicate``."""
    deadline = time.monotonic() + timeout
    while True:
        for event in client.presences[since:]:
            if predicate(event):
                return event
        if time.monotonic() > deadline:
            raise AssertionError(f"no matching presence in {timeout} s; got {client.presences!r}")
        time.sleep(0.02)


def test_the_projector_counts_connected_phones_per_table_and_role_and_drops_a_leaver(room):
    screen = room.screen()
    themes = [t["id"] for t in screen.snapshot()["themes"]]
    school, participation = str(themes[0]), str(themes[1])
    amina = room.phone(role="resident", table=0)
    room.phone(role="decision_maker", table=1)

    both = latest(
        screen,
        lambda p: (
            p["by_table"][school]["resident"] == 1
            and p["by_table"][participation]["decision_maker"] == 1
        ),
    )
    assert both["total"] == 2 and "away" not in both  # the projector never gets names

    mark = len(screen.presences)
    amina.close()
    after = latest(screen, lambda p: p["by_table"][school]["resident"] == 0, since=mark)
    assert after["by_table"][participation]["decision_maker"] == 1 and after["total"] == 1
    assert screen.snapshot()["presence"]["total"] == 1


def test_the_control_screen_counts_who_dropped_out_per_table_without_names(room):
    themes = [str(t["id"]) for t in room.control.snapshot()["themes"]]
    first = room.phone(role="resident", table=0)
    second = room.phone(role="resident", table=0)
    latest(room.control, lambda p: p["by_table"][themes[0]]["resident"] == 2)

    mark = len(room.control.presences)
    first.close()
    second.close()
    gone = latest(room.control, lambda p: p["by_table"][themes[0]]["resident"] == 0, since=mark)
    assert gone["joined"][themes[0]]["resident"] == 2
    assert "away" not in gone


def test_team_members_count_as_connected_by_role(room):
    observer = invite_member(room.server, room.code, room.control.http, "observer").connect()
    room.clients.append(observer)
    seen = latest(room.control, lambda p: p["team"]["observer"] == 1)
    assert seen["team_invited"]["observer"] == 1
    mark = len(room.control.presences)
    observer.close()
    latest(room.control, lambda p: p["team"]["observer"] == 0, since=mark)


def test_people_coming_and_going_never_make_phones_see_a_gap(room):
    phone = room.phone()
    room.stage("problems")
    for _ in range(3):
        room.phone().close()
    assert phone.call("post_problem", {"text": "after the comings and goings"})["ok"]
    phone.wait_for(
        lambda d: any(p["text"] == "after the comings and goings" for p in d.get("problems", []))
    )
    pseqs = [d["pseq"] for d in phone.deltas]
    assert pseqs == list(range(pseqs[0], pseqs[0] + len(pseqs)))


def test_a_co_facilitator_records_a_response_over_the_socket(room):
    """``respond`` is both a phone and a control-screen intent: each door finds its own."""
    co = invite_member(room.server, room.code, room.control.http, "co_facilitator").connect()
    room.clients.append(co)
    phone = room.phone()
    room.stage("problems")
    problem = phone.call("post_problem", {"text": "No evening classes"})["problem"]
    room.stage("prototypes")
    prototype = phone.call(
        "create_prototype",
        {"title": "Evening classes", "problem_ids": [problem["id"]], "what_changes": "Classes"},
    )["prototype"]
    ack = co.call("respond", {"prototype_id": prototype["id"], "decision": "study"})
    assert ack["ok"], ack
    assert ack["prototype"]["response"]["decision"] == "study"

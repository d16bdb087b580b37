"""Data protection on the real server: a withdrawn card leaves every screen in the next delta,
and deleting a workshop closes the sockets of its open screens."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.server


def card_in(delta, card_id):
    return next((p for p in delta.get("problems", []) if p["id"] == card_id), None)


def test_a_card_withdrawn_over_the_socket_leaves_every_screen(room):
    author, neighbour = room.phone(table=0), room.phone(table=0)
    screen = room.screen()
    room.stage("problems")
    card = author.call("post_problem", {"text": "The night bus stops at 8 pm"})["problem"]
    neighbour.wait_for(lambda d: card_in(d, card["id"]) is not None)

    refused = neighbour.call("withdraw_problem", {"problem_id": card["id"]})
    assert refused["ok"] is False and refused["error"] == "forbidden"

    ack = author.call("withdraw_problem", {"problem_id": card["id"]})

    assert ack == {"ok": True, "problem_id": card["id"]}
    for client in (neighbour, screen, room.control):
        client.wait_for(lambda d: card_in(d, card["id"]) == {"id": card["id"], "gone": True})
    assert card["id"] not in [p["id"] for p in neighbour.snapshot()["problems"]]
    room.control.wait_for(
        lambda d: (
            [(e["action"], e["role"]) for e in d.get("moderation", [])][:1]
            == [("withdraw", "participant")]
        )
    )


def test_deleting_a_workshop_disconnects_its_open_screens(room):
    phone = room.phone(table=0)
    screen = room.screen()
    http = room.control.http
    page = http.get(f"{room.server.url}/f/{room.code}/delete")
    assert room.code in page.text

    done = room.control.post_form(
        f"/f/{room.code}/delete", {"code": room.code}, page=f"/f/{room.code}/delete"
    )

    assert done.status_code == 200 and done.url.endswith("/f/")
    deadline = time.monotonic() + 5
    while any(c.sio.connected for c in (phone, screen)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not phone.sio.connected and not screen.sio.connected
    # Back on the join page, the code no longer exists.
    again = phone.http.get(f"{room.server.url}/w/{room.code}")
    assert again.status_code == 404 and "There is no workshop with this code" in again.text

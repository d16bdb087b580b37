"""Moderation on the real server: the room loses a hidden card live, moderators keep it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.server


def card_in(delta, card_id):
    return next((p for p in delta.get("problems", []) if p["id"] == card_id), None)


def test_a_hidden_card_disappears_from_phones_while_the_control_screen_keeps_it(room):
    author, neighbour = room.phone(table=0), room.phone(table=0)
    screen = room.screen()
    room.stage("problems")
    card = author.call("post_problem", {"text": "Letters only in Italian"})["problem"]
    neighbour.wait_for(lambda d: card_in(d, card["id"]) is not None)

    ack = room.control.call("hide", {"problem_id": card["id"]})

    assert ack["ok"] and ack["moderation"]["action"] == "hide" and ack["moderation"]["undoable"]
    for client in (neighbour, screen, author):
        client.wait_for(lambda d: card_in(d, card["id"]) == {"id": card["id"], "gone": True})
    kept = room.control.wait_for(lambda d: (card_in(d, card["id"]) or {}).get("hidden"))
    assert card_in(kept, card["id"])["text"] == "Letters only in Italian"
    assert kept["moderation"][0]["action"] == "hide" and kept["moderation"][0]["role"] == "trainer"
    assert card["id"] not in [p["id"] for p in neighbour.snapshot()["problems"]]
    assert card["id"] in [p["id"] for p in room.control.snapshot()["problems"]]

    neighbour.deltas.clear()
    assert room.control.call("undo", {"action_id": ack["moderation"]["id"]})["ok"]
    back = neighbour.wait_for(lambda d: (card_in(d, card["id"]) or {}).get("text"))
    assert card_in(back, card["id"])["text"] == "Letters only in Italian"


def test_a_phone_cannot_moderate(room):
    phone = room.phone()
    room.stage("problems")
    card = phone.call("post_problem", {"text": "No evening meetings"})["problem"]
    refused = phone.call("hide", {"problem_id": card["id"]})
    assert refused["ok"] is False


def test_under_premoderation_a_phone_is_told_its_card_waits(room):
    phone, other = room.phone(), room.phone()
    room.stage("problems")
    assert room.control.call("premoderation", {"on": True})["premoderation"] is True

    ack = phone.call("post_problem", {"text": "Nobody explains the enrolment"})

    assert ack["ok"] and ack["pending"] is True
    waiting = room.control.wait_for(lambda d: card_in(d, ack["problem"]["id"]) is not None)
    assert card_in(waiting, ack["problem"]["id"])["approved"] is False
    assert all(p["id"] != ack["problem"]["id"] for p in other.snapshot()["problems"])
    assert room.control.call("approve", {"problem_id": ack["problem"]["id"]})["ok"]
    other.wait_for(lambda d: (card_in(d, ack["problem"]["id"]) or {}).get("text"))

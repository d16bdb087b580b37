"""Phones, projector and control screen on the real server see each other's actions live."""

from __future__ import annotations

import time

import pytest
from support.server import Client, ConnectionRefused, create_workshop, join_phone

pytestmark = pytest.mark.server


def has_problem(text: str):
    return lambda d: any(p["text"] == text for p in d.get("problems", []))


def test_a_posted_problem_reaches_every_screen_of_the_workshop(room):
    author, neighbour = room.phone(table=0), room.phone(table=1)
    screen = room.screen()
    room.stage("problems")

    ack = author.call("post_problem", {"text": "Letters from school only in Italian"})

    assert ack["ok"] and ack["problem"]["text"] == "Letters from school only in Italian"
    for client in (neighbour, screen, room.control, author):
        delta = client.wait_for(has_problem("Letters from school only in Italian"))
        assert delta["workshop"]["stage"] == "problems"


def test_a_stage_change_is_pushed_to_phones_and_the_projector(room):
    phone, screen = room.phone(), room.screen()
    room.stage("problems")
    for client in (phone, screen):
        client.wait_for(lambda d: d["workshop"]["stage"] == "problems")


def test_deltas_carry_increasing_sequence_numbers_without_gaps(room):
    phone, screen = room.phone(), room.screen()
    room.stage("problems")
    for i in range(5):
        assert phone.call("post_problem", {"text": f"card {i}"})["ok"]
        room.phone()  # someone joins: the projector's count moves, nothing on a phone does
        time.sleep(0.25)  # longer than a broadcast tick, so each card is its own delta
    phone.wait_for(has_problem("card 4"))
    screen.wait_for(has_problem("card 4"))
    pseqs = [d["pseq"] for d in phone.deltas]
    assert pseqs == list(range(pseqs[0], pseqs[0] + len(pseqs)))
    seqs = [d["seq"] for d in screen.deltas]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))


def test_while_results_are_hidden_votes_move_the_projector_and_no_phone(room):
    voter, bystander, screen = room.phone(), room.phone(), room.screen()
    room.stage("prototypes")
    idea = voter.call("create_prototype", {"title": "Letters in Arabic", "what_changes": "All"})
    room.stage("vote")
    bystander.wait_for(lambda d: d["workshop"]["stage"] == "vote")
    before = len(bystander.deltas)
    last_pseq = bystander.deltas[-1]["pseq"]

    for _ in range(3):
        assert voter.call("vote", {"prototype_id": idea["prototype"]["id"], "delta": 1})["ok"]
    screen.wait_for(lambda d: d["workshop"]["dots_cast"] == 3)
    room.control.wait_for(lambda d: d.get("tallies", {}).get(str(idea["prototype"]["id"])))
    time.sleep(0.5)  # several ticks

    assert len(bystander.deltas) == before
    room.stage("results")  # the reveal: now the tallies are for everyone
    revealed = bystander.wait_for(lambda d: d["workshop"]["stage"] == "results")
    assert revealed["pseq"] == last_pseq + 1
    assert revealed["tallies"][str(idea["prototype"]["id"])]["total"] == 3


def test_a_reconnecting_phone_gets_a_snapshot_with_what_it_missed(room):
    phone = room.phone()
    room.stage("problems")
    before = phone.snapshot()["pseq"]
    phone.close()
    other = room.phone()
    assert other.call("post_problem", {"text": "posted while the first phone slept"})["ok"]
    other.wait_for(has_problem("posted while the first phone slept"))

    phone.deltas.clear()
    phone.connect()
    snap = phone.snapshot()

    assert snap["pseq"] > before
    assert "posted while the first phone slept" in [p["text"] for p in snap["problems"]]


def test_me_too_counts_once_per_person_and_can_be_undone(room):
    author, fan = room.phone(), room.phone()
    room.stage("problems")
    card = author.call("post_problem", {"text": "No evening meetings"})["problem"]

    assert fan.call("support", {"problem_id": card["id"], "supported": True})["supports"] == 1
    assert fan.call("support", {"problem_id": card["id"], "supported": True})["supports"] == 1
    room.control.wait_for(
        lambda d: any(p["id"] == card["id"] and p["supports"] == 1 for p in d.get("problems", []))
    )
    undone = fan.call("support", {"problem_id": card["id"], "supported": False})
    assert undone == {"ok": True, "problem_id": card["id"], "supported": False, "supports": 0}
    own = author.call("support", {"problem_id": card["id"], "supported": True})
    assert own["ok"] is False and own["error"] == "invalid"


def test_votes_are_coalesced_and_tallies_match_what_was_cast(room):
    phones = [room.phone(role="resident", table=0), room.phone(role="decision_maker", table=1)]
    room.stage("problems")
    room.stage("prototypes")
    first = phones[0].call("create_prototype", {"title": "Welcome desk", "what_changes": "A desk"})
    second = phones[1].call("create_prototype", {"title": "Evening office", "what_changes": "Late"})
    room.stage("vote")
    time.sleep(0.3)
    room.control.deltas.clear()

    for phone in phones:
        for target in (first, second, first):
            ack = phone.call("vote", {"prototype_id": target["prototype"]["id"], "delta": 1})
            assert ack["ok"], ack
    assert phones[0].call("vote", {"prototype_id": first["prototype"]["id"], "delta": 1}) == {
        "ok": False,
        "error": "budget",
        "field": "delta",
        "message": "You have used all your dots. Take one back to move it.",
    }

    final = room.control.wait_for(
        lambda d: d.get("tallies", {}).get(str(first["prototype"]["id"]), {}).get("total") == 4
    )
    assert final["tallies"][str(first["prototype"]["id"])] == {
        "total": 4,
        "resident": 2,
        "decision_maker": 2,
        "other": 0,
    }
    assert final["tallies"][str(second["prototype"]["id"])]["total"] == 2
    # Six votes, but far fewer broadcasts: changes are gathered per tick.
    assert len(room.control.deltas) < 6


def test_tallies_stay_off_phones_and_projector_until_revealed(room):
    phone, screen = room.phone(), room.screen()
    room.stage("problems")
    room.stage("prototypes")
    proto = phone.call("create_prototype", {"title": "Desk", "what_changes": "A desk"})["prototype"]
    room.stage("vote")
    assert phone.call("vote", {"prototype_id": proto["id"], "delta": 1})["ok"]

    room.control.wait_for(
        lambda d: d.get("tallies", {}).get(str(proto["id"]), {}).get("total") == 1
    )
    time.sleep(0.3)
    assert not any("tallies" in d for d in phone.deltas + screen.deltas)
    assert "tallies" not in phone.snapshot() and "tallies" not in screen.snapshot()
    assert "tallies" in room.control.snapshot()

    assert room.control.call("reveal", {"revealed": True}) == {"ok": True, "revealed": True}
    delta = screen.wait_for(lambda d: d["workshop"]["revealed"] and "tallies" in d)
    assert delta["tallies"][str(proto["id"])]["total"] == 1
    assert phone.snapshot()["tallies"][str(proto["id"])]["total"] == 1


def test_a_phone_only_gets_its_own_dots_and_remaining_budget_in_acks(room):
    phone = room.phone()
    room.stage("problems")
    room.stage("prototypes")
    proto = phone.call("create_prototype", {"title": "Desk", "what_changes": "A desk"})["prototype"]
    room.stage("vote")
    ack = phone.call("vote", {"prototype_id": proto["id"], "delta": 1})
    assert ack == {"ok": True, "votes": {str(proto["id"]): 1}, "remaining": 2}
    ack = phone.call("vote", {"prototype_id": proto["id"], "delta": -1})
    assert ack == {"ok": True, "votes": {}, "remaining": 3}
    assert phone.snapshot()["me"]["remaining"] == 3


@pytest.mark.parametrize(
    "event, payload, error",
    [
        ("post_problem", {"text": ""}, "invalid"),
        ("post_problem", {"text": "x" * 281}, "invalid"),
        ("post_problem", ["not", "an", "object"], "invalid"),
        ("post_problem", {"text": {"nested": "object"}}, "invalid"),
        ("support", {"problem_id": "abc", "supported": True}, "invalid"),
        ("support", {"problem_id": 999999, "supported": True}, "not_found"),
        ("vote", {"prototype_id": 1, "delta": 1}, "stage"),
        ("create_prototype", {"title": "Desk", "what_changes": "x"}, "stage"),
        ("set_stage", {"stage": "vote"}, "forbidden"),
        ("reveal", {"revealed": True}, "forbidden"),
    ],
)
def test_bad_input_gets_an_error_ack_and_changes_nothing(room, event, payload, error):
    phone = room.phone()
    room.stage("problems")
    assert phone.call("post_problem", {"text": "A card that must survive"})["ok"]
    before = phone.snapshot()

    ack = phone.call(event, payload)

    assert ack["ok"] is False and ack["error"] == error and ack["message"]
    after = phone.snapshot()
    assert after["workshop"] == before["workshop"]
    assert after["problems"] == before["problems"]
    assert "Traceback" not in room.server.log()


def test_a_phone_cannot_connect_to_a_workshop_it_did_not_join(room, server):
    other_code = create_workshop(server, room.control.http, title="Another workshop")
    phone = join_phone(server, room.code)
    intruder = Client(server, other_code, "phone", http=phone.http)
    with pytest.raises(ConnectionRefused, match="not_joined"):
        intruder.connect()


def test_a_phone_cannot_open_the_control_screen(room, server):
    phone = room.phone(connect=False)
    as_control = Client(server, room.code, "control", http=phone.http)
    with pytest.raises(ConnectionRefused, match="not_allowed"):
        as_control.connect()


def test_a_phone_without_javascript_takes_part_by_plain_form_posts(room):
    live_phone = room.phone()
    plain = room.phone(connect=False)
    room.stage("problems")

    response = plain.post_form(
        f"/w/{room.code}/post_problem",
        {"text": "Posted without JavaScript"},
        page=f"/w/{room.code}",
    )

    assert response.ok and "Posted without JavaScript" in response.text
    live_phone.wait_for(has_problem("Posted without JavaScript"))


def test_a_too_long_plain_post_keeps_the_typed_text_and_says_why(room):
    plain = room.phone(connect=False)
    room.stage("problems")
    text = "y" * 281
    response = plain.post_form(
        f"/w/{room.code}/post_problem", {"text": text}, page=f"/w/{room.code}"
    )
    assert response.status_code == 400
    assert "too long" in response.text and text in response.text


def test_an_unknown_join_code_says_so_on_the_phone(server):
    import requests

    response = requests.get(f"{server.url}/j/ZZZZZZ", timeout=5)
    assert response.status_code == 404
    assert "no workshop with this code" in response.text

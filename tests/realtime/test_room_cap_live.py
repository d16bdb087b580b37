"""The room cap on the real server: phones connected over Socket.IO fill the room, the next
person is asked to try again, and a phone that leaves frees its seat."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests
from support.server import LiveServer, csrf_token, join_phone, start_server

pytestmark = pytest.mark.server

FULL = "This room is full right now. Try again in a few minutes, or ask the facilitator."


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    """A server that lets two phones into a workshop."""
    live = start_server(tmp_path_factory.mktemp("capped"), TAVOLA_ROOM_CAP="2")
    yield live
    live.stop()


def try_to_join(server: LiveServer, code: str) -> requests.Response:
    browser = requests.Session()
    page = browser.get(f"{server.url}/j/{code}").text
    theme_id = page.split('name="theme_id"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    return browser.post(
        f"{server.url}/j/{code}",
        data={"csrf_token": csrf_token(page), "role": "resident", "theme_id": theme_id},
        timeout=5,
    )


def test_a_full_room_asks_the_next_person_to_try_again_until_a_phone_leaves(room):
    room.phone(connect=False)  # joined, but its page never connected: it holds no seat
    room.phone()
    second = room.phone()

    refused = try_to_join(room.server, room.code)

    assert refused.status_code == 503
    assert FULL in refused.text
    assert room.control.snapshot()["workshop"]["participants"] == 3  # nobody was added

    second.close()
    deadline = time.monotonic() + 5
    while (answer := try_to_join(room.server, room.code)).status_code == 503:
        assert time.monotonic() < deadline, "the seat was never freed"
        time.sleep(0.1)
    assert answer.url.endswith(f"/w/{room.code}")


def test_a_phone_already_in_reconnects_to_a_full_room(room):
    phones = [room.phone(), room.phone()]
    phones[0].close()
    late = join_phone(room.server, room.code)  # takes the freed seat
    late.connect()
    room.clients.append(late)

    phones[0].connect()  # back from sleep: still theirs, whatever the count

    assert phones[0].snapshot()["workshop"]["stage"] == "welcome"

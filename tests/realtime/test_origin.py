"""A page on another site cannot open a socket into a workshop with a participant's cookie
(cross-site WebSocket hijacking): the real server checks the Origin a browser sends.

Spoken at the Engine.IO level with websocket-client, which sends exactly one Origin header
(python-socketio's client would add its own next to a test's).
"""

from __future__ import annotations

import json

import pytest
import websocket
from support.server import cookie_header


def open_socket(room, phone, origin: str) -> websocket.WebSocket:
    """Open the phone's WebSocket as a page at ``origin`` would, and join the workshop."""
    url = room.server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(
        url, origin=origin, header=[f"Cookie: {cookie_header(phone.http)}"], timeout=5
    )
    assert ws.recv().startswith("0")  # Engine.IO open
    ws.send("40" + json.dumps({"code": room.code, "view": "phone"}))
    return ws


def test_a_socket_opened_from_another_site_is_refused(room):
    phone = room.phone(connect=False)

    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        open_socket(room, phone, "http://evil.example")

    assert refused.value.status_code == 400


def test_a_socket_opened_from_the_workshops_own_page_works(room):
    phone = room.phone(connect=False)

    ws = open_socket(room, phone, room.server.url)
    try:
        assert ws.recv().startswith("40")  # Socket.IO connected: the phone is in
    finally:
        ws.close()

"""A light asyncio load generator: many phones on one machine, each a real Socket.IO connection.

python-socketio's client costs 3-5x more CPU per message than the server it measures, so a
thousand of them on a 2-core machine would measure the load generator. This one speaks just
enough of the protocols (Engine.IO 4 over a WebSocket, Socket.IO 5 packets) to do what a phone
does: open the join page, join, open its stage page, connect with the workshop's code, ask for a
snapshot, follow deltas (noting any gap in their sequence numbers) and send intents with an ack.
It offers ``permessage-deflate`` like a browser, so the server compresses every delivery as it
would for real phones.

Only for ``bench/``: the tests use the real python-socketio client, which is slower and fussier.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
_THEME = re.compile(r'name="theme_id"[^>]*value="(\d+)"')
_SEQ = re.compile(r'"seq":\s*(\d+)')
#: A phone's own series: in the delta after what changed, so looked for in the whole text.
_PSEQ = re.compile(r'"pseq":\s*(\d+)')


class Refused(Exception):
    """The server said no (HTTP status, join form, or ``connect_error``); the text says why."""


def http_session() -> aiohttp.ClientSession:
    """One HTTP client for every phone: no cookie jar (each phone keeps its own cookie), no cap
    on connections (a thousand WebSockets stay open at once)."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, force_close=False),
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=60),
    )


@dataclass
class Socket:
    """One Socket.IO connection: sends events with acks, counts and hands on what arrives.

    ``on_event(name_and_json_text, arrived)`` sees every server event unparsed (parsing a
    thousand phones' deltas would cost the load generator more than the server); a phone only
    reads the sequence number of its deltas: ``pseq``, the phones' own series, as ``live.js``
    does (screens: ``seq``).
    """

    url: str
    code: str
    view: str
    cookie: str
    on_event: Callable[[str, float], None] | None = None
    ws: aiohttp.ClientWebSocketResponse | None = None
    #: Deltas received, and the gaps seen in their sequence numbers (a gap means a snapshot).
    deltas: int = 0
    gaps: int = 0
    seq: int = -1
    closed_by_server: bool = False
    _acks: dict[int, asyncio.Future] = field(default_factory=dict)
    _next_id: int = 0
    _reader: asyncio.Task | None = None
    #: Frames being written (kept so the event loop does not drop the tasks half-way).
    _writes: set[asyncio.Task] = field(default_factory=set)

    async def connect(self, http: aiohttp.ClientSession) -> dict[str, Any]:
        """Open the WebSocket, connect to the namespace with the workshop's code, and take the
        snapshot (returned)."""
        ws_url = self.url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await http.ws_connect(
            ws_url, headers={"Cookie": self.cookie}, autoping=True, compress=15, max_msg_size=0
        )
        opening = await self.ws.receive_str()  # 0{"sid":…,"pingInterval":…}
        if not opening.startswith("0"):
            raise Refused(f"unexpected Engine.IO opening {opening[:80]!r}")
        await self.ws.send_str("40" + json.dumps({"code": self.code, "view": self.view}))
        answer = await self.ws.receive_str()
        while answer.startswith("42"):  # a broadcast the connect itself set off came first
            answer = await self.ws.receive_str()
        if answer.startswith("44"):
            raise Refused(json.loads(answer[2:]).get("message", answer))
        if not answer.startswith("40"):
            raise Refused(f"unexpected Socket.IO answer {answer[:80]!r}")
        self._reader = asyncio.create_task(self._read())
        ack = await self.call("snapshot")
        if not ack.get("ok"):
            raise Refused(str(ack))
        self.seq = ack["snapshot"]["pseq" if self.view == "phone" else "seq"]
        return ack["snapshot"]

    async def call(self, event: str, payload: Any = None) -> dict[str, Any]:
        """Send an event and wait for its ack."""
        return await self.send(event, payload)

    def send(self, event: str, payload: Any = None) -> asyncio.Future:
        """Send an event now; the returned future resolves to its ack."""
        assert self.ws is not None
        ident = self._next_id
        self._next_id += 1
        future = asyncio.get_running_loop().create_future()
        self._acks[ident] = future
        packet = [event] if payload is None else [event, payload]
        write = asyncio.ensure_future(self.ws.send_str(f"42{ident}{json.dumps(packet)}"))
        self._writes.add(write)
        write.add_done_callback(self._writes.discard)
        return future

    async def _read(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data: str = message.data
            kind = data[:2]
            if data == "2":  # Engine.IO ping: answer, or the server drops us in 35 s
                await self.ws.send_str("3")
            elif kind == "42":
                arrived = time.monotonic()
                if data.startswith('42["delta"'):
                    self.deltas += 1
                    match = _PSEQ.search(data) if self.view == "phone" else _SEQ.search(data, 0, 40)
                    if match:
                        seq = int(match.group(1))
                        if seq > self.seq + 1 and self.seq >= 0:
                            self.gaps += 1
                        self.seq = max(self.seq, seq)
                if self.on_event is not None:
                    self.on_event(data[2:], arrived)
            elif kind == "43":
                end = 2
                while data[end].isdigit():
                    end += 1
                future = self._acks.pop(int(data[2:end]), None)
                if future is not None and not future.done():
                    future.set_result(json.loads(data[end:])[0])
            elif data.startswith("41"):
                break
        self.closed_by_server = True
        for future in self._acks.values():
            if not future.done():
                future.set_exception(ConnectionError("socket closed"))

    async def close(self) -> None:
        """Close the WebSocket (the server notes the disconnect)."""
        if self.ws is not None and not self.ws.closed:
            await self.ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)


def session_cookie(response: aiohttp.ClientResponse, current: str) -> str:
    """The Flask session cookie the response sets, or the one the phone already has."""
    morsel = response.cookies.get("session")
    return f"session={morsel.value}" if morsel is not None else current


async def join_phone(
    http: aiohttp.ClientSession,
    url: str,
    code: str,
    *,
    table: int,
    role: str = "resident",
    on_event: Callable[[str, float], None] | None = None,
) -> Socket:
    """What a phone does after scanning the QR code: the join page, the form, the stage page,
    then the live connection and its snapshot."""
    cookie = ""
    async with http.get(f"{url}/j/{code}") as response:
        page = await response.text()
        if response.status != 200:
            raise Refused(f"join page: HTTP {response.status}")
        cookie = session_cookie(response, cookie)
    token = _CSRF.search(page)
    tables = _THEME.findall(page)
    if token is None or not tables:
        raise Refused("join page without a form")
    form = {"csrf_token": token.group(1), "role": role, "theme_id": tables[table % len(tables)]}
    async with http.post(
        f"{url}/j/{code}", data=form, headers={"Cookie": cookie}, allow_redirects=False
    ) as response:
        body = await response.text()
        if response.status != 302:
            raise Refused(join_refusal(body) or f"join: HTTP {response.status}")
        cookie = session_cookie(response, cookie)
    async with http.get(f"{url}/w/{code}", headers={"Cookie": cookie}) as response:
        await response.read()
        if response.status != 200:
            raise Refused(f"stage page: HTTP {response.status}")
    socket = Socket(url, code, "phone", cookie, on_event)
    await socket.connect(http)
    return socket


def join_refusal(page: str) -> str | None:
    """The error the join form shows, if any (e.g. "This room is full …")."""
    match = re.search(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', page)
    return match.group(1).strip() if match else None

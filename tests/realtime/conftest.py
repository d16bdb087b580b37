"""Real-server fixtures: one ``run.py`` server per test module, a fresh workshop per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.server import (
    Client,
    LiveServer,
    create_workshop,
    join_phone,
    log_in_trainer,
    start_server,
    trainer_client,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    """The real server (gunicorn + gevent) on 127.0.0.1 with its own SQLite database."""
    live = start_server(tmp_path_factory.mktemp("server"))
    yield live
    live.stop()


@pytest.fixture
def room(server: LiveServer) -> Iterator[Room]:
    """A new workshop with its control screen connected; phones are added with ``room.phone``."""
    http = log_in_trainer(server)
    code = create_workshop(server, http)
    r = Room(server, code, trainer_client(server, code, http).connect())
    yield r
    for client in [r.control, *r.clients]:
        client.close()


class Room:
    """A workshop under test: its code, its control screen and the phones that joined."""

    def __init__(self, server: LiveServer, code: str, control: Client) -> None:
        self.server = server
        self.code = code
        self.control = control
        self.clients: list[Client] = []

    def phone(self, role: str = "resident", table: int = 0, connect: bool = True) -> Client:
        """Join a phone (and connect its socket unless told not to)."""
        client = join_phone(self.server, self.code, role, table)
        self.clients.append(client)
        return client.connect() if connect else client

    def screen(self) -> Client:
        """Connect a projector view of the same facilitator."""
        client = trainer_client(self.server, self.code, self.control.http, view="screen").connect()
        self.clients.append(client)
        return client

    def stage(self, stage: str) -> None:
        """Move the room to ``stage`` from the control screen."""
        ack = self.control.call("set_stage", {"stage": stage})
        assert ack["ok"], ack

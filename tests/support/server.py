"""The real server for socket and browser tests: ``run.py`` (gunicorn + gevent) on 127.0.0.1.

Flask-SocketIO's test client hides races and reconnects, so these tests start the same process
``make run`` starts, on a free port and a throw-away database, and talk to it over TCP.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import socketio

ROOT = Path(__file__).resolve().parents[2]
FACILITATOR = ("trainer", "correct horse battery")
_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    """A running Tavola server and how to reach it."""

    url: str
    database_url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        """Everything the server printed so far."""
        return self.log_path.read_text(errors="replace")

    def log_mark(self) -> int:
        """Where the server's log ends now (for :meth:`log_since`)."""
        return self.log_path.stat().st_size

    def log_since(self, mark: int) -> str:
        """What the server printed after ``mark``, without reading the whole (long) log."""
        with self.log_path.open("rb") as log:
            log.seek(mark)
            return log.read().decode(errors="replace")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it hangs)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    workdir: Path,
    database_url: str | None = None,
    command: Callable[[int], list[str]] | None = None,
    create_facilitator: bool = True,
    port: int | None = None,
    **env: str,
) -> LiveServer:
    """Create the facilitator account, start ``run.py`` and wait until it answers.

    ``command(port)`` starts something else instead (a benchmark's variant of the server);
    ``create_facilitator=False`` for a second process on a database that has the account;
    ``port`` to listen where a stopped server listened (see :func:`restart_server`).
    """
    port = port or free_port()
    database_url = database_url or f"sqlite:///{workdir / 'tavola.db'}"
    environment = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "live-test-secret",
        "PUBLIC_URL": "",
        **env,
    }
    environment.pop("REDIS_URL", None) if "REDIS_URL" not in env else None
    flask = [sys.executable, "-m", "flask", "--app", "workshop"]
    setup = (
        ["create-facilitator", FACILITATOR[0], "--password", FACILITATOR[1]]
        if create_facilitator
        else ["init-db"]
    )
    subprocess.run([*flask, *setup], cwd=ROOT, env=environment, check=True, capture_output=True)
    log_path = workdir / f"server-{port}.log"
    process = subprocess.Popen(
        command(port) if command else [sys.executable, "run.py"],
        cwd=ROOT,
        env=environment,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    server = LiveServer(f"http://127.0.0.1:{port}", database_url, process, log_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited:\n" + server.log())
        try:
            if requests.get(server.url + "/join", timeout=3).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("server did not answer in 30 s:\n" + server.log())


def restart_server(server: LiveServer, workdir: Path, **env: str) -> LiveServer:
    """Stop ``server`` and start it again on the same port and database, as after a crash or
    a laptop's reboot: open pages reconnect to the same address by themselves."""
    server.stop()
    port = int(server.url.rsplit(":", 1)[1])
    return start_server(
        workdir, database_url=server.database_url, create_facilitator=False, port=port, **env
    )


def start_variant(workdir: Path, wsgi: str, **env: str) -> LiveServer:
    """A benchmark's variant of the server: gunicorn as ``run.py`` starts it (one gevent
    worker), serving ``wsgi`` (``module:app``, a shim in ``bench/`` around the same code)."""

    def gunicorn(port: int) -> list[str]:
        return [
            *(sys.executable, "-m", "gunicorn", "--worker-class", "gevent", "--workers", "1"),
            *("--worker-connections", env.get("WORKER_CONNECTIONS", "4000")),
            *("--bind", f"127.0.0.1:{port}", "--no-control-socket"),
            *("--log-level", env.get("LOG_LEVEL", "warning"), wsgi),
        ]

    bench = ROOT / "bench"
    return start_server(
        workdir, command=gunicorn, PYTHONPATH=os.pathsep.join([str(ROOT), str(bench)]), **env
    )


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def cookie_header(http: requests.Session) -> str:
    """The session's cookies as a Cookie header, to open a socket as the same browser."""
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


class ConnectionRefused(Exception):
    """The server refused the Socket.IO connection; the message is its reason."""


@dataclass
class Client:
    """One screen: an HTTP session (cookies) plus, once connected, a Socket.IO connection."""

    server: LiveServer
    code: str
    view: str
    http: requests.Session = field(default_factory=requests.Session)
    deltas: list[dict[str, Any]] = field(default_factory=list)
    #: The ``presence`` events received (projector and control screen only).
    presences: list[dict[str, Any]] = field(default_factory=list)
    sio: socketio.Client | None = None

    def connect(self) -> Client:
        """Open the socket as this browser and start collecting deltas."""
        sio = socketio.Client(reconnection=False)
        sio.on("delta", self.deltas.append)
        sio.on("presence", self.presences.append)
        refusals: list[Any] = []
        sio.on("connect_error", refusals.append)
        try:
            sio.connect(
                self.server.url,
                headers={"Cookie": cookie_header(self.http)},
                auth={"code": self.code, "view": self.view},
                transports=["websocket"],
                wait_timeout=5,
            )
        except socketio.exceptions.ConnectionError as err:
            raise ConnectionRefused(str(refusals[0]) if refusals else str(err)) from err
        self.sio = sio
        return self

    def call(self, event: str, payload: Any = None) -> dict[str, Any]:
        """Send an event and return its acknowledgement."""
        assert self.sio is not None, "connect() first"
        return self.sio.call(event, payload, timeout=5)

    def snapshot(self) -> dict[str, Any]:
        """The workshop as the server sends it to this screen now."""
        ack = self.call("snapshot")
        assert ack["ok"], ack
        return ack["snapshot"]

    def wait_for(self, predicate, timeout: float = 3.0) -> dict[str, Any]:
        """The first delta received (so far or within ``timeout``) that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for delta in self.deltas[seen:]:
                if predicate(delta):
                    return delta
            seen = len(self.deltas)
            if time.monotonic() > deadline:
                raise AssertionError(f"no matching delta in {timeout} s; got {self.deltas!r}")
            time.sleep(0.02)

    def post_form(
        self, path: str, data: dict[str, Any], page: str | None = None
    ) -> requests.Response:
        """Submit a plain HTML form as a browser without JavaScript would (with its CSRF token)."""
        html = self.http.get(self.server.url + (page or path)).text
        return self.http.post(
            self.server.url + path, data={"csrf_token": csrf_token(html), **data}, timeout=5
        )

    def close(self) -> None:
        """Close the socket."""
        if self.sio is not None:
            self.sio.disconnect()


def log_in_trainer(server: LiveServer) -> requests.Session:
    """A logged-in facilitator HTTP session."""
    http = requests.Session()
    html = http.get(server.url + "/login").text
    response = http.post(
        server.url + "/login",
        data={
            "csrf_token": csrf_token(html),
            "username": FACILITATOR[0],
            "password": FACILITATOR[1],
        },
        timeout=5,
    )
    assert response.ok and "/f/" in response.url, response.text[:500]
    return http


def create_workshop(
    server: LiveServer, http: requests.Session, title: str = "Test workshop", dot_budget: int = 3
) -> str:
    """Create a workshop with the default tables through the form; returns its join code."""
    page = http.get(server.url + "/f/new").text
    names = [
        (name, value)
        for name, value in re.findall(r'name="(themes-\d-name)"[^>]*value="([^"]*)"', page)
        if value  # the rows left empty for more tables
    ]
    data: dict[str, Any] = {
        "csrf_token": csrf_token(page),
        "title": title,
        "place": "Prato",
        "dot_budget": str(dot_budget),
    }
    icons = ["school", "participation", "services"]
    colours = ["#1f5f99", "#a33b20", "#2c6e3f"]
    for i, (name, value) in enumerate(names):
        data[name] = value
        data[f"themes-{i}-icon"] = icons[i]
        data[f"themes-{i}-colour"] = colours[i]
    response = http.post(server.url + "/f/new", data=data, timeout=5)
    match = re.search(r"/f/([A-Z0-9]+)/control", response.url)
    assert match, response.text[:1000]
    return match.group(1)


def trainer_client(
    server: LiveServer, code: str, http: requests.Session, view: str = "control"
) -> Client:
    """A control-screen (or projector) client of the logged-in facilitator."""
    return Client(server, code, view, http=http)


def join_phone(server: LiveServer, code: str, role: str = "resident", table: int = 0) -> Client:
    """A phone that scanned the QR code and joined with ``role`` at the ``table``-th table."""
    phone = Client(server, code, "phone")
    page = phone.http.get(f"{server.url}/j/{code}").text
    theme_ids = re.findall(r'name="theme_id"[^>]*value="(\d+)"', page)
    assert theme_ids, page[:2000]
    response = phone.http.post(
        f"{server.url}/j/{code}",
        data={
            "csrf_token": csrf_token(page),
            "role": role,
            "theme_id": theme_ids[table],
        },
        timeout=5,
    )
    assert response.url.endswith(f"/w/{code}"), response.text[:1000]
    return phone


def invite_member(
    server: LiveServer, code: str, trainer_http: requests.Session, role: str, table: int = 0
) -> Client:
    """The trainer creates an invite link on the Team page; a new browser opens it.

    Returns that browser as a control-screen client (not yet connected); ``client.member_id``
    is the member's id on the Team page.
    """
    page = trainer_http.get(f"{server.url}/f/{code}/team").text
    theme_ids = re.findall(r'<option value="(\d+)"', page)
    data = {"csrf_token": csrf_token(page), "role": role}
    if role == "table_facilitator":
        data["theme_id"] = theme_ids[table]
    trainer_http.post(f"{server.url}/f/{code}/team/invite", data=data, timeout=5)
    page = trainer_http.get(f"{server.url}/f/{code}/team").text
    rows = re.findall(r'data-member="(\d+)".*?value="([^"]+/t/[^"]+)"', page, re.S)
    member_id, link = rows[-1]
    member = Client(server, code, "control")
    response = member.http.get(link, timeout=5)
    assert response.url.endswith(f"/f/{code}/control"), response.text[:1000]
    member.member_id = int(member_id)  # type: ignore[attr-defined]
    return member


def create_facilitator_account(server: LiveServer, username: str, password: str) -> None:
    """Add another facilitator account to a running server's database (the CLI command), for
    tests about what one trainer may do to another trainer's workshop."""
    environment = {**os.environ, "DATABASE_URL": server.database_url, "SECRET_KEY": "x"}
    flask = [sys.executable, "-m", "flask", "--app", "workshop"]
    subprocess.run(
        [*flask, "create-facilitator", username, "--password", password],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )


def log_in_facilitator(server: LiveServer, username: str, password: str) -> requests.Session:
    """A logged-in HTTP session of any facilitator account (``log_in_trainer`` is the first)."""
    http = requests.Session()
    html = http.get(server.url + "/login").text
    response = http.post(
        server.url + "/login",
        data={"csrf_token": csrf_token(html), "username": username, "password": password},
        timeout=5,
    )
    assert response.ok and "/f/" in response.url, response.text[:500]
    return http


#: Columns the server changes on its own (the broadcaster's sequence numbers) and tables that
#: follow connections, not intents: left out when asking whether an intent changed anything.
VOLATILE_COLUMNS = {("workshops", "seq"), ("workshops", "phone_seq")}
VOLATILE_TABLES = {"presence", "alembic_version"}


def database_state(database_url: str) -> dict[str, list[tuple]]:
    """Every row of every table (sorted, without the volatile columns), read straight from the
    server's database: two reads around a refused intent must be equal."""
    from sqlalchemy import create_engine, inspect, text

    engine = _engines.get(database_url)
    if engine is None:
        engine = _engines[database_url] = create_engine(database_url)
    state: dict[str, list[tuple]] = {}
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            if table in VOLATILE_TABLES:
                continue
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).mappings().all()
            state[table] = sorted(
                tuple(
                    (key, repr(value))
                    for key, value in row.items()
                    if (table, key) not in VOLATILE_COLUMNS
                )
                for row in rows
            )
    return state


#: One engine per database, kept for the test run (a refused intent is checked many times).
_engines: dict[str, Any] = {}

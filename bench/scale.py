"""A town-hall room on one small server: a benchmark, not a test.

    .venv/bin/python bench/scale.py        (or: make bench-scale)

Starts the real server (``run.py``: gunicorn + gevent, one process, a throw-away SQLite
database) and drives it from this process with ``bench/loadgen.py``, a light asyncio client
(each phone a real WebSocket, joining through the real join form). It prints one table:

1. **Join storm**: ``--join-first`` phones (300) join within ``--join-window`` seconds (10), then
   the rest up to ``--phones`` (1,000) at the same pace. A join runs from opening the join page
   to the live snapshot: join page, form, stage page, WebSocket, Socket.IO connect, snapshot.
2. **Connected**: the server's memory (RSS of the gunicorn worker) with every phone connected.
3. **Votes**: the session is in the Vote stage with ``--prototypes``
   prototypes; phones take turns putting dots, ``--rate`` votes a second for ``--seconds``. A
   vote's latency runs from the phone's emit to the first projector delta whose tally of that
   prototype counts as many dots as the phones had sent to it by then (so a vote overtaken by a
   slower one waits for it: the measure errs on the slow side). Run twice: with results hidden
   (the usual vote: the projector counts the dots placed, phones are sent nothing) for
   ``--seconds``, then revealed (every tick's tallies to every phone) for
   ``--revealed-seconds``. Then every phone's acks are
   checked against the database (lost: acked but not stored; duplicated: stored more often
   than sent) and the projector's last tallies against the database. The server's CPU (worker
   process) and peak RSS over the window.
4. **Load at the same p99** (``--naive``, on by default): with results revealed (every vote
   reaches every phone), the vote rate is stepped up until the p99 passes ``--target-p99``,
   once for the naive design (the same code with one broadcast per vote instead of one per
   tick: ``bench/naive_wsgi.py``, a shim; ``--naive-rates``) and once for Tavola on a fresh
   room of the same server (``--capacity-rates``). The highest rates within the target are
   compared; a design that held at every rate tried only gives a bound, and the table says so.
5. **Two processes** (``--two-processes``, on when PostgreSQL and Redis answer): the vote
   scenario again against two server processes sharing PostgreSQL and Redis, phones joined and
   connected half to each, the projector on the first: votes cast on the second reach it
   through Redis.

Needs the test extra (``make bench-scale`` installs it). Takes about eight minutes with the
defaults; ``--phones 200 --seconds 15`` for a quick look.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from loadgen import Refused, Socket, http_session, join_phone  # noqa: E402
from support.server import (  # noqa: E402
    LiveServer,
    cookie_header,
    create_workshop,
    log_in_trainer,
    start_server,
    start_variant,
    trainer_client,
)

#: Every phone gets this many dots: all votes of a run are "put a dot" (tallies only grow).
BUDGET = 20


# -- Measuring the server process ---------------------------------------------------------------


def worker_pid(server: LiveServer) -> int:
    """The gunicorn worker serving the phones (the child of the master ``run.py`` became)."""
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pids = [int(p) for p in children.read_text().split()]
        for pid in pids:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"workshop.reports.worker" not in cmdline:
                return pid
        time.sleep(0.1)
    raise RuntimeError("no gunicorn worker found")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory(pid: int) -> tuple[float, float]:
    """(RSS now, peak RSS) of the process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# -- The room -----------------------------------------------------------------------------------


@dataclass
class Projector:
    """What the projector was sent, with when it arrived: the tallies (once revealed) and the
    "dots placed" count (always)."""

    tallies: list[tuple[float, dict[str, int]]] = field(default_factory=list)
    placed: list[tuple[float, dict[str, int]]] = field(default_factory=list)

    def on_event(self, text: str, arrived: float) -> None:
        if not text.startswith('["delta"'):
            return
        delta = json.loads(text)[1]
        self.placed.append((arrived, {ALL: delta["workshop"]["dots_cast"]}))
        if "tallies" in delta:
            totals = {key: entry["total"] for key, entry in delta["tallies"].items()}
            self.tallies.append((arrived, totals))

    def clear(self) -> None:
        self.tallies.clear()
        self.placed.clear()


#: The key under which ``Projector.placed`` keeps the dots placed in the whole room.
ALL = "all"


@dataclass
class Room:
    """One workshop in the Vote stage, its phones and its projector."""

    servers: list[LiveServer]
    code: str
    prototype_ids: list[int]
    phones: list[Socket] = field(default_factory=list)
    projector: Projector = field(default_factory=Projector)
    screen: Socket | None = None
    revealed: bool = False
    joins: list[tuple[float, float]] = field(default_factory=list)  # (started, took)
    refused_joins: list[str] = field(default_factory=list)


def prepare_room(server: LiveServer, prototypes: int) -> tuple[str, list[int], Any]:
    """The trainer creates the session (``BUDGET`` dots), a helper phone puts up the prototypes
    in the Prototypes stage, then the trainer opens the vote and reveals the results (phones may
    join at any stage but Closed). Returns the code, the prototypes and the trainer's HTTP
    session and control screen."""
    from support.server import join_phone as join_test_phone

    trainer = log_in_trainer(server)
    code = create_workshop(server, trainer, "Town hall on school and services", BUDGET)
    control = trainer_client(server, code, trainer).connect()
    assert control.call("set_stage", {"stage": "prototypes"})["ok"]
    author = join_test_phone(server, code).connect()
    ids = []
    for n in range(prototypes):
        ack = author.call(
            "create_prototype",
            {"title": f"Idea {n + 1}", "what_changes": "Letters in every family's language."},
        )
        assert ack["ok"], ack
        ids.append(ack["prototype"]["id"])
    author.close()
    assert control.call("set_stage", {"stage": "vote"})["ok"]
    return code, ids, (trainer, control)


async def reveal(room: Room, control: Any) -> None:
    """The trainer reveals the tallies: from now on every vote tick reaches every phone."""
    assert control.call("reveal", {"revealed": True})["ok"]
    room.revealed = True
    await asyncio.sleep(1.0)


async def join_storm(
    http: aiohttp.ClientSession, room: Room, first: int, count: int, window: float
) -> list[float]:
    """Phones ``first`` … ``first + count - 1`` join, spread evenly over ``window`` seconds; each
    goes to ``servers[i % len(servers)]``. Returns the join times of those that got in."""
    start = time.monotonic()
    took: list[float] = []

    async def one(i: int) -> None:
        await asyncio.sleep(max(0.0, start + (i - first) * window / count - time.monotonic()))
        began = time.monotonic()
        server = room.servers[i % len(room.servers)]
        try:
            socket = await join_phone(http, server.url, room.code, table=i % 3)
        except (TimeoutError, Refused, aiohttp.ClientError) as err:
            room.refused_joins.append(f"{type(err).__name__}: {err}")
            return
        took.append(time.monotonic() - began)
        room.phones.append(socket)

    await asyncio.gather(*(one(i) for i in range(first, first + count)))
    return took


@dataclass
class Sent:
    """One dot put on a prototype by a phone."""

    prototype_id: int
    emitted: float
    ok: bool | None = None
    error: str | None = None


@dataclass
class VoteRun:
    """The outcome of one window of votes."""

    label: str
    rate: float
    seconds: float
    sent: list[Sent]
    latencies: list[float]
    unshown: int
    lost: int
    duplicated: int
    projector_agrees: bool
    cpu: float  # cores used by the server's process(es) over the window
    load_cpu: float  # cores used by this load generator over the window
    peak_rss: float  # MB, the largest of the server processes (RSS figures are per process)
    gaps: int  # sequence gaps the phones saw (each would cost them a snapshot)
    deltas: int  # deltas the phones received in the window

    @property
    def refused(self) -> int:
        return sum(1 for s in self.sent if s.ok is False)

    @property
    def unanswered(self) -> int:
        return sum(1 for s in self.sent if s.ok is None)

    def p(self, q: float) -> float:
        return percentile(self.latencies, q)


def database_tallies(database_url: str, code: str) -> dict[int, int]:
    """Dots per prototype as the database has them."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT v.prototype_id, SUM(v.dots) FROM votes v "
                    "JOIN workshops w ON w.id = v.workshop_id WHERE w.code = :code "
                    "GROUP BY v.prototype_id"
                ),
                {"code": code},
            ).all()
    finally:
        engine.dispose()
    return {int(pid): int(dots) for pid, dots in rows}


async def vote_window(room: Room, label: str, rate: float, seconds: float) -> VoteRun:
    """Phones take turns, ``rate`` votes a second for ``seconds``, each a dot on a prototype;
    then the latencies and the audit against the database."""
    database = room.servers[0].database_url
    before = database_tallies(database, room.code)
    pids = [worker_pid(s) for s in room.servers]
    cpu_before = [cpu_seconds(pid) for pid in pids]
    load_before = time.process_time()
    deltas_before = sum(p.deltas for p in room.phones)
    gaps_before = sum(p.gaps for p in room.phones)
    revealed = room.revealed
    room.projector.clear()
    sent: list[Sent] = []
    pending: list[asyncio.Future] = []
    total = int(rate * seconds)
    phones, prototypes = room.phones, room.prototype_ids
    start = time.monotonic()
    for n in range(total):
        delay = start + n / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        phone = phones[n % len(phones)]
        vote = Sent(prototypes[(n // len(phones) + n) % len(prototypes)], time.monotonic())
        sent.append(vote)

        def answered(future: asyncio.Future, vote: Sent = vote) -> None:
            if future.exception() is not None:
                vote.ok, vote.error = False, "closed"
                return
            ack = future.result()
            vote.ok = bool(ack.get("ok"))
            vote.error = None if vote.ok else ack.get("error")

        # With an idempotency key, as live.js sends every intent (the server stores the ack).
        payload = {
            "prototype_id": vote.prototype_id,
            "delta": 1,
            "idempotency_key": uuid.uuid4().hex,
        }
        future = phone.send("vote", payload)
        future.add_done_callback(answered)
        pending.append(future)
    elapsed = time.monotonic() - start
    # Every ack, then the ticks that show the last votes (a stalled server takes a while).
    await asyncio.wait(pending, timeout=60)
    await asyncio.sleep(1.5)
    cpu = sum(cpu_seconds(pid) - was for pid, was in zip(pids, cpu_before, strict=True))
    cpu_window = time.monotonic() - start
    load_cpu = (time.process_time() - load_before) / cpu_window
    peak = max(memory(pid)[1] for pid in pids)
    after = database_tallies(database, room.code)

    if revealed:  # each prototype's tally on the projector
        latencies, unshown = match(sent, before, room.projector.tallies)
    else:  # results hidden: the projector's "dots placed" (phones are sent nothing)
        everything = [Sent(0, s.emitted, s.ok) for s in sent]
        latencies, unshown = match(everything, {0: sum(before.values())}, room.projector.placed)
    lost = duplicated = 0
    for pid in prototypes:
        acked = sum(1 for s in sent if s.prototype_id == pid and s.ok)
        stored = after.get(pid, 0) - before.get(pid, 0)
        lost += max(0, acked - stored)
        duplicated += max(0, stored - acked)
    if revealed:
        last = room.projector.tallies[-1][1] if room.projector.tallies else {}
        agrees = all(last.get(str(pid), 0) == after.get(pid, 0) for pid in prototypes)
    else:
        last = room.projector.placed[-1][1] if room.projector.placed else {}
        agrees = last.get(ALL) == sum(after.values())
    return VoteRun(
        label,
        total / elapsed,
        seconds,
        sent,
        latencies,
        unshown,
        lost,
        duplicated,
        agrees,
        cpu / cpu_window,
        load_cpu,
        peak,
        sum(p.gaps for p in room.phones) - gaps_before,
        sum(p.deltas for p in room.phones) - deltas_before,
    )


def match(
    sent: list[Sent], before: dict[int, int], shown: list[tuple[float, dict[str, int]]]
) -> tuple[list[float], int]:
    """Each accepted vote, k-th on its prototype, is shown by the first projector tally at or
    after its emit that counts ``before + k`` dots there (prototype 0: the room's dots placed).
    Returns latencies and votes never shown."""
    latencies: list[float] = []
    unshown = 0
    count: dict[int, int] = defaultdict(int)
    cursor: dict[int, int] = defaultdict(int)  # tallies before this index are too early
    for vote in sent:
        if not vote.ok:
            continue
        count[vote.prototype_id] += 1
        needed = before.get(vote.prototype_id, 0) + count[vote.prototype_id]
        key = str(vote.prototype_id) if vote.prototype_id else ALL
        i = cursor[vote.prototype_id]
        while i < len(shown) and (shown[i][0] < vote.emitted or shown[i][1].get(key, 0) < needed):
            i += 1
        cursor[vote.prototype_id] = i
        if i == len(shown):
            unshown += 1
        else:
            latencies.append(shown[i][0] - vote.emitted)
    return latencies, unshown


# -- Runs ---------------------------------------------------------------------------------------


@dataclass
class Scenario:
    """Everything measured against one deployment."""

    label: str
    joins_first: list[float] = field(default_factory=list)
    joins_rest: list[float] = field(default_factory=list)
    join_window_first: float = 0.0
    join_window_rest: float = 0.0
    connected: int = 0
    refused_joins: list[str] = field(default_factory=list)
    rss_connected: float = 0.0
    runs: list[VoteRun] = field(default_factory=list)


async def open_room(
    servers: list[LiveServer], args: argparse.Namespace, scenario: Scenario, storm: bool
) -> tuple[Room, aiohttp.ClientSession, Any]:
    """Create the session, join every phone (timed when ``storm``) and connect the projector."""
    code, ids, (trainer, control) = prepare_room(servers[0], args.prototypes)
    room = Room(servers, code, ids)
    http = http_session()
    first = min(args.join_first, args.phones)
    window = args.join_window
    began = time.monotonic()
    scenario.joins_first = await join_storm(http, room, 0, first, window)
    scenario.join_window_first = time.monotonic() - began
    rest = args.phones - first
    if rest > 0:
        began = time.monotonic()
        scenario.joins_rest = await join_storm(http, room, first, rest, window * rest / first)
        scenario.join_window_rest = time.monotonic() - began
    scenario.connected = len(room.phones)
    scenario.refused_joins = room.refused_joins
    screen = Socket(servers[0].url, code, "screen", cookie_header(trainer), room.projector.on_event)
    await screen.connect(http)
    room.screen = screen
    await asyncio.sleep(2.0)  # presence settles; the join burst's last ticks go out
    scenario.rss_connected = max(memory(worker_pid(s))[0] for s in servers)
    return room, http, control


async def close_room(room: Room, http: aiohttp.ClientSession, control: Any) -> None:
    sockets = [*room.phones, *([room.screen] if room.screen else [])]
    for n in range(0, len(sockets), 100):
        await asyncio.gather(*(s.close() for s in sockets[n : n + 100]))
    await http.close()
    control.close()


async def coalesced_scenario(
    servers: list[LiveServer], args: argparse.Namespace, label: str
) -> Scenario:
    scenario = Scenario(label)
    room, http, control = await open_room(servers, args, scenario, storm=True)
    try:
        await vote_window(room, "warm-up", min(args.rate, 50), 3)
        scenario.runs.append(await vote_window(room, "results hidden", args.rate, args.seconds))
        if args.revealed_seconds > 0:
            await reveal(room, control)
            scenario.runs.append(
                await vote_window(room, "results revealed", args.rate, args.revealed_seconds)
            )
    finally:
        await close_room(room, http, control)
    return scenario


async def stepped_scenario(
    server: LiveServer, args: argparse.Namespace, label: str, rates: list[float], seconds: float
) -> Scenario:
    """A fresh room with results revealed; step the vote rate up until the p99 passes the
    target (or a vote goes unshown or unanswered)."""
    scenario = Scenario(label)
    room, http, control = await open_room([server], args, scenario, storm=True)
    try:
        await reveal(room, control)  # every vote's tallies go to every phone, in both designs
        await vote_window(room, "warm-up", 2, 3)
        for rate in rates:
            run = await vote_window(room, f"{rate:g} votes/s", rate, seconds)
            scenario.runs.append(run)
            print(f"  {label}, {rate:g} votes/s: p99 {run.p(99) * 1000:.0f} ms", file=sys.stderr)
            if run.p(99) > args.target_p99 or run.unshown or run.unanswered:
                break
            await asyncio.sleep(2)
    finally:
        await close_room(room, http, control)
    return scenario


def capacity(scenario: Scenario, target: float) -> tuple[float, bool]:
    """The highest rate a stepped scenario held within ``target``, and whether a higher one
    was tried and failed (else the rate is only a lower bound)."""
    held = [r.rate for r in scenario.runs if r.p(99) <= target and not r.unshown]
    failed = any(r.p(99) > target or r.unshown for r in scenario.runs)
    return (max(held) if held else 0.0), failed


# -- Servers ------------------------------------------------------------------------------------


QUIET = {"LOG_LEVEL": "warning", "WORKER_CONNECTIONS": "4000"}
NAIVE = "naive: one broadcast per vote"
STEPPED = "one process, stepped up"


def start_naive(workdir: Path) -> LiveServer:
    """The same server, but a broadcast for every committed vote (``bench/naive_wsgi.py``)."""
    return start_variant(workdir, "naive_wsgi:app", **QUIET)


def services_unreachable() -> str | None:
    """Why the two-process run cannot happen here (None when PostgreSQL and Redis answer)."""
    from scale.conftest import REDIS_URL, redis_unreachable
    from support.postgres import postgres_unreachable

    return postgres_unreachable() or redis_unreachable() or (None if REDIS_URL else "no Redis")


# -- The table ----------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def print_table(scenarios: list[Scenario], args: argparse.Namespace, took: float) -> None:
    print(
        f"{platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}) · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    print(
        f"{args.phones} phones, {args.prototypes} prototypes; load generator "
        "in this process (asyncio, one WebSocket per phone, permessage-deflate)"
    )
    print()
    print("Joins (join page -> form -> stage page -> WebSocket -> snapshot)")
    print()
    print("| Deployment | Phones | Within | In | p50 | p95 | p99 | Refused |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for s in scenarios:
        for name, took_list, window in (
            ("first", s.joins_first, s.join_window_first),
            ("rest", s.joins_rest, s.join_window_rest),
        ):
            if not took_list and name == "rest":
                continue
            planned = min(args.join_first, args.phones) if name == "first" else None
            count = planned if planned is not None else args.phones - args.join_first
            refused = len(s.refused_joins) if name == "first" else ""
            print(
                f"| {s.label} ({name}) | {count} | {window:.1f} s | {len(took_list)} "
                f"| {ms(percentile(took_list, 50))} | {ms(percentile(took_list, 95))} "
                f"| {ms(percentile(took_list, 99))} | {refused} |"
            )
    print()
    print("Votes (emit -> projector delta showing it; audit against the database)")
    print()
    print(
        "| Deployment | Run | Votes/s | Accepted | p50 | p95 | p99 | worst | Lost | Dup "
        "| Projector = DB | Phone deltas | Gaps | Server CPU | Load gen. CPU | RSS connected "
        "| Peak RSS |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for s in scenarios:
        for r in s.runs:
            accepted = sum(1 for v in r.sent if v.ok)
            extra = ""
            if accepted < len(r.sent):
                extra = f" ({r.refused} refused, {r.unanswered} unacked)"
            worst = max(r.latencies) if r.latencies else float("nan")
            unshown = f" ({r.unshown} never shown)" if r.unshown else ""
            print(
                f"| {s.label} | {r.label} | {r.rate:.0f} | {accepted}/{len(r.sent)}{extra} "
                f"| {ms(r.p(50))} | {ms(r.p(95))} | {ms(r.p(99))}{unshown} | {ms(worst)} "
                f"| {r.lost} | {r.duplicated} | {'yes' if r.projector_agrees else 'NO'} "
                f"| {r.deltas:,} | {r.gaps} | {r.cpu:.2f} cores | {r.load_cpu:.2f} cores "
                f"| {s.rss_connected:.0f} MB "
                f"| {r.peak_rss:.0f} MB |"
            )
    print()
    target = args.target_p99
    main = scenarios[0]
    hidden = main.runs[0]
    shown = next((r for r in main.runs if r.label == "results revealed"), None)
    print("Targets")
    print()
    joins, storm = main.joins_first, min(args.join_first, args.phones)
    joined = len(joins) == storm and percentile(joins, 99) <= 1.0
    print(
        f"- {storm} phones join within {args.join_window:g} s: {len(joins)} in, p99 "
        f"{ms(percentile(joins, 99))} (target all in, p99 <= 1 s: {verdict(joined)})"
    )
    for run in (hidden, shown):
        if run is None:
            continue
        intact = not (run.lost or run.duplicated or run.unanswered or run.unshown)
        print(
            f"- {args.phones} phones, {args.rate:g} votes/s for {run.seconds:g} s, {run.label}: "
            f"p99 {ms(run.p(99))}, {run.lost} lost, {run.duplicated} duplicated, "
            f"{run.unanswered} unacked (target p99 <= {ms(target)}, none lost or duplicated: "
            f"{verdict(run.p(99) <= target and intact)})"
        )
    print(
        f"- {main.connected} phones connected: server RSS {main.rss_connected:.0f} MB "
        f"(target <= 250 MB: {verdict(main.rss_connected <= 250)})"
    )
    naive = next((s for s in scenarios if s.label == NAIVE), None)
    stepped = next((s for s in scenarios if s.label == STEPPED), None)
    if naive is not None and stepped is not None:
        # Like for like: results revealed in both, so every vote's tallies reach every phone.
        ours, ours_bounded = capacity(stepped, target)
        theirs, theirs_bounded = capacity(naive, target)
        tried = ", ".join(f"{r.rate:.0f}" for r in naive.runs)
        line = (
            f"- at p99 <= {ms(target)}, results revealed: naive per-vote broadcast up to "
            f"{theirs:.0f} votes/s (tried {tried}), Tavola up to {ours:.0f} votes/s"
            f"{'' if ours_bounded else ' (held at every rate tried)'}"
        )
        if not theirs_bounded:
            print(f"{line}: ratio undetermined, the naive server held at every rate tried")
        elif theirs == 0:
            print(f"{line}: the naive server missed the target at its lowest rate")
        else:
            ratio = ours / theirs
            print(
                f"{line}: {'' if ours_bounded else '>= '}{ratio:.1f}x the load "
                f"(target >= 5x: {verdict(round(ratio, 1) >= 5)})"
            )
    two = next((s for s in scenarios if s.label.startswith("two")), None)
    if two is not None and two.runs:
        r2 = two.runs[0]
        print(
            f"- two processes + Redis + PostgreSQL, {r2.label}: p99 {ms(r2.p(99))} vs "
            f"{ms(hidden.p(99))} on one (target same p99, <= {ms(target)}: "
            f"{verdict(r2.p(99) <= target)}); {r2.lost} lost, {r2.duplicated} duplicated"
        )
    print()
    print(f"(benchmark took {took:.0f} s)")


# -- Main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--join-first", type=int, default=300, help="phones in the timed storm")
    parser.add_argument("--join-window", type=float, default=10.0, help="seconds for those")
    parser.add_argument("--prototypes", type=int, default=12)
    parser.add_argument("--rate", type=float, default=200, help="votes a second, all phones")
    parser.add_argument("--seconds", type=float, default=60, help="the vote, results hidden")
    parser.add_argument(
        "--revealed-seconds", type=float, default=30, help="then with results revealed (0: not)"
    )
    parser.add_argument("--target-p99", type=float, default=0.25, help="seconds")
    parser.add_argument("--no-naive", dest="naive", action="store_false")
    rates = lambda s: [float(x) for x in s.split(",")]  # noqa: E731
    parser.add_argument("--naive-rates", type=rates, default=[10, 20, 40, 60, 80, 120, 160])
    parser.add_argument("--capacity-rates", type=rates, default=[200, 400, 600])
    parser.add_argument("--naive-seconds", type=float, default=10, help="each stepped rate")
    parser.add_argument(
        "--two-processes",
        choices=["auto", "yes", "no"],
        default="auto",
        help="also run against two processes on PostgreSQL + Redis (auto: when they answer)",
    )
    args = parser.parse_args()
    if args.rate * (args.seconds + args.revealed_seconds) > args.phones * (BUDGET - 2):
        parser.error("too many votes for the phones' dots: more phones or fewer seconds")
    if max(sum(args.capacity_rates), sum(args.naive_rates)) * args.naive_seconds > args.phones * (
        BUDGET - 2
    ):
        parser.error("too many stepped votes for the phones' dots: fewer rates or seconds")
    started = time.monotonic()
    scenarios: list[Scenario] = []

    print("One process (SQLite) …", file=sys.stderr)
    server = start_server(Path(tempfile.mkdtemp(prefix="tavola-scale-")), **QUIET)
    try:
        scenarios.append(asyncio.run(coalesced_scenario([server], args, "one process")))
        if args.naive:
            print("One process, stepped up …", file=sys.stderr)
            scenarios.append(
                asyncio.run(
                    stepped_scenario(server, args, STEPPED, args.capacity_rates, args.naive_seconds)
                )
            )
    finally:
        server.stop()

    if args.naive:
        print("Naive baseline …", file=sys.stderr)
        naive = start_naive(Path(tempfile.mkdtemp(prefix="tavola-scale-naive-")))
        try:
            scenarios.append(
                asyncio.run(
                    stepped_scenario(naive, args, NAIVE, args.naive_rates, args.naive_seconds)
                )
            )
        finally:
            naive.stop()

    reason = services_unreachable() if args.two_processes != "no" else "not asked for"
    if reason and args.two_processes == "yes":
        sys.exit(f"two-process run impossible: {reason}")
    if reason:
        print(f"Two processes skipped: {reason}", file=sys.stderr)
    else:
        print("Two processes on PostgreSQL + Redis …", file=sys.stderr)
        from scale.conftest import REDIS_URL
        from support.postgres import own_schema

        with ExitStack() as stack:
            database = stack.enter_context(own_schema("bench"))
            shared = {
                "REDIS_URL": REDIS_URL,
                "TAVOLA_SOCKETIO_CHANNEL": f"tavola-bench-{uuid.uuid4()}",
                **QUIET,
            }
            a = start_server(Path(tempfile.mkdtemp(prefix="tavola-scale-a-")), database, **shared)
            stack.callback(a.stop)
            b = start_server(
                Path(tempfile.mkdtemp(prefix="tavola-scale-b-")),
                database,
                create_facilitator=False,
                **shared,
            )
            stack.callback(b.stop)
            label = "two processes + Redis + PostgreSQL"
            scenarios.append(asyncio.run(coalesced_scenario([a, b], args, label)))

    print()
    print_table(scenarios, args, time.monotonic() - started)


if __name__ == "__main__":
    main()

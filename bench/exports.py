"""Exports and the live room: a benchmark, not a test.

Starts the real server (gunicorn + gevent, a throw-away SQLite database) and, through the
services, puts two finished sessions in its database: the demo workshop (``flask demo``, about
21 people) and a 40-person workshop (3 tables, 30 cards with translations, 8 prototypes with
their canvas, every dot cast). Then it prints one table in three parts:

1. Render time of every format, in this process (``reports.render.render``: median of 5 after
   one warm-up) and end to end over HTTP (``GET /f/<code>/export.<fmt>`` as the logged-in
   trainer: the server builds the record and a render worker makes the file). "First" is the
   first request of that format; the very first export after the server started also pays for
   starting the render worker (printed on its own line). Then the size of the file.
2. Live latency: a third session in the Vote stage with results revealed, ``--phones`` phones and
   a projector on Socket.IO. Each phone has its own prototype and puts a dot on it or takes one
   back, ``--rate`` votes a second in all, for ``--seconds``. A vote's latency runs from its emit
   to the first projector delta whose tally of that prototype shows it (so it includes the
   ~100 ms broadcast tick). Measured twice: a quiet room, and while PDFs of the 40-person
   workshop are downloaded back to back over HTTP for the whole window.
3. With ``--contrast`` (on by default), the same live run against a second server whose exports
   are rendered in the server process itself (a WSGI shim, ``bench/inprocess_wsgi.py``: the
   server's code is not changed), to show what the render worker saves the room.

    .venv/bin/python bench/exports.py        (or: make bench-exports)

Needs the test extra (python-socketio client, requests). The load generator is deliberately
light (one socket client per phone, one sender thread): the point is the comparison.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import requests
import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from support.server import (  # noqa: E402
    Client,
    LiveServer,
    cookie_header,
    create_workshop,
    join_phone,
    log_in_trainer,
    start_server,
    start_variant,
    trainer_client,
)

FORMATS = ["json", "csv", "xlsx", "html", "pdf", "docx"]
RUNS = 5
LANGUAGE = "en"


# -- The sessions to export ---------------------------------------------------------------------


def build_sessions(database_url: str, workdir: Path) -> tuple[Any, dict[str, str]]:
    """Put the demo workshop and the 40-person workshop in the server's database.

    Returns this process's app (for in-process rendering) and the two sessions' codes.
    """
    from workshop import create_app
    from workshop.demo import build_demo
    from workshop.extensions import db

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench",
            "REDIS_URL": None,
            "INSTANCE_PATH": str(workdir / "instance"),
            # Nobody listens to this process's rooms: no broadcast task here.
            "BROADCAST_AUTOSTART": False,
        }
    )
    with app.app_context():
        demo, _ = build_demo("workshop")
        big = build_forty(demo.facilitator, random.Random(40))
        db.session.commit()
        return app, {"demo workshop (21)": demo.code, "40-person workshop": big.code}


def build_forty(facilitator: Any, rng: random.Random) -> Any:
    """A co-design workshop of 40 people, through every stage, built with the services.

    3 tables, 30 cards (10 of them translated into Italian), 8 prototypes with the whole canvas
    (3 translated), "me too"s, focus dots and every vote dot cast, responses and feedback.
    """
    from workshop import services
    from workshop.demo import DEMO_PROBLEMS, DEMO_PROTOTYPES, LANGUAGES, ROUNDTABLE_PROBLEMS
    from workshop.models import Role, Stage
    from workshop.services import Actor
    from workshop.services.translations import add_prototype_translation, add_translation

    workshop = services.create_workshop(
        facilitator,
        title="Benchmark: forty people on school, participation and services",
        place="Biblioteca Lazzerini, Prato",
        held_on=date.today(),
        dot_budget=3,
    )
    trainer = Actor.trainer(workshop)
    themes = workshop.themes
    roles = [Role.RESIDENT] * 26 + [Role.DECISION_MAKER] * 10 + [Role.OTHER] * 4
    people = [
        services.join(
            workshop,
            role=role,
            theme_id=themes[i % 3].id,
            language=LANGUAGES[i % len(LANGUAGES)],
        )
        for i, role in enumerate(roles)
    ]
    by_table = {t.id: [p for p in people if p.theme_id == t.id] for t in themes}

    services.advance_stage(workshop, Stage.PROBLEMS)
    extra = [text for pair in ROUNDTABLE_PROBLEMS for text in pair]
    cards = []
    for index, theme in enumerate(themes):
        texts = DEMO_PROBLEMS[index] + extra
        table = by_table[theme.id]
        for i in range(10):
            text = f"{texts[i % len(texts)]} (seen at table {index + 1}, card {i + 1})"
            cards.append(services.post_problem(table[i % len(table)], text))
    for card in cards:
        for person in rng.sample(people, rng.randint(2, 9)):
            if person.id != card.author_id:
                services.set_support(person, card.id, True)

    def other(language: str) -> str:
        return "en" if language != "en" else "it"

    for card in cards[::3]:
        into = other(card.language)
        add_translation(trainer, card.id, into, f"[{into}] {card.text}")

    services.advance_stage(workshop, Stage.FOCUS)
    for person in people:
        table = [c for c in cards if c.theme_id == person.theme_id]
        for _ in range(workshop.dot_budget):
            services.cast_problem_vote(person, rng.choice(table[:4]).id, 1)

    services.advance_stage(workshop, Stage.PROTOTYPES)
    canvases = [c for index in range(3) for c in DEMO_PROTOTYPES[index]]
    canvases += canvases[:3]  # 5 + 3 = 8
    prototypes = []
    for i, (title, changes, benefits, acts, step, _) in enumerate(canvases):
        theme = themes[i % 3]
        answered = [c.id for c in cards if c.theme_id == theme.id][i % 4 : i % 4 + 2]
        prototypes.append(
            services.create_prototype(
                by_table[theme.id][i % 5],
                title=f"{title} ({i + 1})",
                what_changes=f"{changes} {changes}",
                who_benefits=benefits,
                who_acts=acts,
                first_step=f"{step}; then report back to the room in three months.",
                problem_ids=answered,
            )
        )
    for prototype in prototypes[:3]:
        into = other(prototype.language)
        fields = ("title", "what_changes", "who_benefits", "who_acts", "first_step")
        add_prototype_translation(
            trainer,
            prototype.id,
            into,
            {name: f"[{into}] {getattr(prototype, name)}" for name in fields},
        )

    services.advance_stage(workshop, Stage.PLENARY)
    services.advance_stage(workshop, Stage.VOTE)
    for person in people:
        for _ in range(workshop.dot_budget):
            services.cast_vote(person, rng.choice(prototypes).id, 1)
    services.advance_stage(workshop, Stage.RESULTS)
    services.advance_stage(workshop, Stage.RESPONSE)
    official = next(p for p in people if p.role == Role.DECISION_MAKER)
    for decision, prototype in zip(["adopt", "study", "not_possible"], prototypes, strict=False):
        services.record_response(
            workshop,
            prototype.id,
            decision=decision,
            reason="Discussed with the council.",
            owner="Participation office",
            participant=official,
        )
    services.advance_stage(workshop, Stage.CLOSED)
    for person in people:
        if rng.random() < 0.8:
            services.give_feedback(person, rng.choice([3, 4, 4, 5, 5]))
    return workshop


# -- Render times -------------------------------------------------------------------------------


@dataclass
class RenderRow:
    """One format of one session: seconds and bytes."""

    session: str
    fmt: str
    local: float = 0.0
    http_first: float = 0.0
    http: float = 0.0
    http_min: float = 0.0
    http_max: float = 0.0
    size: int = 0
    #: Building the JSON record (the part of an export the server does in the request).
    record: float = 0.0


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def fresh_record(workshop: Any) -> dict[str, Any]:
    """The JSON record as a request builds it: from the database, nothing cached in the session."""
    from workshop.extensions import db
    from workshop.reports.json_export import export_workshop

    db.session.expire_all()
    return export_workshop(workshop)


def render_in_process(app: Any, codes: dict[str, str]) -> dict[tuple[str, str], RenderRow]:
    """Median of RUNS renders after one warm-up, as the worker runs them (a request context)."""
    from workshop import services
    from workshop.reports.json_export import export_workshop
    from workshop.reports.render import render

    rows = {}
    with app.test_request_context():
        for session, code in codes.items():
            workshop = services.get_workshop_by_code(code)
            records = [export_workshop(workshop)]
            record = statistics.median(
                timed(partial(fresh_record, workshop))[0] for _ in range(RUNS)
            )
            for fmt in FORMATS:

                def once(records: list = records, fmt: str = fmt) -> bytes:
                    return render(records, fmt, LANGUAGE)

                once()  # warm-up: templates, fonts, lazy imports
                times = [timed(once)[0] for _ in range(RUNS)]
                body = once()
                rows[session, fmt] = RenderRow(
                    session, fmt, statistics.median(times), size=len(body), record=record
                )
    return rows


def render_over_http(
    server: LiveServer, codes: dict[str, str], rows: dict[tuple[str, str], RenderRow]
) -> float:
    """First and median-of-RUNS download of every format; returns the very first export's time.

    The first export after the server started includes starting the render worker (a new
    Python process that loads the app and WeasyPrint).
    """
    trainer = log_in_trainer(server)
    cold = None
    for session, code in codes.items():
        for fmt in FORMATS:
            url = f"{server.url}/f/{code}/export.{fmt}?lang={LANGUAGE}"

            def get(url: str = url) -> requests.Response:
                response = trainer.get(url, timeout=120)
                response.raise_for_status()
                return response

            first, _ = timed(get)
            cold = first if cold is None else cold
            times = [timed(get)[0] for _ in range(RUNS)]
            rows[session, fmt].http_first = first
            rows[session, fmt].http = statistics.median(times)
            rows[session, fmt].http_min, rows[session, fmt].http_max = min(times), max(times)
    return cold or 0.0


# -- The live room ------------------------------------------------------------------------------


@dataclass
class Vote:
    """One dot put or taken back, and when the projector showed it."""

    prototype_id: int
    total: int  # the prototype's tally once this vote counts (only its phone votes on it)
    emitted: float
    shown: float | None = None
    ok: bool | None = None
    acked: float | None = None
    #: Shown only together with a later vote of the same phone (a stalled room coalesced them).
    superseded: bool = False


@dataclass
class Projector:
    """The projector's socket: every delta with the time it arrived."""

    deltas: list[tuple[float, dict[str, Any]]] = field(default_factory=list)

    def received(self, delta: dict[str, Any]) -> None:
        self.deltas.append((time.monotonic(), delta))


@dataclass
class LiveRoom:
    """A session in the Vote stage, results revealed, one prototype per phone."""

    server: LiveServer
    code: str
    phones: list[Client]
    prototype_ids: list[int]
    projector: Projector
    budget: int
    sockets: list[socketio.Client]
    #: Each phone's dots on its prototype now, and whether it is putting them or taking back.
    state: list[int] = field(default_factory=list)
    direction: list[int] = field(default_factory=list)

    def close(self) -> None:
        for sio in self.sockets:
            sio.disconnect()
        for phone in self.phones:
            phone.close()


def open_room(server: LiveServer, phones: int) -> LiveRoom:
    """Create the session over HTTP, join and connect the phones, make their prototypes, vote."""
    trainer = log_in_trainer(server)
    code = create_workshop(server, trainer, "Live room under exports", dot_budget=3)
    control = trainer_client(server, code, trainer).connect()
    assert control.call("set_stage", {"stage": "prototypes"})["ok"]
    clients = [join_phone(server, code, table=i % 3).connect() for i in range(phones)]
    prototype_ids = []
    for i, phone in enumerate(clients):
        ack = phone.call(
            "create_prototype",
            {"title": f"Idea {i + 1}", "what_changes": "Letters in every family's language."},
        )
        assert ack["ok"], ack
        prototype_ids.append(ack["prototype"]["id"])
    assert control.call("set_stage", {"stage": "vote"})["ok"]
    # Revealed, so the projector's deltas carry the tallies a vote is matched by.
    assert control.call("reveal", {"revealed": True})["ok"]
    projector = Projector()
    screen = socketio.Client(reconnection=False)
    screen.on("delta", projector.received)
    screen.connect(
        server.url,
        headers={"Cookie": cookie_header(trainer)},
        auth={"code": code, "view": "screen"},
        transports=["websocket"],
        wait_timeout=5,
    )
    for phone in clients:
        phone.deltas.clear()
    sockets = [screen, control.sio]
    return LiveRoom(
        server, code, clients, prototype_ids, projector, 3, sockets, [0] * phones, [1] * phones
    )


def run_votes(room: LiveRoom, rate: float, seconds: float) -> list[Vote]:
    """Phones take turns, ``rate`` votes a second; each goes up to the budget and back to 0."""
    state, direction = room.state, room.direction
    votes: list[Vote] = []
    room.projector.deltas.clear()
    start = time.monotonic()
    for n in range(int(rate * seconds)):
        time.sleep(max(0.0, start + n / rate - time.monotonic()))
        i = n % len(room.phones)
        if state[i] + direction[i] not in range(room.budget + 1):
            direction[i] = -direction[i]
        step = direction[i]
        state[i] += step
        vote = Vote(room.prototype_ids[i], state[i], time.monotonic())

        def acked(ack: dict[str, Any], vote: Vote = vote) -> None:
            vote.ok = bool(ack.get("ok"))
            vote.acked = time.monotonic()

        sio = room.phones[i].sio
        assert sio is not None
        sio.emit("vote", {"prototype_id": vote.prototype_id, "delta": step}, callback=acked)
        votes.append(vote)
    # Wait for every ack and the deltas showing the last votes (a stalled server takes a while).
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(v.ok is None for v in votes):
        time.sleep(0.1)
    time.sleep(1.0)
    match(votes, room.projector.deltas)
    return votes


def match(votes: list[Vote], deltas: list[tuple[float, dict[str, Any]]]) -> None:
    """Each vote is shown by the first later delta with its prototype at its tally.

    A phone's next vote waits ~1.5 s (30 phones at 20 a second), so a tally value seen after the
    emit can only be this vote's; a seq after the previous match of the same prototype rules
    out a slow delta from before. When the room stalls longer than that, two votes of a phone
    reach the projector in one delta and the first one's tally is never seen: that vote is shown
    by the first delta after its ack (the server acks after committing the vote).
    """
    after: dict[int, int] = {}
    for vote in votes:
        for received, delta in deltas:
            if received < vote.emitted or "tallies" not in delta:
                continue
            if delta["seq"] <= after.get(vote.prototype_id, 0):
                continue
            if delta["tallies"][str(vote.prototype_id)]["total"] == vote.total:
                vote.shown = received
                after[vote.prototype_id] = delta["seq"]
                break
        if vote.shown is None and vote.acked is not None:
            vote.shown = next((at for at, d in deltas if at > vote.acked and "tallies" in d), None)
            vote.superseded = vote.shown is not None


@dataclass
class LiveResult:
    """Latency percentiles of one live run, in seconds."""

    label: str
    votes: int
    shown: int
    refused: int
    unanswered: int
    superseded: int
    p50: float
    p95: float
    p99: float
    worst: float
    exports: int = 0
    export_median: float = 0.0
    #: The raw material, to pool several rounds.
    raw: list[Vote] = field(default_factory=list, repr=False)
    export_times: list[float] = field(default_factory=list, repr=False)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summarise(label: str, votes: list[Vote]) -> LiveResult:
    latencies = [v.shown - v.emitted for v in votes if v.shown is not None]
    return LiveResult(
        label,
        len(votes),
        len(latencies),
        sum(1 for v in votes if v.ok is False),
        sum(1 for v in votes if v.ok is None),
        sum(1 for v in votes if v.superseded),
        percentile(latencies, 50),
        percentile(latencies, 95),
        percentile(latencies, 99),
        max(latencies),
        raw=votes,
    )


def pooled(label: str, runs: list[LiveResult]) -> LiveResult:
    """Several rounds of one kind as one run."""
    result = summarise(label, [vote for run in runs for vote in run.raw])
    times = [took for run in runs for took in run.export_times]
    result.exports = len(times)
    result.export_median = statistics.median(times) if times else 0.0
    result.export_times = times
    return result


class ExportLoop(threading.Thread):
    """Downloads one session's PDF back to back until stopped."""

    def __init__(self, server: LiveServer, code: str) -> None:
        super().__init__(daemon=True)
        self.http = log_in_trainer(server)
        self.url = f"{server.url}/f/{code}/export.pdf?lang={LANGUAGE}"
        self.times: list[float] = []
        self.stopping = threading.Event()

    def warm(self) -> None:
        """One export first, so the worker is running before the window opens."""
        self.http.get(self.url, timeout=120).raise_for_status()

    def run(self) -> None:
        while not self.stopping.is_set():
            took, response = timed(lambda: self.http.get(self.url, timeout=120))
            response.raise_for_status()
            self.times.append(took)

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def live_run(
    server: LiveServer, room: LiveRoom, label: str, args: argparse.Namespace, export: str | None
) -> LiveResult:
    """One window of votes, with PDFs of ``export`` downloaded throughout when given."""
    loop = None
    if export is not None:
        loop = ExportLoop(server, export)
        loop.warm()
        loop.start()
        time.sleep(0.5)  # the first export of the loop is under way
    try:
        votes = run_votes(room, args.rate, args.seconds)
    finally:
        if loop is not None:
            loop.stop()
    result = summarise(label, votes)
    if loop is not None:
        result.exports = len(loop.times)
        result.export_median = statistics.median(loop.times) if loop.times else 0.0
        result.export_times = loop.times
    return result


def start_inprocess_server(workdir: Path) -> LiveServer:
    """The same server, but exports rendered in its own process (``bench/inprocess_wsgi.py``)."""
    return start_variant(workdir, "inprocess_wsgi:app")


def print_table(
    rows: dict[tuple[str, str], RenderRow], cold: float, live: list[LiveResult], args: Any
) -> None:
    print(
        f"{platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}) · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    print()
    print(f"Render time (median of {RUNS} after one warm-up; lang={LANGUAGE})")
    print()
    print("| Session | Format | In process | HTTP first | HTTP median | Size |")
    print("|---|---|---:|---:|---:|---:|")
    for row in rows.values():
        print(
            f"| {row.session} | {row.fmt} | {row.local * 1000:,.0f} ms "
            f"| {row.http_first * 1000:,.0f} ms | {row.http * 1000:,.0f} ms "
            f"| {row.size / 1024:,.1f} KB |"
        )
    print()
    print(f"First export after the server started (includes starting the worker): {cold:.2f} s")
    records = {row.session: row.record for row in rows.values()}
    print(
        "Building the record in the request, on the server's event loop (in process, median): "
        + ", ".join(f"{session} {took * 1000:.0f} ms" for session, took in records.items())
    )
    print()
    print(
        f"Live room: {args.phones} phones + projector, {args.rate:g} votes/s for "
        f"{args.seconds:g} s; vote emitted -> projector delta showing it (broadcast tick included)"
    )
    print()
    print("| Run | Votes shown | p50 | p95 | p99 | worst | PDFs made (median) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in live:
        pdfs = f"{r.exports} ({r.export_median:.2f} s)" if r.exports else "-"
        failed = f", {r.refused} refused" if r.refused else ""
        failed += f", {r.unanswered} never acked" if r.unanswered else ""
        failed += f" ({r.superseded} with a later vote)" if r.superseded else ""
        print(
            f"| {r.label} | {r.shown}/{r.votes}{failed} | {r.p50 * 1000:.0f} ms "
            f"| {r.p95 * 1000:.0f} ms | {r.p99 * 1000:.0f} ms | {r.worst * 1000:.0f} ms "
            f"| {pdfs} |"
        )
    print()
    quiet = [r for r in live if r.label.startswith("quiet")][-1]
    for r in live:
        if r.label.startswith("PDF") and ("all rounds" in r.label or args.rounds == 1):
            verdict = "met" if r.p99 <= 1.2 * quiet.p99 else "NOT met"
            ratio = r.p99 / quiet.p99
            print(f"p99 {r.label} / {quiet.label}: {ratio:.2f} (target <= 1.20: {verdict})")
    if args.contrast:
        r = live[-1]
        print(f"p99 {r.label} / {quiet.label}: {r.p99 / quiet.p99:.2f}")
    pdf = rows["40-person workshop", "pdf"]
    verdict = "met" if pdf.http <= 3.0 else "NOT met"
    print(
        f"PDF of 40 people over HTTP: median {pdf.http:.2f} s (runs {pdf.http_min:.2f}-"
        f"{pdf.http_max:.2f} s; target <= 3 s: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=30, help="phones in the live room")
    parser.add_argument("--rate", type=float, default=20, help="votes a second, all phones")
    parser.add_argument("--seconds", type=float, default=20, help="length of each live run")
    parser.add_argument(
        "--rounds", type=int, default=2, help="quiet and exporting runs, alternated"
    )
    parser.add_argument(
        "--no-contrast",
        dest="contrast",
        action="store_false",
        help="skip the run against a server that renders in its own process",
    )
    args = parser.parse_args()
    # Machines without CJK, Bengali or Ethiopic fonts get one warning per missing glyph.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="tavola-bench-"))
    server = start_server(workdir)
    try:
        print("Building the sessions …", file=sys.stderr)
        app, codes = build_sessions(server.database_url, workdir)
        print("Rendering in process …", file=sys.stderr)
        rows = render_in_process(app, codes)
        print("Rendering over HTTP …", file=sys.stderr)
        cold = render_over_http(server, codes, rows)
        # This process is also the load generator: the app and WeasyPrint's objects left from
        # rendering here would make every garbage collection slow, and those pauses would show
        # as latency of the room. Keep them out of the collector's way.
        del app
        gc.collect()
        gc.freeze()
        print("Live room …", file=sys.stderr)
        room = open_room(server, args.phones)
        try:
            time.sleep(1.0)
            run_votes(room, args.rate, 3)  # warm-up
            quiet, exporting = [], []
            big = codes["40-person workshop"]
            for n in range(1, args.rounds + 1):
                quiet.append(live_run(server, room, f"quiet room, round {n}", args, None))
                label = f"PDF exports (render worker), round {n}"
                exporting.append(live_run(server, room, label, args, big))
            live = [run for pair in zip(quiet, exporting, strict=True) for run in pair]
            if args.rounds > 1:
                live += [
                    pooled("quiet room, all rounds", quiet),
                    pooled("PDF exports (render worker), all rounds", exporting),
                ]
        finally:
            room.close()
    finally:
        server.stop()
    if args.contrast:
        print("Live room against a server that renders in process …", file=sys.stderr)
        contrast_dir = Path(tempfile.mkdtemp(prefix="tavola-bench-inproc-"))
        other = start_inprocess_server(contrast_dir)
        try:
            _, other_codes = build_sessions(other.database_url, contrast_dir)
            gc.collect()
            gc.freeze()
            # The stalled server lets phones' sockets die; their clients log each dead write.
            logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
            room = open_room(other, args.phones)
            try:
                time.sleep(1.0)
                run_votes(room, args.rate, 3)
                label = "PDF exports (in the server)"
                live.append(live_run(other, room, label, args, other_codes["40-person workshop"]))
            finally:
                room.close()
        finally:
            other.stop()
    print()
    print_table(rows, cold, live, args)
    print()
    print(f"(benchmark took {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()

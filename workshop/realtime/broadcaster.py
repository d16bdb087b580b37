"""Coalesced broadcasts: changes are gathered per workshop and sent as one delta per tick.

A vote costs one database write and a set insertion here; the fan-out to every phone happens at
most once per ``BROADCAST_INTERVAL`` per workshop, so its cost does not grow with the vote rate
(a delivery costs ~45 µs of CPU on gevent; one broadcast per vote to 500 phones falls behind).

Each delta carries the workshop's next sequence number, stored in the database so that several
processes sharing a Redis message queue still number one workshop's deltas in one series. A
delta holds the full current state of what changed (not increments), so applying one twice is
harmless and a client that notices a gap simply asks for a snapshot.

Phones get only the deltas that change something they show, numbered in a series of their own
(``pseq``): while results are hidden, a vote moves the projector's "dots placed" and the control
screen's tallies, and nothing on a phone, so at 200 votes a second a thousand phones receive
nothing at all instead of a delta each per tick.

The two series are also paced apart: the projector and control screen get a delta every tick,
while after a delta to a thousand phones their next one waits until this process has had time
for the fan-out (:meth:`Broadcaster.pace`). What phones missed meanwhile is kept and sent in
their next delta, so a room with its tallies on show does not slow the projector down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

from flask import Flask
from flask_socketio import SocketIO
from sqlalchemy import update

from ..extensions import db
from ..models import Stage, Workshop
from ..services import changes, live
from ..services.changes import Change
from ..services.rating_results import protect, rating_progress, rating_results
from .rooms import View, room

log = logging.getLogger(__name__)

#: How often the running loop looks for workshops whose turn came (each keeps its own tick).
RESOLUTION = 0.025

#: Changes phones show nothing of by themselves: the dots placed and the tallies while results
#: are hidden (once revealed the delta carries the tallies, which phones do show), how many
#: people joined, the moderation log, closing feedback. A tick of only these skips the phones.
PHONE_SILENT = frozenset({"votes", "problem_votes", "participants", "moderation", "feedback"})


class Broadcaster:
    """Gathers committed changes and flushes them to the rooms a few times a second."""

    def __init__(self) -> None:
        self._app: Flask | None = None
        self._socketio: SocketIO | None = None
        self._dirty: dict[int, set[tuple[str, int | None]]] = {}
        self._lock = threading.Lock()
        self._task: Any = None
        self.interval = 0.1
        #: Deliveries a second one process spends on a workshop's phones at most (see pace()).
        self.phone_rate = 6000.0
        #: Per workshop: when its next delta may go out (one tick after the last).
        self._not_before: dict[int, float] = {}
        #: Per workshop: changes the phones have not been sent yet, held while their fan-out
        #: waits its turn, and when that turn comes (see pace()).
        self._phones_owed: dict[int, set[tuple[str, int | None]]] = {}
        self._phones_not_before: dict[int, float] = {}
        self.publish_in_transaction = False
        #: Off in unit tests, where flush() is called by hand.
        self.autostart = True

    def init_app(self, app: Flask, socketio: SocketIO) -> None:
        """Bind to the app and start listening for committed changes."""
        self._app = app
        self._socketio = socketio
        self.interval = app.config["BROADCAST_INTERVAL"]
        self.phone_rate = app.config["BROADCAST_PHONE_RATE"]
        # With a message queue (PostgreSQL), a delta is published before its seq commits, under
        # the row lock, so processes publish in seq order. SQLite is one process: nothing to
        # order, and publishing (a network write) while holding its write lock would stall
        # every other writer of the process.
        self.publish_in_transaction = bool(app.config.get("REDIS_URL")) and not app.config[
            "SQLALCHEMY_DATABASE_URI"
        ].startswith("sqlite")
        self.autostart = app.config.get("BROADCAST_AUTOSTART", True)
        changes.subscribe(self.on_commit)

    def on_commit(self, committed: Iterable[Change]) -> None:
        """Remember what a transaction changed; cheap, called inside the request."""
        with self._lock:
            for change in committed:
                self._dirty.setdefault(change.workshop_id, set()).add((change.kind, change.ident))
        if self.autostart and self._task is None and self._socketio is not None:
            self._task = self._socketio.start_background_task(self._run)

    def pending(self) -> dict[int, set[tuple[str, int | None]]]:
        """A copy of what waits to be sent, to any room (for tests and the benchmark)."""
        with self._lock:
            waiting = {k: set(v) for k, v in self._dirty.items()}
            for workshop_id, kinds in self._phones_owed.items():
                waiting.setdefault(workshop_id, set()).update(kinds)
            return waiting

    def _run(self) -> None:
        """Wake often, send each workshop whose turn came: every workshop keeps its own tick, so
        the first change after a quiet spell goes out within ``RESOLUTION``, not a whole tick."""
        assert self._socketio is not None
        while True:
            self._socketio.sleep(min(RESOLUTION, self.interval))
            try:
                self.flush(paced=True)
            except Exception:  # a bug must not stop live updates for every room
                log.exception("broadcast flush failed")

    def flush(self, paced: bool = False) -> dict[int, dict[str, Any]]:
        """Send one delta to each workshop with pending changes; returns the control deltas.

        ``paced`` (the running loop): a workshop's screens get at most one delta per tick, and
        its phones, after a delta to many of them, wait their turn (see :meth:`pace`); what
        they miss meanwhile goes into their next, bigger delta.
        """
        now = time.monotonic()
        work: dict[int, tuple[set[tuple[str, int | None]], bool]] = {}
        with self._lock:
            due = {w for w in self._dirty if not paced or self._not_before.get(w, 0.0) <= now} | {
                w
                for w in self._phones_owed
                if not paced or self._phones_not_before.get(w, 0.0) <= now
            }
            for workshop_id in due:
                phones_turn = not paced or self._phones_not_before.get(workshop_id, 0.0) <= now
                kinds = self._dirty.pop(workshop_id, set())
                if phones_turn:
                    kinds |= self._phones_owed.pop(workshop_id, set())
                work[workshop_id] = (kinds, phones_turn)
        sent: dict[int, dict[str, Any]] = {}
        if not work:
            return sent
        assert self._app is not None and self._socketio is not None
        with self._app.app_context():
            for workshop_id, (kinds, phones_turn) in work.items():
                try:
                    sent[workshop_id] = self._send(workshop_id, kinds, phones_turn)
                except Exception:
                    db.session.rollback()
                    log.exception(
                        "broadcast to workshop %s failed; retrying next tick", workshop_id
                    )
                    # Put the changes back: a failure before the seq was taken leaves clients no
                    # gap to notice, so dropping them would lose them silently.
                    with self._lock:
                        self._dirty.setdefault(workshop_id, set()).update(kinds)
        return sent

    def _send(
        self, workshop_id: int, kinds: set[tuple[str, int | None]], phones_turn: bool = True
    ) -> dict[str, Any]:
        if db.session.get(Workshop, workshop_id) is None:
            return {}  # no such workshop (any more): retrying would fail for ever
        if any(kind == "presence" for kind, _ in kinds):
            presence = self._send_presence(workshop_id)
            kinds = {(kind, ident) for kind, ident in kinds if kind != "presence"}
            if not kinds:  # only people came or went: phones get nothing, no seq is spent
                return {"presence": presence}
        # The seq is taken and the state read in one transaction: on PostgreSQL the row lock
        # makes two processes flushing one workshop take turns, so a higher seq never carries
        # older data than a lower one (clients drop the lower one if it arrives last).
        seq = _bump(workshop_id, Workshop.seq)
        workshop = db.session.get(Workshop, workshop_id)
        assert workshop is not None
        problem_ids = {ident for kind, ident in kinds if kind == "problem" and ident}
        prototype_ids = {ident for kind, ident in kinds if kind == "prototype" and ident}
        delta: dict[str, Any] = {"seq": seq, "workshop": live.header(workshop)}
        # Cards are read once, as moderators see them; the room's view is derived from that.
        moderated: dict[str, Any] = {}
        if problem_ids:
            moderated["problems"] = live.problems(workshop, problem_ids, everything=True)
            delta["problems"] = live.room_view(moderated["problems"])
        if prototype_ids:
            moderated["prototypes"] = live.prototypes(workshop, prototype_ids, everything=True)
            delta["prototypes"] = live.room_view(moderated["prototypes"])
        tallies = None
        if prototype_ids or any(kind == "votes" for kind, _ in kinds):
            tallies = live.tallies(workshop)
        public = dict(delta)
        if tallies is not None and workshop.results_revealed:
            public["tallies"] = tallies
        # Moderators keep hidden, merged and waiting cards (marked), where the room gets a
        # tombstone; and they see the moderation log change.
        control = {**delta, **moderated}
        if any(kind == "moderation" for kind, _ in kinds):
            control["moderation"] = live.moderation_log(workshop)
        if tallies is not None:
            control["tallies"] = tallies
        if any(kind == "participants" for kind, _ in kinds):
            control["participation"] = live.participation(workshop)
        vote_stage = live.problem_vote_stage(workshop)
        if vote_stage is not None and any(k in ("problem_votes", "problem") for k, _ in kinds):
            problem_tallies = live.problem_tallies(workshop, vote_stage)
            control["problem_tallies"] = problem_tallies
            if workshop.results_revealed:
                public["problem_tallies"] = problem_tallies
        if any(kind == "ratings" for kind, _ in kinds):
            # How many people have rated, never what: the scores wait for the reveal.
            public["rating_progress"] = control["rating_progress"] = rating_progress(workshop)
        if (
            workshop.results_revealed
            and Stage.RATE in workshop.stages
            and any(kind in ("ratings", "votes") for kind, _ in kinds)
        ):
            # The room's view (small groups protected) for every room; the exact numbers are
            # on the control page and in the exports.
            public["rating_results"] = control["rating_results"] = protect(rating_results(workshop))
        phones_see = bool(public.keys() - {"seq", "workshop"}) or any(
            kind not in PHONE_SILENT for kind, _ in kinds
        )
        to_phones = phones_see and phones_turn
        if to_phones:
            public["pseq"] = control["pseq"] = _bump(workshop_id, Workshop.phone_seq)
        elif phones_see:  # the phones' fan-out waits its turn: they get these in their next
            with self._lock:
                self._phones_owed.setdefault(workshop_id, set()).update(kinds)
        assert self._socketio is not None
        # With a message queue, sent before the commit while the row lock is held: deltas are
        # published in seq order, so no phone sees a gap because another process's delta
        # overtook this one. Should the commit then fail, the seq is taken again next tick and
        # clients that kept this delta ignore that one: they catch up at the next change.
        if not self.publish_in_transaction:
            db.session.commit()
        self.pace(workshop_id, to_phones)
        # The projector and control screen first: queued behind a thousand phones, the room's
        # screen would show each tick tens of milliseconds later.
        self._socketio.emit("delta", public, to=room(workshop_id, View.SCREEN))
        self._socketio.emit("delta", control, to=room(workshop_id, View.CONTROL))
        if to_phones:  # else nothing a phone shows (yet): a thousand phones are spared a delivery
            self._socketio.emit("delta", public, to=room(workshop_id, View.PHONE))
        if self.publish_in_transaction:
            db.session.commit()
        return control

    def pace(self, workshop_id: int, to_phones: bool) -> None:
        """Hold the workshop's next delta back for a tick, and after a delta to its phones their
        next one until this process has had time for the fan-out: ``phones / phone_rate``
        seconds (1,000 phones at the default 6,000 a second: 0.17 s) when that is longer. Phone
        deltas get bigger rather than later, and the projector and control screen keep the
        short tick even while a large room has its tallies on show."""
        now = time.monotonic()
        self._not_before[workshop_id] = now + self.interval
        if to_phones:
            wait = self.interval
            if self.phone_rate > 0:
                wait = max(wait, self.phones_here(workshop_id) / self.phone_rate)
            self._phones_not_before[workshop_id] = now + wait

    def phones_here(self, workshop_id: int) -> int:
        """Phones of the workshop connected to this process (each process delivers its own)."""
        try:
            rooms = self._socketio.server.manager.rooms  # type: ignore[union-attr]
            return len(rooms.get("/", {}).get(room(workshop_id, View.PHONE), {}))
        except AttributeError:  # a stand-in without a server (unit tests)
            return 0

    def _send_presence(self, workshop_id: int) -> dict[str, Any]:
        """Who is connected, as its own ``presence`` event to the projector and control screen.

        Outside the numbered deltas (it is the whole current state, so a lost one is replaced
        by the next), so phones, which do not show it, never see a gap in their sequence.
        """
        workshop = db.session.get(Workshop, workshop_id)
        assert workshop is not None and self._socketio is not None
        control = live.presence(workshop, control=True)
        public = {key: control[key] for key in live.PUBLIC_PRESENCE}
        self._socketio.emit("presence", public, to=room(workshop_id, View.SCREEN))
        self._socketio.emit("presence", control, to=room(workshop_id, View.CONTROL))
        return control


def _bump(workshop_id: int, column: Any) -> int:
    """Add one to a sequence column of the workshop (in the open transaction); the new value."""
    return db.session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id)
        .values({column: column + 1})
        .returning(column)
    ).scalar_one()


broadcaster = Broadcaster()

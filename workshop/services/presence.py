"""Who is connected right now: one :class:`~workshop.models.Presence` row per open socket.

Rows live in the database, not in a process's memory, so several server processes behind one
proxy count the same room. Each process names itself (:func:`server_id`) and, when it starts,
removes the rows a previous run of itself left behind (a crash never said goodbye). Reading the
counts is :func:`workshop.services.live.presence`.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import Presence
from . import changes

_started: dict[int, str] = {}


def server_prefix() -> str:
    """``hostname:pid``: this process, whatever run of it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def server_id() -> str:
    """``hostname:pid started-at``: this run of this process (computed once per process)."""
    pid = os.getpid()
    if pid not in _started:  # per pid: a forked worker is another process
        _started[pid] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{server_prefix()} {_started[pid]}"[:120]


def connected(
    sid: str,
    *,
    workshop_id: int,
    view: str,
    participant_id: int | None = None,
    member_id: int | None = None,
) -> Presence:
    """Note an open connection (a reconnect with the same sid replaces the old row)."""
    row = db.session.get(Presence, sid)
    if row is None:
        row = Presence(sid=sid)
        db.session.add(row)
    row.server = server_id()
    row.workshop_id = workshop_id
    row.view = view
    row.participant_id = participant_id
    row.member_id = member_id
    db.session.flush()
    changes.record(workshop_id, "presence")
    return row


def disconnected(sid: str) -> None:
    """Forget a closed connection (nothing happens if it was never noted)."""
    row = db.session.get(Presence, sid)
    if row is None:
        return
    changes.record(row.workshop_id, "presence")
    db.session.delete(row)
    db.session.flush()


def phones_connected(workshop_id: int) -> int:
    """How many people have the workshop open on a phone now (in every server process)."""
    return int(
        db.session.scalar(
            select(func.count(func.distinct(Presence.participant_id))).where(
                Presence.workshop_id == workshop_id,
                Presence.view == "phone",
                Presence.participant_id.is_not(None),
            )
        )
        or 0
    )


def clear_stale(*, everything: bool = False) -> int:
    """At start-up: drop the rows an earlier run of this process left (or all rows, when this is
    the only process, as in the embedded default). Returns how many were dropped."""
    query = delete(Presence)
    if not everything:
        query = query.where(Presence.server.like(f"{server_prefix()} %"))
    result = db.session.execute(query)
    return int(result.rowcount or 0)

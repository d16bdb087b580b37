"""Row locks for the few writes whose checks read what a simultaneous write could change.

Under PostgreSQL each request runs in its own transaction at READ COMMITTED, and with gevent
every query lets other requests run: two writes can both check, then both write. A
``SELECT … FOR UPDATE`` on one row makes them take turns. SQLite has one writer at a time and
a process's requests do not interleave inside a transaction, so there the lock is skipped
rather than spent as an extra query on the hottest path (a vote).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from ..extensions import db


def lock_row(primary_key: InstrumentedAttribute[int], ident: int) -> None:
    """Wait for, then hold until commit, the lock on the row whose ``primary_key`` is
    ``ident`` (e.g. ``lock_row(Participant.id, 7)``)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return
    db.session.execute(select(primary_key).where(primary_key == ident).with_for_update())

"""What a transaction changed, handed to listeners only once it has committed.

Services call :func:`record` while they work; the records ride on the SQLAlchemy session and
are delivered to subscribers (the realtime broadcaster) after ``COMMIT`` succeeds, and dropped on
rollback. So a refused or failed intent is never broadcast, and the service layer does not know
Socket.IO exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from flask_sqlalchemy.session import Session
from sqlalchemy import event

from ..extensions import db

_KEY = "tavola_changes"


class Change(NamedTuple):
    """One changed thing: ``kind`` is workshop, participants, problem, prototype or votes."""

    workshop_id: int
    kind: str
    ident: int | None = None


Listener = Callable[[Iterable[Change]], None]
_listeners: list[Listener] = []


def record(workshop_id: int, kind: str, ident: int | None = None) -> None:
    """Note that something in a workshop changed in the current transaction."""
    db.session.info.setdefault(_KEY, []).append(Change(workshop_id, kind, ident))


def subscribe(listener: Listener) -> None:
    """Call ``listener`` with the changes of every committed transaction."""
    if listener not in _listeners:
        _listeners.append(listener)


def unsubscribe(listener: Listener) -> None:
    """Stop delivering changes to ``listener``."""
    if listener in _listeners:
        _listeners.remove(listener)


@event.listens_for(Session, "after_commit")
def _deliver(session: Session) -> None:
    changes = session.info.pop(_KEY, None)
    if not changes:
        return
    for listener in list(_listeners):
        listener(changes)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_KEY, None)

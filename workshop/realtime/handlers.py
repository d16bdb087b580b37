"""Registering intents as Socket.IO events, and what every connection knows about itself.

A handler is thin: find who is asking (from the connection's session, set at connect), bind the
payload to the intent's form, and :func:`workshop.intents.perform` it. The ack is the answer.
A payload's ``idempotency_key`` (any intent) makes a retry answer with the first ack.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..extensions import db, socketio
from ..intents import IDEMPOTENCY_FIELD, Ack, perform, socket_form
from ..services.errors import Forbidden, ServiceError

log = logging.getLogger(__name__)

_KEY = "live"


def set_connection(info: dict[str, Any]) -> None:
    """Remember, for this connection only, which workshop and view it is and who is on it."""
    session[_KEY] = info


def connection() -> dict[str, Any] | None:
    """What :func:`set_connection` stored at connect, or None before a successful connect."""
    return session.get(_KEY)


#: Per connection: (tokens left, when last counted). A connection lives in one process, so its
#: allowance does too; forgotten when it disconnects.
_allowance: dict[str, tuple[float, float]] = {}

TOO_FAST = _l("Too many taps at once. Wait a moment, then try again.")


def within_rate() -> bool:
    """Whether this connection may send another event now (a token bucket: ``SOCKET_RATE``
    events a second, bursts of ``SOCKET_BURST``). A flooding phone is slowed; nobody else is."""
    rate, burst = current_app.config["SOCKET_RATE"], current_app.config["SOCKET_BURST"]
    now = time.monotonic()
    tokens, then = _allowance.get(request.sid, (burst, now))
    tokens = min(burst, tokens + (now - then) * rate)
    allowed = tokens >= 1
    _allowance[request.sid] = (tokens - 1 if allowed else tokens, now)
    return allowed


def too_fast() -> Ack:
    """The ack of an event refused by :func:`within_rate` (nothing was done)."""
    return {"ok": False, "error": "rate", "message": str(TOO_FAST)}


def forget_rate(sid: str) -> None:
    """Drop a closed connection's allowance."""
    _allowance.pop(sid, None)


#: Intent name → the doors (form, function, subject) registered under it.
_doors: dict[str, list[tuple[type, Callable[[Any, Any], Ack], Callable[[], Any | None]]]] = {}


def register_intent(
    name: str,
    form_class: type,
    run: Callable[[Any, Any], Ack],
    subject: Callable[[], Any | None],
) -> None:
    """Make intent ``name`` a Socket.IO event; ``subject`` finds who it acts for (or None).

    One name may be registered by both doors (``respond``: a decision maker's phone, or the
    team's control screen): the first door whose ``subject`` finds someone on this connection
    runs it.
    """
    doors = _doors.setdefault(name, [])
    doors.append((form_class, run, subject))
    if len(doors) > 1:
        return

    def handler(payload: Any = None) -> Ack:
        if not within_rate():
            log.info("refused %s: too fast", name)
            return too_fast()
        target, chosen = None, doors[0]
        for door in doors:
            try:
                target = door[2]()
            except ServiceError as err:  # e.g. a team member whose invite link was withdrawn
                log.info("refused %s: %s", name, err.code)
                return err.as_ack()
            if target is not None:
                chosen = door
                break
        if target is None:
            log.info("refused %s: not allowed on this connection", name)
            return Forbidden(_l("You cannot do this from this screen.")).as_ack()
        try:
            form = socket_form(chosen[0], payload)
        except ServiceError as err:
            log.info("refused %s: %s", name, err.code)
            return err.as_ack()
        key = payload.get(IDEMPOTENCY_FIELD) if isinstance(payload, dict) else None
        return perform(name, chosen[1], target, form, key=key)

    handler.__name__ = f"on_{name}"
    socketio.on_event(name, handler)


@socketio.on_error_default
def on_unexpected_error(error: Exception) -> Ack:
    """A bug in a handler: roll back, log it with its traceback, tell the client calmly."""
    db.session.rollback()
    log.exception("socket event failed", exc_info=error)
    return {"ok": False, "error": "server", "message": _("Something went wrong. Please try again.")}

"""The one door every participant and facilitator intent goes through, from HTTP or Socket.IO.

An intent is a WTForms form plus a function that calls one service. :func:`perform` validates
the form, runs the service, commits once (or rolls back) and returns an acknowledgement dict.
HTTP routes turn that into a page, Socket.IO handlers return it as the ack; so a phone without a
working WebSocket takes part through exactly the same rules.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from .extensions import db
from .models import IdempotencyKey, Participant, utcnow
from .services.actors import Actor
from .services.errors import InvalidInput, ServiceError

log = logging.getLogger("workshop.intents")

S = TypeVar("S")
F = TypeVar("F", bound=FlaskForm)
Ack = dict[str, Any]

_SCALARS = (str, int, float)
MAX_LIST = 100


def formdata_from_payload(payload: Any) -> MultiDict:
    """Turn a Socket.IO payload (a JSON object) into form data WTForms can validate.

    Only flat objects of scalars or lists of scalars are accepted: nested objects, huge lists
    and other shapes are refused before any form sees them.
    """
    if payload is None:
        payload = {}
    if not isinstance(payload, Mapping):
        raise InvalidInput(_l("The request was not understood."))
    items: list[tuple[str, str]] = []
    for key, value in payload.items():
        if not isinstance(key, str):
            raise InvalidInput(_l("The request was not understood."))
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_LIST:
            raise InvalidInput(_l("The request was not understood."))
        for item in values:
            if isinstance(item, bool):
                items.append((key, "y" if item else ""))
            elif isinstance(item, _SCALARS):
                items.append((key, str(item)))
            elif item is not None:
                raise InvalidInput(_l("The request was not understood."))
    return MultiDict(items)


def socket_form(form_class: type[F], payload: Any, **kwargs: Any) -> F:
    """Bind a form to a Socket.IO payload (no CSRF token: the socket session is the check)."""
    return form_class(formdata=formdata_from_payload(payload), meta={"csrf": False}, **kwargs)


def first_error(form: FlaskForm) -> tuple[str, str]:
    """The first failing field and its message, for a one-line error on a phone."""
    for name, errors in form.errors.items():
        if errors:
            message = errors[0]
            if isinstance(message, dict):  # FieldList/FormField nest their errors
                message = next(iter(message.values()))[0]
            elif isinstance(message, list):
                message = message[0]
            return name, str(message)
    return "", str(_l("The request was not understood."))


#: The payload field (socket) or form field (HTTP) that carries a client's idempotency key.
IDEMPOTENCY_FIELD = "idempotency_key"
#: What a client's idempotency key may look like: short, and nothing to escape anywhere.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
#: How long an answer is kept for retries; a phone's queue gives up on older intents sooner.
KEY_TTL = timedelta(days=1)
#: How often (seconds) one process looks for expired keys, so the purge costs nothing per intent.
PURGE_EVERY = 60.0
_next_purge = 0.0

NOT_UNDERSTOOD = _l("The request was not understood.")


def key_scope(subject: Any) -> tuple[int, str] | None:
    """(workshop id, sender) under which ``subject``'s keys are kept, or None when the intent
    has no sender that could retry (keys are the client's own, so unique per sender only)."""
    if isinstance(subject, Participant):
        return subject.workshop_id, f"p{subject.id}"
    if isinstance(subject, Actor):
        if subject.member is not None:
            return subject.workshop.id, f"m{subject.member.id}"
        return subject.workshop.id, f"f{subject.facilitator_id}"
    return None


def _stored(scope: str, key: str) -> IdempotencyKey | None:
    return db.session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
    )


def _replay(name: str, row: IdempotencyKey) -> Ack:
    """The answer a retry gets: the first one, unchanged; nothing is done again."""
    if row.intent != name:
        log.info("refused %s: idempotency key used for %s", name, row.intent)
        return {"ok": False, "error": "invalid", "message": str(NOT_UNDERSTOOD)}
    log.info("replayed %s: same idempotency key", name)
    return json.loads(row.ack)


def _purge_expired() -> None:
    """Forget keys older than :data:`KEY_TTL`, at most every :data:`PURGE_EVERY` seconds per
    process (so the table stays bounded without a job to schedule). Own transaction: a failure
    here must not undo the intent that was just acknowledged."""
    global _next_purge
    now = time.monotonic()
    if now < _next_purge:
        return
    _next_purge = now + PURGE_EVERY
    try:
        db.session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEY_TTL)
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not purge old idempotency keys")


def perform(
    name: str, run: Callable[[S, F], Ack], subject: S, form: F, key: str | None = None
) -> Ack:
    """Validate ``form``, run the intent against ``subject``, commit, and acknowledge.

    Refusals (invalid form, service rules) roll back, are logged as one line and come back as
    ``{"ok": False, "error": code, "message": text, "field": name}``.

    ``key`` (optional, from the client) makes a retry safe: a success is remembered under
    (sender, key) in the same transaction as the change, and the same key sent again gets the
    same ack with nothing done twice. Refusals are not remembered: they changed nothing, so a
    retry is simply judged again.
    """
    scope = None
    if key is not None and key != "":
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            log.info("refused %s: malformed idempotency key", name)
            return {
                "ok": False,
                "error": "invalid",
                "field": "idempotency_key",
                "message": str(NOT_UNDERSTOOD),
            }
        scope = key_scope(subject)
    if scope is not None:
        row = _stored(scope[1], key)
        if row is not None:
            return _replay(name, row)
    if not form.validate():
        field, message = first_error(form)
        log.info("refused %s: invalid %s", name, field)
        return {"ok": False, "error": "invalid", "field": field, "message": message}
    try:
        claim = None
        if scope is not None:
            # Claimed before the change: a simultaneous retry waits on the unique key here
            # (PostgreSQL) or on the write lock (SQLite), then finds the winner's answer.
            claim = IdempotencyKey(workshop_id=scope[0], scope=scope[1], key=key, intent=name)
            db.session.add(claim)
            db.session.flush()
        data = run(subject, form)
        ack = {"ok": True, **data}
        if claim is not None:
            claim.ack = json.dumps(ack, default=str)
        db.session.commit()
    except ServiceError as err:
        db.session.rollback()
        log.info("refused %s: %s (%s)", name, err.code, err)
        return err.as_ack()
    except IntegrityError:
        db.session.rollback()
        if scope is not None:
            row = _stored(scope[1], key)
            if row is not None:  # a retry of this very intent got there first
                return _replay(name, row)
        # Two identical intents raced (a double tap on a slow network): the database kept one.
        log.info("refused %s: conflict with a simultaneous change", name)
        return {
            "ok": False,
            "error": "conflict",
            "message": str(_l("This changed at the same moment elsewhere. Please try again.")),
        }
    if scope is not None:
        _purge_expired()
    return ack

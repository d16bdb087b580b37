"""The one door every participant and facilitator intent goes through, from HTTP or Socket.IO.

An intent is a WTForms form plus a function that calls one service. :func:`perform` validates
the form, runs the service, commits once (or rolls back) and returns an acknowledgement dict.
HTTP routes turn that into a page, Socket.IO handlers return it as the ack; so a phone without a
working WebSocket takes part through exactly the same rules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from .extensions import db
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


def perform(name: str, run: Callable[[S, F], Ack], subject: S, form: F) -> Ack:
    """Validate ``form``, run the intent against ``subject``, commit, and acknowledge.

    Refusals (invalid form, service rules) roll back, are logged as one line and come back as
    ``{"ok": False, "error": code, "message": text, "field": name}``.
    """
    if not form.validate():
        field, message = first_error(form)
        log.info("refused %s: invalid %s", name, field)
        return {"ok": False, "error": "invalid", "field": field, "message": message}
    try:
        data = run(subject, form)
        db.session.commit()
    except ServiceError as err:
        db.session.rollback()
        log.info("refused %s: %s (%s)", name, err.code, err)
        return err.as_ack()
    except IntegrityError:
        # Two identical intents raced (a double tap on a slow network): the database kept one.
        db.session.rollback()
        log.info("refused %s: conflict with a simultaneous change", name)
        return {
            "ok": False,
            "error": "conflict",
            "message": str(_l("This changed at the same moment elsewhere. Please try again.")),
        }
    return {"ok": True, **data}

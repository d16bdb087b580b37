"""Which facilitator is logged in, and the guard for facilitator-only pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import current_app, redirect, request, session, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import db
from ..models import Facilitator

SETUP_LINK_MAX_AGE = 7 * 24 * 3600


def log_in(facilitator: Facilitator) -> None:
    """Start a facilitator session (the cookie is signed; a fresh one on every log-in)."""
    participants = session.get("participants")
    session.clear()
    if participants:
        session["participants"] = participants
    session["facilitator_id"] = facilitator.id
    session.permanent = True


def log_out() -> None:
    """End the facilitator session; a participant identity in the same browser is kept."""
    session.pop("facilitator_id", None)


def current_facilitator() -> Facilitator | None:
    """The logged-in facilitator, if any."""
    facilitator_id = session.get("facilitator_id")
    return db.session.get(Facilitator, facilitator_id) if facilitator_id else None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send anonymous visitors to the log-in page, then back where they were going."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_facilitator() is None:
            # A POST (a stage button on an expired session) cannot be replayed by a redirect:
            # come back to the page it was sent from instead, or to the dashboard.
            if request.method == "GET":
                back = request.full_path
            elif kwargs.get("code"):
                back = url_for("facilitator.control", code=kwargs["code"])
            else:
                back = None
            return redirect(url_for("auth.login", next=back))
        return view(*args, **kwargs)

    return wrapped


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="tavola-first-setup")


def setup_token() -> str:
    """A token for the first-run set-up link; it works only while no facilitator exists."""
    return _serializer().dumps("first-facilitator")


def setup_token_valid(token: str) -> bool:
    """Whether ``token`` is a set-up token signed by this installation and not expired."""
    try:
        return _serializer().loads(token, max_age=SETUP_LINK_MAX_AGE) == "first-facilitator"
    except BadSignature:
        return False

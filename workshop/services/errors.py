"""Errors a service raises when an intent cannot be carried out.

Each carries a stable ``code`` for clients and tests and a translatable ``message`` for people.
Handlers turn them into a flashed message (HTTP) or an error ack (Socket.IO); they are expected
outcomes, so they are logged as one line, never with a traceback.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """An intent refused by the rules of the workshop; nothing was changed."""

    code = "error"

    def __init__(self, message: Any, *, field: str | None = None) -> None:
        super().__init__(str(message))
        #: Lazy string: rendered in the language of whoever reads it.
        self.message = message
        #: The form field at fault, when there is one.
        self.field = field

    def as_ack(self) -> dict[str, Any]:
        """The Socket.IO error acknowledgement for this error."""
        ack: dict[str, Any] = {"ok": False, "error": self.code, "message": str(self.message)}
        if self.field:
            ack["field"] = self.field
        return ack


class InvalidInput(ServiceError):
    """Empty, too long or malformed input."""

    code = "invalid"


class NotFound(ServiceError):
    """The thing named does not exist in this workshop."""

    code = "not_found"


class Forbidden(ServiceError):
    """The caller may not do this (wrong workshop, wrong role, not logged in)."""

    code = "forbidden"


class WrongStage(ServiceError):
    """The current stage does not allow this action."""

    code = "stage"


class RoomFull(ServiceError):
    """The workshop has as many phones connected as the deployment allows (``TAVOLA_ROOM_CAP``);
    a new person may try again when someone leaves. Those already in always get back in."""

    code = "full"


class OverBudget(ServiceError):
    """A vote would spend more dots than the participant has."""

    code = "budget"

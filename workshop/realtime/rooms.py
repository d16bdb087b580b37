"""Socket.IO room names. Each connection joins exactly one room of its workshop.

Three rooms per workshop because the three kinds of screen may see different data: the control
screen always sees vote tallies, the projector and phones only once they are revealed.
"""

from __future__ import annotations

from enum import StrEnum


class View(StrEnum):
    """The kind of screen a connection draws."""

    PHONE = "phone"
    SCREEN = "screen"
    CONTROL = "control"


def room(workshop_id: int, view: View | str) -> str:
    """The room of one kind of screen of one workshop."""
    return f"w{workshop_id}:{View(view).value}"

"""Socket.IO events of the control screen.

Sent by the control screen only (its connection joined with ``view: "control"`` by the
facilitator who runs the workshop):

- ``set_stage`` ``{"stage": "vote"}`` → ack ``{"ok": true, "stage": "vote", "revealed": false}``
- ``reveal`` ``{"revealed": true}`` → ack ``{"ok": true, "revealed": true}``

Both are broadcast to every screen of the workshop in the next delta.
"""

from __future__ import annotations

from ..realtime.connection import connected_actor
from ..realtime.handlers import register_intent
from .intents import INTENTS

for _name, (_form, _run) in INTENTS.items():
    register_intent(_name, _form, _run, connected_actor)

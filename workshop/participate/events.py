"""Socket.IO events sent by phones (connections joined with ``view: "phone"``).

- ``post_problem`` ``{"text"}`` → ack ``{"ok", "problem"}``
- ``support`` ``{"problem_id", "supported"}``
  → ack ``{"ok", "problem_id", "supported", "supports"}``
- ``create_prototype`` ``{"title", "problem_ids", "what_changes", "who_benefits", "who_acts",
  "first_step"}`` → ack ``{"ok", "prototype"}``
- ``vote`` ``{"prototype_id", "delta": 1|-1}`` → ack ``{"ok", "votes", "remaining"}``
- ``withdraw_problem`` ``{"problem_id"}`` → ack ``{"ok", "problem_id"}`` (own cards only)
- ``withdraw_prototype`` ``{"prototype_id"}`` → ack ``{"ok", "prototype_id"}`` (own only)

What changed reaches every screen in the next coalesced ``delta``; see ``docs/protocol.md``.
"""

from __future__ import annotations

from ..realtime.connection import connected_participant
from ..realtime.handlers import register_intent
from .intents import INTENTS

for _name, (_form, _run) in INTENTS.items():
    register_intent(_name, _form, _run, connected_participant)

"""The server as ``workshop.wsgi`` serves it, but one broadcast for every committed change.

Only for ``bench/scale.py``'s baseline: the design the broadcaster replaces, where each vote is
sent to the whole room as it commits. The delta is the same one a tick sends (the
broadcaster's own ``_send``), so the comparison is only about coalescing.
"""

from typing import Any

from workshop.realtime.broadcaster import Broadcaster


def broadcast_now(self: Broadcaster, committed: Any) -> None:
    """Send this transaction's changes to the room at once, in the committing request."""
    kinds: dict[int, set[tuple[str, int | None]]] = {}
    for change in committed:
        kinds.setdefault(change.workshop_id, set()).add((change.kind, change.ident))
    assert self._app is not None
    with self._app.app_context():
        for workshop_id, changed in kinds.items():
            self._send(workshop_id, changed)


# Fail loudly if the broadcaster changes shape: a silent no-op would measure the ticks instead.
assert hasattr(Broadcaster, "_send") and hasattr(Broadcaster, "on_commit")
Broadcaster.on_commit = broadcast_now  # before the app subscribes it

from workshop.wsgi import app  # noqa: E402

__all__ = ["app"]

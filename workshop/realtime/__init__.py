"""Live updates: rooms, the coalescing broadcaster and the Socket.IO connection handshake.

Nothing here changes the workshop: intents go through :mod:`workshop.intents` to the services,
and the broadcaster learns what changed from committed transactions
(:mod:`workshop.services.changes`).
"""

import logging

from flask import Flask

from .broadcaster import broadcaster

__all__ = ["broadcaster", "forget_stale_presence"]


def forget_stale_presence(app: Flask) -> None:
    """At server start: nobody is connected to this process yet, so its old rows are stale.

    Alone (no message queue: the embedded default), this process is the whole server and every
    row is stale; with a message queue, only the rows of an earlier run of this process are.
    """
    from ..extensions import db
    from ..services import presence

    with app.app_context():
        try:
            dropped = presence.clear_stale(everything=not app.config.get("REDIS_URL"))
            db.session.commit()
        except Exception:  # an old schema without the table: the server still starts
            db.session.rollback()
            logging.getLogger(__name__).exception("could not clear stale presence rows")
            return
    if dropped:
        logging.getLogger(__name__).info("forgot %d stale presence rows", dropped)

"""Live updates: rooms, the coalescing broadcaster and the Socket.IO connection handshake.

Nothing here changes the workshop: intents go through :mod:`workshop.intents` to the services,
and the broadcaster learns what changed from committed transactions
(:mod:`workshop.services.changes`).
"""

from .broadcaster import broadcaster

__all__ = ["broadcaster"]

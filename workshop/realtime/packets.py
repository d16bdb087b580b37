"""Socket.IO packets as the server reads them: a malformed one is dropped, not a traceback.

python-socketio decodes each incoming frame before any Tavola handler sees it. A frame that is
not a valid packet (broken JSON, a bad namespace, an event without a name, binary data Tavola
never sends) raises inside the library, and Engine.IO logs it as "message handler error" with
a full traceback: anyone could fill the log by sending garbage. Here such a frame becomes a
disconnect of that client from the room, with one line in the log; every other phone is
served as before, and the event handlers only ever see ``[name, payload?]`` lists.
"""

from __future__ import annotations

import logging
from typing import Any

from socketio import packet

log = logging.getLogger(__name__)

#: What can go wrong while decoding a hostile frame (JSONDecodeError is a ValueError; very
#: deep nesting ends in RecursionError).
DECODE_ERRORS = (ValueError, TypeError, IndexError, AttributeError, RecursionError)


class CheckedPacket(packet.Packet):
    """A :class:`socketio.packet.Packet` that turns an incoming malformed frame into a
    DISCONNECT of the client (outgoing packets are built exactly as before)."""

    def __init__(
        self,
        packet_type: int = packet.EVENT,
        data: Any = None,
        namespace: str | None = None,
        id: int | None = None,  # python-socketio's own parameter name
        binary: bool | None = None,
        encoded_packet: Any = None,
    ) -> None:
        if encoded_packet is None:  # one the server sends
            super().__init__(packet_type, data, namespace, id, binary)
            return
        try:
            super().__init__(encoded_packet=encoded_packet)
            # An empty frame skips decoding and would pass as an EVENT without data.
            well_formed = bool(encoded_packet) and self._well_formed()
        except DECODE_ERRORS:
            well_formed = False
        if not well_formed:
            log.info("dropped a malformed Socket.IO packet (%d characters)", len(encoded_packet))
            self.packet_type, self.namespace = packet.DISCONNECT, None
            self.id, self.data, self.attachment_count, self.attachments = None, None, 0, []

    def _well_formed(self) -> bool:
        """The shapes python-socketio's dispatch relies on; Tavola uses no binary packets."""
        if self.packet_type in (packet.CONNECT, packet.DISCONNECT):
            return True
        if self.packet_type == packet.EVENT:
            return isinstance(self.data, list) and bool(self.data) and isinstance(self.data[0], str)
        if self.packet_type == packet.ACK:
            return isinstance(self.data, list)
        return False

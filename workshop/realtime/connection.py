"""The Socket.IO handshake: who connects to which workshop, and the snapshot they start from.

Client → server on connect: ``auth = {"code": "ACDEFG", "view": "phone"|"screen"|"control"}``.
A phone must have joined the workshop (its cookie names a participant); the projector and control
screen need the facilitator who runs the workshop. Refusals arrive as ``connect_error`` with the
message ``unknown_workshop``, ``not_joined`` or ``not_allowed``.
"""

from __future__ import annotations

import logging
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_socketio import ConnectionRefusedError, join_room

from ..auth.session import current_facilitator
from ..extensions import db, socketio
from ..intents import Ack
from ..models import Participant, Workshop
from ..participate.identity import current_participant
from ..services import Actor, Forbidden, NotFound, get_workshop_by_code, live
from .handlers import connection, set_connection
from .rooms import View, room

log = logging.getLogger(__name__)


@socketio.on("connect")
def on_connect(auth: Any = None) -> None:
    """Check who is connecting and put the connection in its workshop's room for its view."""
    auth = auth if isinstance(auth, dict) else {}
    try:
        view = View(auth.get("view"))
        workshop = get_workshop_by_code(str(auth.get("code", ""))[:20])
    except (ValueError, NotFound):
        log.info("refused connection: unknown workshop or view")
        raise ConnectionRefusedError("unknown_workshop") from None
    info: dict[str, Any] = {"workshop_id": workshop.id, "view": view.value}
    if view == View.PHONE:
        participant = current_participant(workshop)
        if participant is None:
            raise ConnectionRefusedError("not_joined")
        info["participant_id"] = participant.id
    else:
        facilitator = current_facilitator()
        if facilitator is None or facilitator.id != workshop.facilitator_id:
            raise ConnectionRefusedError("not_allowed")
        info["facilitator_id"] = facilitator.id
    set_connection(info)
    join_room(room(workshop.id, view))


@socketio.on("snapshot")
def on_snapshot(_payload: Any = None) -> Ack:
    """Client asks for the whole state (after connect, or after noticing a missed delta).

    Ack: ``{"ok": true, "snapshot": {...}}``; tallies only for the control screen, or for
    everyone once revealed; a phone also gets its own "me too"s, dots and remaining budget; the
    control screen also gets who is in, by table and role.
    """
    info = connection()
    if info is None:
        return Forbidden(_l("You cannot do this from this screen.")).as_ack()
    workshop = db.session.get(Workshop, info["workshop_id"])
    if workshop is None:
        return NotFound(_l("This workshop no longer exists.")).as_ack()
    participant = None
    if info["view"] == View.PHONE:
        participant = db.session.get(Participant, info["participant_id"])
    control = info["view"] == View.CONTROL
    snapshot = live.snapshot(
        workshop,
        participant=participant,
        with_tallies=control or workshop.results_revealed,
        moderator=control,
    )
    if control:
        snapshot["participation"] = live.participation(workshop)
    return {"ok": True, "snapshot": snapshot}


def connected_participant() -> Participant | None:
    """The participant behind this phone connection, if it is one."""
    info = connection()
    if not info or info.get("view") != View.PHONE:
        return None
    return db.session.get(Participant, info["participant_id"])


def connected_actor() -> Actor | None:
    """Who acts through this control-screen connection (the trainer), if it is one."""
    info = connection()
    if not info or info.get("view") != View.CONTROL:
        return None
    workshop = db.session.get(Workshop, info["workshop_id"])
    if workshop is None or workshop.facilitator_id != info.get("facilitator_id"):
        return None
    return Actor.trainer(workshop)

"""The Socket.IO handshake: who connects to which workshop, and the snapshot they start from.

Client → server on connect: ``auth = {"code": "ACDEFG", "view": "phone"|"screen"|"control"}``.
A phone must have joined the workshop (its cookie names a participant); the projector and control
screen need the facilitator who runs the workshop or a member of their team (invite link).
Refusals arrive as ``connect_error`` with the message ``unknown_workshop``, ``not_joined``,
``not_allowed`` or ``revoked`` (the browser's invite link was withdrawn). Every connection is
noted in the ``presence`` table while it is open.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_socketio import ConnectionRefusedError, join_room
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.session import current_facilitator
from ..extensions import db, socketio
from ..facilitator.membership import current_member, member_token
from ..intents import Ack
from ..models import Participant, Presence, TeamMember, Workshop
from ..participate.identity import current_participant
from ..services import Actor, Forbidden, NotFound, get_workshop_by_code, live, presence
from .handlers import connection, forget_rate, set_connection, too_fast, within_rate
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
        member = current_member(workshop)
        if facilitator is not None and facilitator.id == workshop.facilitator_id:
            info["facilitator_id"] = facilitator.id
        elif member is not None:  # a team member, by their invite link
            info["member_id"] = member.id
        elif member_token(workshop) is not None:
            raise ConnectionRefusedError("revoked")
        else:
            raise ConnectionRefusedError("not_allowed")
    set_connection(info)
    join_room(room(workshop.id, view))
    _note_presence(info)


@socketio.on("snapshot")
def on_snapshot(_payload: Any = None) -> Ack:
    """Client asks for the whole state (after connect, or after noticing a missed delta).

    Ack: ``{"ok": true, "snapshot": {...}}``; tallies only for the control screen, or for
    everyone once revealed; a phone also gets its own "me too"s, dots and remaining budget; the
    control screen also gets who is in, by table and role.
    """
    if not within_rate():
        return too_fast()
    info = connection()
    if info is None:
        return Forbidden(_l("You cannot do this from this screen.")).as_ack()
    workshop = db.session.get(Workshop, info["workshop_id"])
    if workshop is None:
        return NotFound(_l("This workshop no longer exists.")).as_ack()
    if info.get("member_id") is not None and _active_member(workshop, info) is None:
        return Forbidden(WITHDRAWN).as_ack()
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
    if info["view"] != View.PHONE:
        snapshot["presence"] = live.presence(workshop, control=control)
    return {"ok": True, "snapshot": snapshot}


def connected_participant() -> Participant | None:
    """The participant behind this phone connection, if it is one."""
    info = connection()
    if not info or info.get("view") != View.PHONE:
        return None
    # With its workshop in the same query: every intent reads the stage and the budget.
    return db.session.get(
        Participant, info["participant_id"], options=[joinedload(Participant.workshop)]
    )


def connected_actor() -> Actor | None:
    """Who acts through this control-screen connection (the trainer or a team member), if any.

    A member whose invite link was withdrawn since they connected is refused with a message.
    """
    info = connection()
    if not info or info.get("view") != View.CONTROL:
        return None
    workshop = db.session.get(Workshop, info["workshop_id"])
    if workshop is None:
        return None
    if info.get("member_id") is not None:
        member = _active_member(workshop, info)
        if member is None:
            raise Forbidden(WITHDRAWN)
        return Actor.of_member(member)
    if workshop.facilitator_id != info.get("facilitator_id"):
        return None
    return Actor.trainer(workshop)


WITHDRAWN = _l("Your invitation to this workshop was withdrawn.")


def _active_member(workshop: Workshop, info: dict[str, Any]) -> TeamMember | None:
    member = db.session.get(TeamMember, info["member_id"])
    if member is None or member.workshop_id != workshop.id or member.revoked_at is not None:
        return None
    return member


def _note_presence(info: dict[str, Any]) -> None:
    """Write this connection's presence row (a failure must not refuse the connection)."""
    try:
        presence.connected(
            request.sid,
            workshop_id=info["workshop_id"],
            view=info["view"],
            participant_id=info.get("participant_id"),
            member_id=info.get("member_id"),
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not note the presence of %s", request.sid)


@socketio.on("disconnect")
def on_disconnect(_reason: Any = None) -> None:
    """A screen went away (closed, slept, lost the network): it no longer counts as connected.

    The projector and control screen get the new counts in the next coalesced ``presence``.
    """
    forget_rate(request.sid)
    try:
        presence.disconnected(request.sid)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not forget the presence of %s", request.sid)


def disconnect_member(member_id: int) -> None:
    """Close the open screens of a team member whose invite link was just withdrawn.

    Their browser then reloads and is told the link no longer works; with a message queue the
    other server processes close theirs too.
    """
    sids = db.session.scalars(select(Presence.sid).where(Presence.member_id == member_id)).all()
    for sid in sids:
        try:
            socketio.server.disconnect(sid, namespace="/")
        except Exception:
            log.exception("could not disconnect %s", sid)

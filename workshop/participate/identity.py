"""Who a phone is: a participant token kept in the signed session cookie, one per workshop."""

from __future__ import annotations

from flask import session

from ..models import Participant, Workshop
from ..services import participant_for_token


def remember_participant(participant: Participant) -> None:
    """Keep the participant's token in the cookie, so a reload or a return finds them again."""
    tokens = dict(session.get("participants", {}))
    tokens[str(participant.workshop_id)] = participant.token
    session["participants"] = tokens
    session.permanent = True


def current_participant(workshop: Workshop) -> Participant | None:
    """The participant this browser joined ``workshop`` as, if any."""
    token = session.get("participants", {}).get(str(workshop.id))
    return participant_for_token(workshop, token)

"""The phone side: join, post problems, "me too", prototypes, dot votes."""

from flask import Blueprint, g, url_for

bp = Blueprint("participate", __name__)


def intent_url(code: str, intent: str) -> str:
    """Where a phone page's form for ``intent`` posts.

    The same phone page serves the team entering input for someone without a phone
    (``g.acting_for``, set by the facilitator's on-behalf view): its forms then post to the
    team's route, which checks the team member's role before acting as that person.
    """
    person_id = g.get("acting_for")
    if person_id is not None:
        return url_for("facilitator.act_for", code=code, person_id=person_id, intent=intent)
    return url_for("participate.act", code=code, intent=intent)


from . import routes  # noqa: E402,F401  (events are registered by create_app)

"""The phone side: join, post problems, "me too", prototypes, dot votes."""

import secrets

from flask import Blueprint, g, url_for

bp = Blueprint("participate", __name__)


@bp.app_template_global()
def idempotency_key() -> str:
    """A fresh key for a phone form's hidden ``idempotency_key`` input: a browser that posts
    the same form twice (a double tap, a resend after a lost answer) changes things once."""
    return secrets.token_urlsafe(12)


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


from . import photos, routes  # noqa: E402,F401  (events are registered by create_app)

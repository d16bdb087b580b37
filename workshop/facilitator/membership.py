"""Who acts on a workshop's team screens: its trainer (logged in) or a team member (invite link).

A member has no account: opening ``/t/<token>`` keeps the invite token in the browser's signed
session cookie, one per workshop, as a phone keeps its participant token. Every facilitator page
and intent asks :func:`current_actor`, so a withdrawn link stops working on the next request.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from .. import services
from ..auth.session import current_facilitator
from ..models import TeamMember, Workshop
from ..services import Actor

_KEY = "team"


def remember_member(member: TeamMember) -> None:
    """Keep the member's invite token in the cookie, so their screens find them again."""
    tokens = dict(session.get(_KEY, {}))
    tokens[str(member.workshop_id)] = member.token
    session[_KEY] = tokens
    session.permanent = True


def forget_member(workshop: Workshop) -> None:
    """Drop this browser's invite token for ``workshop`` (it was withdrawn)."""
    tokens = dict(session.get(_KEY, {}))
    if tokens.pop(str(workshop.id), None) is not None:
        session[_KEY] = tokens


def member_token(workshop: Workshop) -> str | None:
    """The invite token this browser holds for ``workshop``, valid or not."""
    return session.get(_KEY, {}).get(str(workshop.id))


def current_member(workshop: Workshop) -> TeamMember | None:
    """The active team member this browser is in ``workshop``, if any."""
    member = services.member_for_token(member_token(workshop))
    if member is None or member.workshop_id != workshop.id:
        return None
    return member


def withdrawn_page() -> Response:
    """The page a withdrawn (or mistyped) invite link leads to (status 403)."""
    return make_response(render_template("facilitator/withdrawn.html"), 403)


def current_actor(code: str) -> Actor:
    """The trainer or team member acting on the workshop ``code`` from this browser.

    Anonymous visitors go to the log-in page (then back); a withdrawn invite gets a page saying
    so; anyone else (another trainer) gets 404, as if the workshop did not exist.
    """
    try:
        workshop = services.get_workshop_by_code(code)
    except services.NotFound:
        abort(404)
    facilitator = current_facilitator()
    if facilitator is not None and facilitator.id == workshop.facilitator_id:
        return Actor.trainer(workshop)
    member = current_member(workshop)
    if member is not None:
        return Actor.of_member(member)
    if member_token(workshop) is not None:
        forget_member(workshop)
        abort(withdrawn_page())
    if facilitator is None:
        # As login_required: a POST cannot be replayed, so come back to the control screen.
        back = request.full_path if request.method == "GET" else None
        back = back or url_for("facilitator.control", code=workshop.code)
        abort(redirect(url_for("auth.login", next=back)))
    abort(404)

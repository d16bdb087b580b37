"""The trainer's team: the Team page (invite links per role, withdraw them) and opening a link.

Inviting and withdrawing are intents like any other (a form plus a function, performed through
:func:`workshop.intents.perform`); the trainer and a co-facilitator may do them
(``Actor.may_run_room``). Opening ``/t/<token>`` needs no account: the browser keeps the token
in its signed cookie and lands on the team control screen, drawn for the member's role.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import services
from ..intents import Ack, perform
from ..services import Actor
from . import bp
from .forms import InviteForm, RevokeForm
from .membership import current_actor, remember_member, withdrawn_page


def invite(actor: Actor, form: InviteForm) -> Ack:
    """Create an invite link. Ack: the member's id, role, table and token."""
    actor.require(actor.may_run_room())
    member = services.invite(
        actor.workshop,
        form.role.data,
        theme_id=form.theme_id.data,
        display_name=form.display_name.data,
    )
    return {
        "member": {
            "id": member.id,
            "role": member.role.value,
            "theme_id": member.theme_id,
            "token": member.token,
        }
    }


def revoke(actor: Actor, form: RevokeForm) -> Ack:
    """Withdraw an invite link. Ack: the id of the member whose link no longer works."""
    actor.require(actor.may_run_room())
    member = services.team_member(actor.workshop, form.member_id.data)
    if member is None:
        raise services.NotFound(_l("This team member does not exist."), field="member_id")
    services.revoke(member)
    return {"member_id": member.id}


def invite_url(token: str) -> str:
    """The link a team member opens (``PUBLIC_URL`` when set, as for the join link)."""
    base = current_app.config["PUBLIC_URL"] or request.host_url.rstrip("/")
    return f"{base}{url_for('facilitator.join_team', token=token)}"


def _back(actor: Actor):
    """After a team form: the Team page, or the control screen for a role that cannot see it."""
    page = "facilitator.team" if actor.may_run_room() else "facilitator.control"
    return redirect(url_for(page, code=actor.workshop.code))


@bp.get("/f/<code>/team")
def team(code: str):
    """The Team page: who helps run this workshop, and a new invite link per role."""
    actor = current_actor(code)
    workshop = actor.workshop
    if not actor.may_run_room():
        flash(_("Your role in this workshop cannot do that."), "error")
        return redirect(url_for("facilitator.control", code=workshop.code)), 303
    members = [(m, invite_url(m.token)) for m in services.list_team(workshop)]
    return render_template(
        "facilitator/team.html",
        workshop=workshop,
        actor=actor,
        members=members,
        invite_form=InviteForm(),
        revoke_form=RevokeForm(),
    )


@bp.post("/f/<code>/team/invite")
def team_invite(code: str):
    """Create an invite link (a plain form post), then show it on the Team page."""
    actor = current_actor(code)
    ack = perform("invite", invite, actor, InviteForm())
    if not ack["ok"]:
        flash(ack["message"], "error")
    return _back(actor)


@bp.post("/f/<code>/team/revoke")
def team_revoke(code: str):
    """Withdraw an invite link; the member's open screens are disconnected at once."""
    actor = current_actor(code)
    ack = perform("revoke", revoke, actor, RevokeForm())
    if ack["ok"]:
        from ..realtime.connection import disconnect_member

        disconnect_member(ack["member_id"])
        flash(_("The invite link no longer works."), "status")
    else:
        flash(ack["message"], "error")
    return _back(actor)


@bp.get("/t/<token>")
def join_team(token: str):
    """Open an invite link: this browser becomes that team member, no account needed."""
    member = services.member_for_token(token[:64])
    if member is None:
        return withdrawn_page()
    remember_member(member)
    return redirect(url_for("facilitator.control", code=member.workshop.code))

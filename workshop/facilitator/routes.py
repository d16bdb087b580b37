"""Trainer pages: home, dashboard, new workshop, control screen, projector view, JSON export."""

from __future__ import annotations

import json
import socket
from ipaddress import ip_address
from urllib.parse import urlsplit

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from .. import services
from ..auth.session import current_facilitator, login_required
from ..extensions import db
from ..intents import perform
from ..models import Workshop
from ..participate.forms import CodeForm
from ..reports.json_export import export_workshop
from ..services import ThemeSpec, live
from ..services.workshops import next_stage, previous_stage
from . import bp
from .forms import RevealForm, StageForm, WorkshopForm
from .intents import INTENTS
from .qr import qr_svg


def owned_workshop(code: str) -> Workshop:
    """The workshop with this code if the logged-in facilitator runs it; 404 otherwise."""
    facilitator = current_facilitator()
    try:
        workshop = services.get_workshop_by_code(code)
    except services.NotFound:
        abort(404)
    if facilitator is None or workshop.facilitator_id != facilitator.id:
        abort(404)
    return workshop


def join_url(workshop: Workshop) -> str:
    """The address phones open: ``PUBLIC_URL`` when set, else the address this page came from."""
    base = current_app.config["PUBLIC_URL"] or request.host_url.rstrip("/")
    return f"{base}{url_for('participate.join', code=workshop.code)}"


def lan_hint(url: str) -> str | None:
    """When the join address is loopback, a LAN address phones could reach instead."""
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ip_address(host).is_loopback
    except ValueError:
        return None
    if not loopback:
        return None
    try:
        candidates = {
            info[4][0]
            for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
            if not info[4][0].startswith("127.")
        }
    except OSError:
        candidates = set()
    if not candidates:
        return None
    port = urlsplit(url).port
    return f"http://{sorted(candidates)[0]}{f':{port}' if port else ''}"


@bp.get("/")
def home():
    """Landing page: participants type a code, facilitators log in."""
    if current_facilitator() is not None:
        return redirect(url_for("facilitator.dashboard"))
    return render_template("home.html", form=CodeForm())


@bp.get("/f/")
@login_required
def dashboard():
    """The facilitator's workshops, newest first."""
    facilitator = current_facilitator()
    workshops = db.session.scalars(
        select(Workshop)
        .where(Workshop.facilitator_id == facilitator.id)
        .order_by(Workshop.created_at.desc())
    ).all()
    return render_template("facilitator/dashboard.html", workshops=workshops)


@bp.route("/f/new", methods=["GET", "POST"])
@login_required
def new_workshop():
    """Create a workshop from the co-projecting template."""
    form = WorkshopForm()
    if request.method == "GET":
        for entry, spec in zip(form.themes.entries, services.default_themes(), strict=False):
            entry.form.name.data = spec.name
            entry.form.icon.data = spec.icon
            entry.form.colour.data = spec.colour
    refused = False
    if form.validate_on_submit():
        specs = [
            ThemeSpec(t.form.name.data or "", t.form.icon.data, t.form.colour.data)
            for t in form.themes.entries
            if (t.form.name.data or "").strip()
        ]
        try:
            workshop = services.create_workshop(
                current_facilitator(),
                title=form.title.data,
                place=form.place.data or "",
                held_on=form.held_on.data,
                themes=specs,
                dot_budget=form.dot_budget.data,
            )
            db.session.commit()
        except services.ServiceError as err:
            db.session.rollback()
            refused = True  # form.errors was computed during validation and misses this one
            field = getattr(form, err.field or "title", form.title)
            if err.field == "themes":  # shown under the first table row, where the eye is
                field = form.themes.entries[0].form.name
            field.errors = [*field.errors, str(err.message)]
        else:
            return redirect(url_for("facilitator.control", code=workshop.code))
    status = 400 if refused or form.errors else 200
    return render_template("facilitator/new.html", form=form), status


def _room_context(workshop: Workshop, *, with_tallies: bool) -> dict:
    snap = live.snapshot(workshop, with_tallies=with_tallies)
    url = join_url(workshop)
    return {
        "workshop": workshop,
        "snap": snap,
        "join_url": url,
        "lan_hint": lan_hint(url),
        "qr": qr_svg(url, _("QR code to join the workshop")),
        "results": live.results(workshop) if with_tallies else None,
    }


@bp.get("/f/<code>/control")
@login_required
def control(code: str):
    """The trainer's control screen: stages, reveal, live wall with tallies, who is in."""
    workshop = owned_workshop(code)
    return render_template(
        "facilitator/control.html",
        view="control",
        participation=live.participation(workshop),
        next_stage=next_stage(workshop),
        previous_stage=previous_stage(workshop),
        stage_form=StageForm(),
        reveal_form=RevealForm(),
        **_room_context(workshop, with_tallies=True),
    )


@bp.get("/f/<code>/screen")
@login_required
def screen(code: str):
    """The projector view: QR, code, stage, live wall; tallies only once revealed."""
    workshop = owned_workshop(code)
    return render_template(
        "facilitator/screen.html",
        view="screen",
        **_room_context(workshop, with_tallies=workshop.results_revealed),
    )


@bp.post("/f/<code>/<intent>")
@login_required
def act(code: str, intent: str):
    """A facilitator intent sent as a plain form post (same rules as the Socket.IO event)."""
    workshop = owned_workshop(code)
    if intent not in INTENTS:
        abort(404)
    form_class, run = INTENTS[intent]
    ack = perform(intent, run, services.Actor.trainer(workshop), form_class())
    if not ack["ok"]:
        flash(ack["message"], "error")
    return redirect(url_for("facilitator.control", code=workshop.code))


@bp.get("/f/<code>/export.json")
@login_required
def export_json(code: str):
    """Download the complete record of the workshop."""
    workshop = owned_workshop(code)
    body = json.dumps(export_workshop(workshop), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="tavola-{workshop.code}.json"'},
    )

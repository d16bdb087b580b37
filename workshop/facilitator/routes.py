"""Trainer pages: home, dashboard, new workshop, control screen, projector view, JSON export."""

from __future__ import annotations

import socket
from ipaddress import ip_address
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from .. import services
from ..auth.session import current_facilitator, login_required
from ..extensions import db
from ..i18n import use_scope
from ..intents import IDEMPOTENCY_FIELD, perform
from ..models import Participant, Stage, Workshop
from ..participate.forms import CodeForm
from ..participate.intents import INTENTS as PARTICIPANT_INTENTS
from ..participate.routes import phone_context, refused_page
from ..services import ThemeSpec, behalf, imports, live, privacy
from ..services.problems import POSTING_STAGES
from ..services.rating_results import exact_rating_results
from ..services.workshops import next_stage, normalise_join_code, previous_stage
from ..session_templates import TEMPLATES, SessionTemplate, get_template
from . import bp
from .forms import (
    DeleteWorkshopForm,
    DuplicateForm,
    PersonForm,
    QuoteForm,
    RevealForm,
    StageForm,
    WorkshopForm,
)
from .intents import INTENTS
from .membership import current_actor
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


def _reviewable(facilitator) -> list[Workshop]:
    """The trainer's other workshops a prototype review can take its items from."""
    return list(
        db.session.scalars(
            select(Workshop)
            .where(Workshop.facilitator_id == facilitator.id)
            .order_by(Workshop.created_at.desc())
        )
    )


def _fill(form: WorkshopForm, kind: SessionTemplate, workshop: Workshop | None = None) -> None:
    """Put a template's defaults (or a session's settings) into an unsent form."""
    form.template.data = kind.key
    themes = (
        [ThemeSpec(t.name, t.icon, t.colour) for t in workshop.themes]
        if workshop
        else kind.themes()
    )
    for entry, spec in zip(form.themes.entries, themes, strict=False):
        entry.form.name.data = spec.name
        entry.form.icon.data = spec.icon
        entry.form.colour.data = spec.colour
    for entry in form.themes.entries[len(themes) :]:
        entry.form.colour.data = "#1f5f99"
    stages = workshop.stages if workshop else kind.default_stages
    form.stages.data = [stage.value for stage in stages]
    if workshop is None:
        form.rounds.data = "\n".join(kind.rounds())
        form.items.data = "\n".join(kind.items())
        form.criteria.data = "\n".join(kind.criteria())
        return
    form.title.data, form.place.data, form.held_on.data = (
        workshop.title,
        workshop.place,
        workshop.held_on,
    )
    form.dot_budget.data = workshop.dot_budget
    form.focus_count.data = workshop.focus_count
    form.lock_at_zero.data = workshop.lock_at_zero
    form.premoderation.data = workshop.premoderation
    form.rounds.data = "\n".join(r.prompt for r in workshop.rounds)
    form.items.data = "\n".join(i.text for i in workshop.rating_items if i.prototype_id is None)
    form.criteria.data = "\n".join(c.name for c in workshop.criteria)


def _settings(form: WorkshopForm, kind: SessionTemplate) -> dict:
    """The form's values as keyword arguments of ``create_workshop``/``update_settings``.

    Lists the template does not use are left out, so a session keeps its defaults for them.
    """
    values: dict = {
        "title": form.title.data,
        "place": form.place.data or "",
        "held_on": form.held_on.data,
        "themes": [
            ThemeSpec(t.form.name.data or "", t.form.icon.data, t.form.colour.data)
            for t in form.themes.entries
            if (t.form.name.data or "").strip()
        ],
        "dot_budget": form.dot_budget.data,
        "stages": form.chosen_stages(),
        "focus_count": form.focus_count.data or 2,
        "lock_at_zero": bool(form.lock_at_zero.data),
        "premoderation": bool(form.premoderation.data),
    }
    if Stage.LISTEN in kind.stages:
        values["rounds"] = form.lines(form.rounds)
    if Stage.RATE in kind.stages:
        if not kind.items_from_prototypes:
            values["items"] = form.lines(form.items)
        values["criteria"] = form.lines(form.criteria)
    return values


def _refuse(form: WorkshopForm, err: services.ServiceError) -> None:
    """Show a service refusal under the field it is about."""
    field = getattr(form, err.field or "title", form.title)
    if err.field == "themes":  # shown under the first table row, where the eye is
        field = form.themes.entries[0].form.name
    field.errors = [*field.errors, str(err.message)]


@bp.route("/f/new", methods=["GET", "POST"])
@login_required
def new_workshop():
    """Create a session: pick its kind, then its title, tables, stages and lists."""
    facilitator = current_facilitator()
    form = WorkshopForm()
    key = request.values.get("template") or "workshop"
    kind = TEMPLATES.get(key) or TEMPLATES["workshop"]
    form.offer(kind)
    sources = _reviewable(facilitator)
    form.review_of.choices = [SelectChoice(0, "—")] + [
        SelectChoice(w.id, f"{w.title} ({w.code})") for w in sources
    ]
    if request.method == "GET":
        _fill(form, kind)
    refused = False
    if form.validate_on_submit():
        review_of = next((w for w in sources if w.id == form.review_of.data), None)
        try:
            workshop = services.create_workshop(
                facilitator,
                template=key,
                review_of=review_of if kind.items_from_prototypes else None,
                **_settings(form, kind),
            )
            db.session.commit()
        except services.ServiceError as err:
            db.session.rollback()
            refused = True  # form.errors was computed during validation and misses this one
            _refuse(form, err)
        else:
            return redirect(url_for("facilitator.control", code=workshop.code))
    status = 400 if refused or form.errors else 200
    return render_template(
        "facilitator/new.html", form=form, kind=kind, templates=TEMPLATES.values()
    ), status


@bp.route("/f/<code>/settings", methods=["GET", "POST"])
def settings(code: str):
    """Change a session's settings until it starts; afterwards they are shown, not editable.

    The trainer and a co-facilitator (whoever may run the room) can; other team roles are sent
    back to the control screen with the reason.
    """
    actor = current_actor(code)
    workshop = actor.workshop
    if not actor.may_run_room():
        flash(_("Your role in this workshop cannot do that."), "error")
        return redirect(url_for("facilitator.control", code=workshop.code))
    kind = get_template(workshop.template)
    form = WorkshopForm()
    form.offer(kind)
    form.review_of.choices = [SelectChoice(0, "—")]
    if request.method == "GET":
        _fill(form, kind, workshop)
    refused = False
    if form.validate_on_submit():
        try:
            services.update_settings(workshop, **_settings(form, kind))
            db.session.commit()
        except services.ServiceError as err:
            db.session.rollback()
            refused = True
            _refuse(form, err)
        else:
            flash(_("Settings saved."), "info")
            return redirect(url_for("facilitator.control", code=workshop.code))
    status = 400 if refused or form.errors else 200
    return render_template(
        "facilitator/new.html", form=form, kind=kind, workshop=workshop, templates=()
    ), status


@bp.post("/f/<code>/duplicate")
@login_required
def duplicate(code: str):
    """Start a new session with this one's settings; its settings page opens to set the date."""
    source = owned_workshop(code)
    if not DuplicateForm().validate_on_submit():
        abort(400)
    copy = services.duplicate_workshop(source, current_facilitator())
    db.session.commit()
    flash(_("A copy is ready: check its date and settings."), "info")
    return redirect(url_for("facilitator.settings", code=copy.code))


@bp.route("/f/<code>/delete", methods=["GET", "POST"])
@login_required
def delete_workshop(code: str):
    """Delete a workshop and everything in it, for its own trainer only (404 for anyone else).

    A confirmation page names the workshop; the trainer types its code, so neither a slip nor a
    forged link can do it. Open screens (phones, projector, team) are disconnected: each reloads
    and finds no workshop.
    """
    workshop = owned_workshop(code)
    form = DeleteWorkshopForm()
    if form.validate_on_submit():
        if normalise_join_code(form.code.data or "") != workshop.code:
            form.code.errors = [_("The code does not match: nothing was deleted.")]
        else:
            title = workshop.title
            screens = privacy.open_screens(workshop)
            privacy.delete_workshop(workshop, current_facilitator())
            db.session.commit()
            _disconnect(screens)
            flash(_("The workshop “%(title)s” was deleted.", title=title), "info")
            return redirect(url_for("facilitator.dashboard"))
    status = 400 if form.errors else 200
    return render_template("facilitator/delete.html", workshop=workshop, form=form), status


def _disconnect(sids: list[str]) -> None:
    """Close the Socket.IO connections of a deleted workshop's screens (in any process, with a
    message queue): their pages reload and find nothing, rather than wait on a dead room."""
    from ..extensions import socketio

    for sid in sids:
        try:
            socketio.server.disconnect(sid, namespace="/")
        except Exception:  # an already closed connection must not undo the deletion
            current_app.logger.exception("could not disconnect %s", sid)


def _room_context(workshop: Workshop, *, with_tallies: bool, moderator: bool = False) -> dict:
    snap = live.snapshot(workshop, with_tallies=with_tallies, moderator=moderator)
    url = join_url(workshop)
    return {
        "workshop": workshop,
        "snap": snap,
        "join_url": url,
        "lan_hint": lan_hint(url),
        "qr": qr_svg(url, _("QR code to join the workshop")),
        "results": live.results(workshop) if with_tallies else None,
        "card_results": live.problem_results(workshop)
        if workshop.stage in (Stage.RESULTS, Stage.CLOSED) and live.decides_on_problems(workshop)
        else None,
    }


@bp.get("/f/<code>/control")
def control(code: str):
    """The trainer's control screen: stages, reveal, live wall with tallies, who is in.

    Team members get the same screen drawn for their role: buttons they may not use are left
    out (the server refuses them anyway), and a table facilitator sees their table only.
    """
    actor = current_actor(code)
    workshop = actor.workshop
    room = _room_context(workshop, with_tallies=True, moderator=True)
    if actor.theme_id is not None:
        room["snap"] = _only_table(room["snap"], actor.theme_id)
    return render_template(
        "facilitator/control.html",
        view="control",
        actor=actor,
        presence=live.presence(workshop, control=True),
        participation=live.participation(workshop),
        next_stage=next_stage(workshop),
        previous_stage=previous_stage(workshop),
        stage_form=StageForm(),
        reveal_form=RevealForm(),
        importable=imports.importable(workshop)
        if actor.may_run_room()
        and workshop.stage in imports.IMPORT_STAGES
        and {Stage.PROBLEMS, Stage.PRIORITISE} & set(workshop.stages)
        else [],
        rating_exact=exact_rating_results(workshop),
        **room,
    )


def _only_table(snap: dict, theme_id: int) -> dict:
    """A snapshot cut down to one table (a table facilitator's control screen)."""
    return {
        **snap,
        "themes": [t for t in snap["themes"] if t["id"] == theme_id],
        "problems": [p for p in snap["problems"] if p["theme_id"] == theme_id],
        "prototypes": [p for p in snap["prototypes"] if p["theme_id"] == theme_id],
    }


@bp.get("/f/<code>/screen")
def screen(code: str):
    """The projector view: QR, code, stage, live wall; tallies only once revealed.

    It renders in the language chosen for the projector, which may differ from the control
    screen's in the same browser.
    """
    use_scope("screen")
    workshop = current_actor(code).workshop
    return render_template(
        "facilitator/screen.html",
        view="screen",
        side_by_side=bool(session.get("side_by_side")),
        presence=live.presence(workshop),
        **_room_context(workshop, with_tallies=workshop.results_revealed),
    )


#: Pages an intent's form may ask to come back to (``back``); anything else means the control
#: screen, so a forged value cannot send the browser elsewhere.
_BACK = {"control": "facilitator.control", "behalf": "facilitator.behalf_page"}


@bp.post("/f/<code>/<intent>")
def act(code: str, intent: str):
    """A facilitator intent sent as a plain form post (same rules as the Socket.IO event)."""
    actor = current_actor(code)
    if intent not in INTENTS:
        abort(404)
    form_class, run = INTENTS[intent]
    ack = perform(intent, run, actor, form_class())
    if not ack["ok"]:
        flash(ack["message"], "error")
    back = _BACK.get(request.form.get("back", ""), "facilitator.control")
    return redirect(url_for(back, code=actor.workshop.code))


@bp.get("/f/<code>/behalf")
def behalf_page(code: str):
    """Input from people without a phone: who they are, and quotes said aloud."""
    actor = current_actor(code)
    workshop = actor.workshop
    if not actor.may_enter_on_behalf(actor.theme_id):  # an observer: nothing to do here
        flash(_("Your role in this workshop cannot do that."), "error")
        return redirect(url_for("facilitator.control", code=workshop.code))
    return render_template(
        "facilitator/behalf.html",
        workshop=workshop,
        people=behalf.people(workshop),
        person_form=PersonForm(),
        quote_form=QuoteForm(),
        quoting=workshop.stage in POSTING_STAGES,
    )


def _person(code: str, person_id: int) -> tuple[services.Actor, Participant]:
    actor = current_actor(code)
    try:
        return actor, behalf.person_for(actor, person_id)
    except services.ServiceError:
        abort(404)


@bp.get("/f/<code>/for/<int:person_id>")
def act_for_page(code: str, person_id: int):
    """The phone page of someone without a phone, for the team to enter their input."""
    actor, person = _person(code, person_id)
    g.acting_for = person.id
    return render_template(
        "participate/phone.html", acting_for=person, **phone_context(actor.workshop, person)
    )


@bp.post("/f/<code>/for/<int:person_id>/<intent>")
def act_for(code: str, person_id: int, intent: str):
    """A participant intent the team performs as someone without a phone.

    The team member's role is checked (``person_for``), then the participant's own rules
    apply unchanged: stage, budget, table.
    """
    actor, person = _person(code, person_id)
    if intent not in PARTICIPANT_INTENTS:
        abort(404)
    form_class, run = PARTICIPANT_INTENTS[intent]
    form = form_class()
    ack = perform(intent, run, person, form, key=request.form.get(IDEMPOTENCY_FIELD))
    if ack["ok"]:
        return redirect(url_for("facilitator.act_for_page", code=code, person_id=person.id))
    g.acting_for = person.id
    return refused_page(actor.workshop, person, intent, form, ack["message"], acting_for=person)

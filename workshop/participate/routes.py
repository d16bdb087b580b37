"""Phone pages. Every participant action is also a plain form post, so a phone whose WebSocket
does not work (old browser, hostile proxy, JavaScript off) still takes part, by page reloads."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import SelectChoice

from .. import services
from ..extensions import db, limiter
from ..intents import IDEMPOTENCY_FIELD, perform
from ..languages import ui_language_tag
from ..models import Feedback, Participant, Role, Stage, Workshop
from ..reports.download import refuse, send_export
from ..reports.json_export import export_workshop
from ..security import join_limit, wrong_guess
from ..services import live, privacy
from ..services.rating_results import public_rating_results
from ..session_templates import get_template
from . import bp
from .forms import CodeForm, FeedbackForm, JoinForm, ProblemForm, PrototypeForm
from .identity import current_participant, remember_participant
from .intents import INTENTS


def _workshop_or_404(code: str) -> Workshop:
    try:
        return services.get_workshop_by_code(code)
    except services.NotFound:
        abort(404)


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(join_limit, deduct_when=wrong_guess)
def enter_code():
    """Type the code shown on the projector (for phones that did not scan the QR)."""
    form = CodeForm()
    if form.validate_on_submit():
        try:
            workshop = services.get_workshop_by_code(form.code.data)
        except services.NotFound as err:
            form.code.errors = [str(err.message)]
        else:
            return redirect(url_for("participate.join", code=workshop.code))
    return render_template("participate/code.html", form=form), 400 if form.errors else 200


@bp.route("/j/<code>", methods=["GET", "POST"])
@limiter.limit(join_limit, deduct_when=wrong_guess)
def join(code: str):
    """The page the QR code opens: who I am and my table. A returning phone goes straight in."""
    try:
        workshop = services.get_workshop_by_code(code)
    except services.NotFound as err:
        form = CodeForm(data={"code": code})
        form.code.errors = [str(err.message)]
        return render_template("participate/code.html", form=form), 404
    if code != workshop.code:
        return redirect(url_for("participate.join", code=workshop.code))
    if current_participant(workshop) is not None:
        return redirect(url_for("participate.phone", code=workshop.code))
    form = JoinForm(themes=workshop.themes)
    seated = get_template(workshop.template).tables
    if not seated:  # a listening session or a meeting: everyone in one circle, no tables
        del form.theme_id
    full = False
    if form.validate_on_submit():
        try:
            participant = services.join(
                workshop,
                role=form.role.data,
                theme_id=form.theme_id.data if seated else None,
                language=ui_language_tag(str(get_locale() or "en")),
                cap=current_app.config["ROOM_CAP"],
            )
            db.session.commit()
        except services.RoomFull as err:
            db.session.rollback()
            form.form_errors.append(str(err.message))
            full = True
        except services.ServiceError as err:
            db.session.rollback()
            field = getattr(form, err.field or "role", form.role)
            field.errors = [*field.errors, str(err.message)]
        else:
            remember_participant(participant)
            return redirect(url_for("participate.phone", code=workshop.code))
    # 503: nothing is wrong with what they chose; the room will have space again.
    status = 503 if full else 400 if form.errors else 200
    outcome: dict[str, Any] = {}
    if workshop.stage == Stage.CLOSED:
        # The same QR code, after the session: what was decided, for everyone who was there.
        outcome["results"] = live.results(workshop)
        outcome["card_results"] = (
            live.problem_results(workshop) if live.decides_on_problems(workshop) else None
        )
        outcome["rating_results"] = public_rating_results(workshop)
    return render_template("participate/join.html", workshop=workshop, form=form, **outcome), status


def phone_context(workshop: Workshop, participant: Participant, **forms: Any) -> dict[str, Any]:
    """Everything the phone page renders, from the same snapshot the socket sends."""
    snap = live.snapshot(workshop, participant=participant, with_tallies=workshop.results_revealed)
    my_theme = next((t for t in snap["themes"] if t["id"] == participant.theme_id), None)
    if my_theme is not None:
        # The phone shows its own table first; the others follow in wall order.
        snap["themes"] = [my_theme] + [t for t in snap["themes"] if t is not my_theme]
    table_problems = [p for p in snap["problems"] if p["theme_id"] == participant.theme_id]
    # The table's focus problems first: those are the ones it chose to answer.
    table_problems.sort(key=lambda p: (not p["focus"], p["id"]))
    prototype_form = forms.get("prototype_form") or PrototypeForm()
    prototype_form.problem_ids.choices = [SelectChoice(p["id"], p["text"]) for p in table_problems]
    current_round = next((r for r in snap["rounds"] if r["id"] == workshop.current_round_id), None)
    return {
        "workshop": workshop,
        "participant": participant,
        "view": "phone",
        "snap": snap,
        "me": snap["me"],
        "my_theme": my_theme,
        "problem_form": forms.get("problem_form") or ProblemForm(),
        "prototype_form": prototype_form,
        "results": live.results(workshop)
        if workshop.stage in (Stage.RESULTS, Stage.RESPONSE, Stage.CLOSED) and snap["prototypes"]
        else None,
        "card_results": live.problem_results(workshop)
        if workshop.stage in (Stage.RESULTS, Stage.CLOSED) and live.decides_on_problems(workshop)
        else None,
        "current_round": current_round,
        "feedback_form": forms.get("feedback_form") or FeedbackForm(),
        "feedback_given": db.session.get(Feedback, participant.id) is not None,
        "own_work": privacy.own_work(participant),
        "error": forms.get("error"),
    }


#: On a refusal, the form whose typed text the page shows again (nothing typed is lost).
KEPT_FORMS = {
    "post_problem": "problem_form",
    "create_prototype": "prototype_form",
    "feedback": "feedback_form",
}


@bp.get("/w/<code>")
def phone(code: str):
    """The participant's page for the current stage (the join page, which says so, when the
    workshop no longer exists: its trainer deleted it while the phone was open)."""
    try:
        workshop = services.get_workshop_by_code(code)
    except services.NotFound:
        return redirect(url_for("participate.join", code=code))
    participant = current_participant(workshop)
    if participant is None:
        return redirect(url_for("participate.join", code=workshop.code))
    return render_template("participate/phone.html", **phone_context(workshop, participant))


#: What a decision maker may take to the office: the report, small groups protected (the raw
#: data, with exact counts, stays with the team, who decide whom to give it to).
PHONE_REPORT_FORMATS = ("pdf", "docx", "html")


@bp.get("/w/<code>/report.<fmt>")
def report(code: str, fmt: str):
    """The session's report for a decision maker who took part, once the session has closed."""
    workshop = _workshop_or_404(code)
    participant = current_participant(workshop)
    if participant is None:
        return redirect(url_for("participate.join", code=workshop.code))
    if participant.role != Role.DECISION_MAKER:
        return refuse(403, _("The report is for the decision makers of this session."))
    if workshop.stage != Stage.CLOSED:
        return refuse(403, _("The report is ready once the session has closed."))
    if fmt not in PHONE_REPORT_FORMATS:
        return refuse(400, _("Choose PDF, DOCX or the web page."))
    response = send_export([export_workshop(workshop)], fmt, [workshop.code])
    if response.status_code == 200:  # in the action log: a decision maker took the report
        privacy.record_action(workshop, "export", role="decision_maker", format=fmt)
        db.session.commit()
    return response


@bp.post("/w/<code>/<intent>")
def act(code: str, intent: str):
    """A participant intent as a plain form post: redirect on success, the page with the error
    and the typed text kept on refusal (nothing typed is lost)."""
    workshop = _workshop_or_404(code)
    participant = current_participant(workshop)
    if participant is None:
        return redirect(url_for("participate.join", code=workshop.code))
    if intent not in INTENTS:
        abort(404)
    form_class, run = INTENTS[intent]
    form = form_class()
    ack = perform(intent, run, participant, form, key=request.form.get(IDEMPOTENCY_FIELD))
    if ack["ok"]:
        anchor = {
            "vote": "vote",
            "problem_vote": "vote",
            "support": f"problem-{ack.get('problem_id')}",
            "rate": f"item-{ack.get('item_id')}",
        }.get(intent, "")
        if ack.get("pending"):
            flash(_("Sent — it will appear on the wall once the facilitator approves it."))
        if intent.startswith("withdraw_"):
            flash(_("Withdrawn: it is gone from every screen."))
        return redirect(url_for("participate.phone", code=workshop.code, _anchor=anchor or None))
    return refused_page(workshop, participant, intent, form, ack["message"])


def refused_page(
    workshop: Workshop, participant: Participant, intent: str, form: Any, message: str, **extra: Any
) -> tuple[str, int]:
    """The phone page again after a refused post: the message, and what was typed kept."""
    kept = {"error": message}
    if intent in KEPT_FORMS:
        kept[KEPT_FORMS[intent]] = form
    return render_template(
        "participate/phone.html", **extra, **phone_context(workshop, participant, **kept)
    ), 400

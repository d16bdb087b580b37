"""Downloads of a session's outcome: the report (HTML, PDF, DOCX) and the data (JSON, CSV, XLSX).

Every format is made from the JSON record of the session (``reports.json_export``); the record
is built here, in the request, and handed to a render worker (``reports.worker``) so a PDF made
during a live workshop does not hold up the room. Who may download: the trainer and every
member of the session's team (an observer too: they see everything live already). A combined
report of several sessions is for the trainer who ran them all.
"""

from __future__ import annotations

from flask import Response, redirect, request, url_for
from flask_babel import gettext as _

from .. import services
from ..auth.session import current_facilitator, login_required
from ..extensions import db
from ..models import Workshop
from ..reports.download import refuse, send_export
from ..reports.json_export import export_workshop, team_names
from ..reports.render import FORMATS
from ..services import privacy
from . import bp
from .membership import current_actor, current_member

#: Sessions in one combined report, at most: a programme, not the whole archive.
MAX_COMBINED = 12


def _unknown_format(fmt: str) -> Response:
    return refuse(
        400,
        _(
            "Unknown format “%(format)s”. Choose one of: %(formats)s.",
            format=fmt,
            formats=", ".join(FORMATS),
        ),
    )


@bp.get("/f/<code>/export.<fmt>")
def export(code: str, fmt: str) -> Response:
    """One session in any format, for its trainer and team (``?lang=`` for the report)."""
    try:
        workshop = services.get_workshop_by_code(code)
    except services.NotFound:
        return refuse(404, _("No workshop has the code %(code)s.", code=code.upper()))
    facilitator = current_facilitator()
    if (
        facilitator is not None
        and facilitator.id != workshop.facilitator_id
        and current_member(workshop) is None
    ):
        # Join codes are not secret, so say plainly why rather than pretend it does not exist.
        return refuse(403, _("This workshop is not yours to export."))
    actor = current_actor(code)  # the trainer, a team link, or the log-in page
    if fmt not in FORMATS:
        return _unknown_format(fmt)
    record = export_workshop(actor.workshop)
    if _named() and actor.may_run_room():
        record["team_names"] = team_names(actor.workshop)
    response = send_export([record], fmt, [actor.workshop.code])
    if response.status_code == 200:  # who took the data out, in the workshop's action log
        privacy.log_by(actor, "export", format=fmt)
        db.session.commit()
    return response


def _named() -> bool:
    """Whether the trainer asked for the team's names on the report's cover (never by default)."""
    return request.args.get("names") == "1"


@bp.get("/f/<code>/export")
def export_form(code: str) -> Response:
    """The control screen's export form without JavaScript: ``?format=pdf&lang=it``."""
    fmt = request.args.get("format", "")
    args = {key: request.args[key] for key in ("lang", "names") if request.args.get(key)}
    return redirect(url_for("facilitator.export", code=code, fmt=fmt or "pdf", **args))


@bp.get("/f/report")
@login_required
def combined_report() -> Response:
    """One report of several of the trainer's sessions (``?code=A&code=B&format=pdf``),
    problems followed from the listening sessions to the prototypes that answer them."""
    facilitator = current_facilitator()
    fmt = request.args.get("format", "pdf")
    codes = list(dict.fromkeys(c.strip().upper() for c in request.args.getlist("code") if c))
    if not codes:
        return refuse(400, _("Choose at least one session for the report."))
    if len(codes) > MAX_COMBINED:
        return refuse(400, _("At most %(n)s sessions fit in one report.", n=MAX_COMBINED))
    if fmt not in FORMATS:
        return _unknown_format(fmt)
    if not FORMATS[fmt].report and len(codes) > 1:
        return refuse(
            400, _("Data files are made one session at a time: choose PDF, DOCX or HTML.")
        )
    workshops: list[Workshop] = []
    for code in codes:
        try:
            workshop = services.get_workshop_by_code(code)
        except services.NotFound:
            return refuse(404, _("No workshop has the code %(code)s.", code=code))
        if workshop.facilitator_id != facilitator.id:
            return refuse(403, _("This workshop is not yours to export."))
        workshops.append(workshop)
    records = [export_workshop(w) for w in workshops]
    if _named():
        for record, workshop in zip(records, workshops, strict=True):
            record["team_names"] = team_names(workshop)
    response = send_export(records, fmt, [w.code for w in workshops])
    if response.status_code == 200:
        for workshop in workshops:
            privacy.record_action(
                workshop, "export", role="trainer", facilitator_id=facilitator.id, format=fmt
            )
        db.session.commit()
    return response

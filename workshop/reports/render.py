"""Every export format, rendered from JSON records: one entry point for the CLI, the control
screen and the render worker.

``render(records, fmt, language)`` is a pure function of its arguments (no database), so it can
run in another process while the live room goes on (see :mod:`.worker`). It needs an app
context for the templates and catalogues; the language is forced for the whole rendering.
"""

from __future__ import annotations

import itertools
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import get_timezone_name
from flask import render_template
from flask_babel import force_locale, format_date, format_datetime, get_locale, get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import page_language
from ..labels import ROLE_LABELS, TEAM_ROLE_LABELS
from ..languages import (
    UI_LANGUAGES,
    language_names_in,
    primary,
    text_direction,
    ui_language_tag,
)
from ..models import Role
from .model import ROLES, Group, PrototypeEntry, Report, SessionReport, build_report


@dataclass(frozen=True)
class Format:
    """How one export format is sent: its file extension and media type."""

    extension: str
    mimetype: str
    #: Whether it is a report (several sessions may be combined) or one session's data.
    report: bool


FORMATS: dict[str, Format] = {
    "html": Format("html", "text/html; charset=utf-8", True),
    "pdf": Format("pdf", "application/pdf", True),
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        True,
    ),
    "json": Format("json", "application/json", False),
    "csv": Format("zip", "application/zip", False),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False
    ),
}

ROLE_PLURALS = {
    Role.RESIDENT.value: _l("Residents"),
    Role.DECISION_MAKER.value: _l("Decision makers"),
    Role.OTHER.value: _l("Others"),
}

CANVAS_LABELS = {
    "what_changes": _l("What changes?"),
    "who_benefits": _l("Who benefits?"),
    "who_acts": _l("Who acts?"),
    "first_step": _l("First step"),
}

#: The facilitation team on the cover, by team role (the trainer is always one).
TEAM_LABELS = {"trainer": _l("Trainer"), **{k.value: v for k, v in TEAM_ROLE_LABELS.items()}}

STATIC = Path(__file__).resolve().parent.parent.parent / "static"


class UnknownFormat(ValueError):
    """An export format Tavola does not make."""


def filename(codes: list[str], fmt: str) -> str:
    """``tavola-ABC123.pdf``, or ``tavola-ABC123-DEF456.pdf`` for a combined report."""
    return f"tavola-{'-'.join(codes)}.{FORMATS[fmt].extension}"


def render(records: list[dict[str, Any]], fmt: str, language: str = "en") -> bytes:
    """The export of ``records`` (one, or several for a combined report) as ``fmt``.

    Data formats (json, csv, xlsx) take exactly one record. ``language`` is a UI catalogue
    code; the report is written in it and shows translations into it beside the originals.
    """
    if fmt not in FORMATS:
        raise UnknownFormat(fmt)
    if language not in UI_LANGUAGES:
        language = "en"
    if not FORMATS[fmt].report and len(records) != 1:
        raise ValueError(f"{fmt} exports one session at a time")
    with force_locale(language):
        if fmt == "json":
            return (json.dumps(records[0], ensure_ascii=False, indent=2) + "\n").encode()
        if fmt == "csv":
            from .csv_export import csv_zip

            return csv_zip(records[0])
        if fmt == "xlsx":
            from .xlsx_export import xlsx

            return xlsx(records[0])
        report = build_report(records, primary(ui_language_tag(language)) or "en")
        if fmt == "docx":
            from .docx_export import docx

            return docx(report)
        html = report_html(report, language)
        if fmt == "html":
            return html.encode()
        return pdf(html)


def facilitation(session: SessionReport) -> str:
    """Who ran the session, for the cover: roles ("Trainer, Table facilitator x 2"), or roles
    and names when the trainer chose to name the team."""
    if session.team_names:
        named: dict[str, list[str]] = {}
        for role, name in session.team_names:
            named.setdefault(role, []).append(name)
        return "; ".join(
            f"{TEAM_LABELS[role]}: {', '.join(names)}" for role, names in named.items()
        )
    return ", ".join(
        str(TEAM_LABELS[role]) + (f" \N{MULTIPLICATION SIGN} {n}" if n > 1 else "")
        for role, n in session.team.items()
    )


def gap_sentence(p: PrototypeEntry) -> str | None:
    """The residents / decision makers gap in words, for the HTML/PDF and the DOCX alike."""
    if p.gap is None:
        return None
    if not p.disagree:
        return _("Residents and decision makers gave it a similar share of their dots.")
    if p.gap > 0:
        return _(
            "Decision makers gave it a larger share of their dots than residents "
            "(%(points)s points more).",
            points=f"{p.gap:.0f}",
        )
    return _(
        "Residents gave it a larger share of their dots than decision makers "
        "(%(points)s points more).",
        points=f"{-p.gap:.0f}",
    )


def report_html(report: Report, language: str) -> str:
    """The report as one self-contained HTML page, in ``language`` (inside its locale)."""
    ids = itertools.count(1)
    return render_template(
        "reports/report.html",
        # Each chart's own pattern ids: one document, many SVGs.
        chart_id=lambda: next(ids),
        facilitation=facilitation,
        gap_sentence=gap_sentence,
        report=report,
        page=page_language(),
        names=language_names_in(language),
        ROLES=ROLES,
        ROLE_PLURALS=ROLE_PLURALS,
        CANVAS_LABELS=CANVAS_LABELS,
        TEAM_LABELS=TEAM_LABELS,
        ROLE_LABELS={k.value: v for k, v in ROLE_LABELS.items()},
    )


def group_label(group: Group) -> str:
    """A role group as the report names it: "Residents", or a pool, "Residents + Others" (the
    ``group_label`` macro of ``_charts.html``, for formats drawn without a template)."""
    return " + ".join(str(ROLE_PLURALS[role]) for role in group.roles)


def pdf(html: str) -> bytes:
    """The report page as an A4 PDF (page numbers, contents with page numbers, fonts for every
    script Tavola ships, all from ``static/``: nothing is fetched)."""
    # Its step-by-step progress is noise in the server log; warnings (a missing glyph) stay.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # A stylesheet's @font-face rules reach the PDF only through a FontConfiguration given to
    # both the stylesheet and write_pdf; without it WeasyPrint drops them without a word.
    font_config = FontConfiguration()
    fetcher = _local_only()
    stylesheets = []
    fonts = STATIC / "css" / "report-fonts.css"
    if fonts.exists():
        stylesheets.append(CSS(filename=str(fonts), font_config=font_config, url_fetcher=fetcher))
    return HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=fetcher).write_pdf(
        stylesheets=stylesheets, font_config=font_config
    )


def _local_only() -> Any:
    """A URL fetcher for files under ``static/`` and the JPEG photos carried in the record only:
    a report never reaches the network (an ``<img>`` in typed text is escaped anyway; this is
    the second lock).

    WeasyPrint 70 takes a ``URLFetcher`` object (it calls the fetcher and reads its
    ``_fail_on_errors``); a plain function, or the removed ``default_url_fetcher``, makes every
    fetch fail quietly, fonts included.
    """
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:image/jpeg;base64,"):  # a prototype's photo, in the record
                return super().fetch(url, headers)
            if not url.startswith("file://") or not Path(url[7:]).resolve().is_relative_to(STATIC):
                raise ValueError(f"not fetched: {url}")
            return super().fetch(url, headers)

    return LocalOnly()


def init_app(app: Any) -> None:
    """Template filters for dates in the reader's language."""
    app.jinja_env.filters["report_date"] = _report_date
    app.jinja_env.filters["report_time"] = _report_time
    app.jinja_env.filters["textdir"] = text_direction


def _report_date(value: date | datetime | str) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, "long")


def _report_time(value: datetime) -> str:
    """Date and time in the configured zone (``TIMEZONE``), with the zone named: a report
    travels, and "10:05" means little without it."""
    local = value.astimezone(get_timezone())
    zone = get_timezone_name(local, width="short", locale=get_locale())
    return f"{format_datetime(value, 'short')} ({zone})"

"""Sending an export as a download: rendered off the event loop, refused in plain words.

Shared by the team's downloads (``facilitator.exports``) and the decision makers' own (the
phone, once the session has closed).
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, make_response, request
from flask_babel import get_locale
from flask_babel import gettext as _

from ..languages import UI_LANGUAGES
from .render import FORMATS, filename
from .worker import RenderFailed, render_export


def refuse(status: int, message: str) -> Response:
    """A plain-text refusal in the reader's language: the download link shows it as is."""
    response = make_response(message + "\n", status)
    response.mimetype = "text/plain"
    return response


def report_language() -> str:
    """The report's language: ``?lang=`` when it is one we ship, else this screen's language."""
    chosen = request.args.get("lang", "")
    if chosen in UI_LANGUAGES:
        return chosen
    return str(get_locale() or "en")


def send_export(records: list[dict[str, Any]], fmt: str, codes: list[str]) -> Response:
    """Render off the event loop and send as a download (HTML opens in the browser to print)."""
    try:
        body = render_export(current_app._get_current_object(), records, fmt, report_language())
    except RenderFailed as err:
        current_app.logger.error("export %s of %s failed: %s", fmt, codes, err)
        return refuse(503, _("The export could not be made. Please try again in a minute."))
    response = make_response(body)
    response.mimetype = FORMATS[fmt].mimetype
    disposition = "inline" if fmt == "html" else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename(codes, fmt)}"'
    # Made from live data: never from a cache.
    response.headers["Cache-Control"] = "no-store"
    return response

"""The server as ``workshop.wsgi`` serves it, but exports rendered in the server process.

Only for ``bench/exports.py``'s contrast run: it shows what the render worker saves a live room.
The request still builds the record as usual; the file is then made right there, on the gevent
event loop, as it would be without ``workshop.reports.worker``.
"""

from typing import Any

from flask import Flask

from workshop.reports import download
from workshop.reports.render import render
from workshop.wsgi import app


def render_here(_app: Flask, records: list[dict[str, Any]], fmt: str, language: str) -> bytes:
    """``render_export`` without the worker (we are in the request's app context already)."""
    return render(records, fmt, language)


# Fail loudly if the download code moves: a silent no-op would measure the worker instead.
assert hasattr(download, "render_export"), "send_export no longer calls download.render_export"
download.render_export = render_here

__all__ = ["app"]

"""Facilitator log-in, log-out and the one-time first-run set-up link."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import routes  # noqa: E402,F401

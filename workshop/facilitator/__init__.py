"""Trainer screens: dashboard, new workshop, control screen and projector view."""

from flask import Blueprint

bp = Blueprint("facilitator", __name__)

from . import exports, routes, team  # noqa: E402,F401  (events are registered by create_app)

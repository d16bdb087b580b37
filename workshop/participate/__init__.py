"""The phone side: join, post problems, "me too", prototypes, dot votes."""

from flask import Blueprint

bp = Blueprint("participate", __name__)

from . import routes  # noqa: E402,F401  (events are registered by create_app)

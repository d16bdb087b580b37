"""Flask extensions, created once here and bound to the app in :func:`workshop.create_app`."""

from __future__ import annotations

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
# async_mode is pinned in create_app: threading collapses past ~200 phones, gevent does not.
socketio = SocketIO()
babel = Babel()
csrf = CSRFProtect()
# Gzip/brotli for pages, CSS, JS, SVG and JSON (settings in config.py).
compress = Compress()
# Throttles guessing (join codes, passwords) per network address; limits are in security.py,
# the storage (memory, or Redis when scaled out) in config.py.
limiter = Limiter(key_func=get_remote_address)

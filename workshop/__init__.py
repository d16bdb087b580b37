"""Tavola: live participatory co-design workshops.

:func:`create_app` builds the Flask application: configuration, extensions, blueprints, the
Socket.IO handlers, the broadcaster and the CLI.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import get_locale

from . import security
from .config import build_config
from .extensions import babel, compress, csrf, db, migrate, socketio
from .i18n import select_locale
from .realtime.packets import CheckedPacket

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` overrides defaults and environment (tests pass a database)."""
    config = dict(config or {})
    instance_path = Path(config.pop("INSTANCE_PATH", None) or ROOT / "instance")
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(build_config(instance_path, config))
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    db.init_app(app)
    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds tables instead.
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    _tune_database(app)
    csrf.init_app(app)
    compress.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    socketio.init_app(
        app,
        # Pinned: threading mode collapses past ~200 phones; gevent holds thousands.
        async_mode="gevent",
        message_queue=app.config["REDIS_URL"],
        channel=app.config["SOCKETIO_CHANNEL"],
        # Phones on venue wifi sleep and wake: notice a dead connection within ~35 s.
        ping_interval=25,
        ping_timeout=10,
        max_http_buffer_size=64 * 1024,
        # Browsers on other sites cannot open a socket into a workshop with a phone's cookie.
        cors_allowed_origins=security.origin_check(app.config["PUBLIC_URL"]),
        # A malformed frame is dropped with one log line instead of a library traceback.
        serializer=CheckedPacket,
    )
    from .realtime.websocket import DeclineWebSocketCompression

    # Outside Socket.IO's own middleware, so it sees the upgrade request first.
    app.wsgi_app = DeclineWebSocketCompression(app.wsgi_app)  # type: ignore[method-assign]
    # After Socket.IO's middleware: the proxy fix, outermost, also gives Socket.IO's origin
    # check the public scheme and host.
    security.init_app(app)

    from .realtime import broadcaster

    broadcaster.init_app(app, socketio)

    from . import auth, facilitator, participate
    from .facilitator import events as _facilitator_events  # noqa: F401  (Socket.IO handlers)
    from .participate import events as _participate_events  # noqa: F401
    from .realtime import connection as _connection  # noqa: F401

    app.register_blueprint(auth.bp)
    app.register_blueprint(facilitator.bp)
    app.register_blueprint(participate.bp)

    from .labels import label_context

    app.jinja_env.globals.update(label_context())
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["intent_url"] = participate.intent_url

    from . import cli, i18n
    from .reports import render

    cli.init_app(app)
    i18n.init_app(app)
    render.init_app(app)
    return app


def _tune_database(app: Flask) -> None:
    """SQLite: WAL so readers never wait for the writer; foreign keys on; wait, do not fail."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

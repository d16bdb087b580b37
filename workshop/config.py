"""Configuration: defaults that run with zero set-up, overridden by environment variables.

Every variable read here is listed in the README. Nothing else in the package reads
``os.environ``, so this module is the one place to look when a deployment misbehaves.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def normalise_database_url(url: str) -> str:
    """Route plain ``postgres://`` URLs to psycopg 3, the driver we ship and test.

    Hosting panels hand out ``postgres://`` or ``postgresql://`` URLs; SQLAlchemy would pick
    psycopg2 for those, which we do not install.
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_or_create_secret_key(instance_path: Path) -> str:
    """Return the key stored under ``instance/``, creating it on first run.

    A fixed key keeps participants' cookies valid across restarts, so a phone that comes back
    after a server restart is still the same participant. ``O_EXCL`` makes concurrent workers
    starting at once agree on one key.
    """
    path = instance_path / "secret_key"
    instance_path.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_hex(32)
        handle.write(key)
    return key


def local_timezone() -> str:
    """The zone this machine keeps time in (``Europe/Rome``), for times printed in reports: the
    trainer's laptop is usually in the room's own zone. ``UTC`` when it cannot be told."""
    if os.environ.get("TZ", "").count("/") == 1:
        return os.environ["TZ"]
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return "UTC"
    marker = "/zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else "UTC"


def build_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Assemble the Flask config from defaults, the environment and explicit overrides."""
    overrides = dict(overrides or {})
    env = os.environ
    database_url = overrides.pop("DATABASE_URL", None) or env.get("DATABASE_URL")
    if not database_url:
        database_url = f"sqlite:///{instance_path / 'tavola.db'}"
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": env.get("REDIS_URL") or None,
        # The Redis channel the processes of one deployment share: two deployments (or two test
        # runs) on one Redis must not hear each other's broadcasts.
        "SOCKETIO_CHANNEL": env.get("TAVOLA_SOCKETIO_CHANNEL") or "tavola",
        "PUBLIC_URL": (env.get("PUBLIC_URL") or "").rstrip("/") or None,
        # How long changes are gathered before one delta goes to a workshop's rooms.
        "BROADCAST_INTERVAL": float(env.get("TAVOLA_BROADCAST_INTERVAL", "0.1")),
        # Deliveries a second a process spends on one workshop's phones at most: after a delta
        # to N phones, that workshop's next waits N / rate seconds (if longer than a tick).
        "BROADCAST_PHONE_RATE": float(env.get("TAVOLA_BROADCAST_PHONE_RATE", "6000")),
        # Socket.IO events one connection may send: a steady rate, and a burst on top (a phone
        # sending its offline queue, a quick run of dots). Beyond it: an error ack, nothing done.
        "SOCKET_RATE": float(env.get("TAVOLA_SOCKET_RATE", "10")),
        "SOCKET_BURST": float(env.get("TAVOLA_SOCKET_BURST", "30")),
        # Phones one workshop may have connected before new people are asked to try again
        # later (those already in always get back in); what one process was measured to hold.
        # 0: no cap.
        "ROOM_CAP": int(env.get("TAVOLA_ROOM_CAP", "1000")),
        # Days a closed session's personal data is kept before `flask purge` removes it.
        "RETENTION_DAYS": int(env.get("TAVOLA_RETENTION_DAYS", "180")),
        # Guessing limits (Flask-Limiter notation), counted on wrong guesses only: join codes
        # and log-ins per network address, log-ins per account from anywhere.
        "JOIN_LIMIT": env.get("TAVOLA_JOIN_LIMIT") or "30 per minute; 1000 per day",
        "LOGIN_LIMIT": env.get("TAVOLA_LOGIN_LIMIT") or "10 per minute; 50 per day",
        "ACCOUNT_LIMIT": env.get("TAVOLA_ACCOUNT_LIMIT") or "30 per hour",
        # Counters live in Redis when there is one, so every process counts alike; they expire
        # with their window (addresses are kept no longer than that).
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "RATELIMIT_KEY_PREFIX": env.get("TAVOLA_SOCKETIO_CHANNEL") or "tavola",
        # Redis down: let people in rather than lock the room out.
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Proxies in front that set X-Forwarded-For/-Proto/-Host (nginx: 1). 0: none trusted.
        "PROXY_HOPS": int(env.get("TAVOLA_PROXY_HOPS", "0")),
        "BABEL_DEFAULT_LOCALE": "en",
        # Times in reports (when each stage started) read in this zone.
        "BABEL_DEFAULT_TIMEZONE": env.get("TIMEZONE") or local_timezone(),
        # Optional machine translation of cards (a LibreTranslate server); off when unset.
        "LIBRETRANSLATE_URL": (env.get("LIBRETRANSLATE_URL") or "").rstrip("/") or None,
        "LIBRETRANSLATE_API_KEY": env.get("LIBRETRANSLATE_API_KEY") or None,
        # Exports (PDF, DOCX …) are made by this many worker processes per server process.
        "REPORT_WORKERS": max(1, int(env.get("REPORT_WORKERS", "1"))),
        "REPORT_TIMEOUT": float(env.get("REPORT_TIMEOUT", "120")),
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        # Participants come back to a workshop days later (reports, results page).
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 180,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Phones on slow, paid data: every text response compressed. Browsers offer brotli only
        # over HTTPS, so gzip is what a phone on the venue's plain-HTTP wifi gets. Static files
        # are streamed, hence the same algorithms for streams (Flask-Compress leaves gzip out of
        # those by default). Socket.IO traffic never reaches Flask, so it is not touched.
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_ALGORITHM_STREAMING": ["br", "gzip"],
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/css",
            "text/plain",
            "text/javascript",
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ],
    }
    secret = overrides.pop("SECRET_KEY", None) or env.get("SECRET_KEY")
    config["SECRET_KEY"] = secret or load_or_create_secret_key(instance_path)
    config.update(overrides)
    # Served over https (PUBLIC_URL says so): cookies never travel over plain http.
    config.setdefault("SESSION_COOKIE_SECURE", (config["PUBLIC_URL"] or "").startswith("https://"))
    return config

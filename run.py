"""Start Tavola: prepare the database and secret key, say where to go, then serve.

Serves with gunicorn's gevent worker (one process): it sets TCP_NODELAY, which Werkzeug's
development server does not (+30 ms on every broadcast), and gevent holds thousands of phones
where threads collapse at ~200. ``HOST`` and ``PORT`` choose the address (default 0.0.0.0:5000,
so phones on the venue's wifi can reach the trainer's laptop).
"""

from __future__ import annotations

import os
import socket
import sys


def lan_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses, as the phones in the room would use them."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return sorted({i[4][0] for i in infos if not i[4][0].startswith("127.")})


def main() -> None:
    """Prepare, print the banner, and replace this process with gunicorn."""
    host = os.environ.get("HOST", "0.0.0.0")
    port = os.environ.get("PORT", "5000")

    from workshop import create_app
    from workshop.auth.session import setup_token
    from workshop.cli import ensure_database
    from workshop.services import facilitator_exists

    app = create_app()  # creates instance/secret_key on first run
    with app.app_context():
        ensure_database()
        first_run = not facilitator_exists()
        token = setup_token() if first_run else None
        database = app.extensions["sqlalchemy"].engine.url.render_as_string(hide_password=True)

    local = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    public = app.config["PUBLIC_URL"]
    lines = ["", "Tavola is starting.", f"  On this computer:  {local}"]
    if public:
        lines.append(f"  Public address:    {public}")
    elif host in ("0.0.0.0", "::"):
        lines += [f"  For phones:        http://{ip}:{port}" for ip in lan_addresses()]
    base = public or local
    if first_run:
        lines += [
            "",
            "  No facilitator account yet. Open this one-time link to create yours:",
            f"  {base}/setup/{token}",
        ]
    else:
        lines += ["", f"  Log in at {base}/login"]
    lines += [f"  Database: {database}", "  Stop with Ctrl+C.", ""]
    print("\n".join(lines), flush=True)

    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "--worker-class",
        "gevent",
        "--workers",
        "1",
        "--worker-connections",
        os.environ.get("WORKER_CONNECTIONS", "4000"),
        "--bind",
        f"{host}:{port}",
        "--graceful-timeout",
        "5",
        # gunicorn ≥ 25 opens a control socket at one fixed path; several servers on one
        # machine (tests, scale-out) would fight over it, and we do not use it.
        "--no-control-socket",
        "--log-level",
        os.environ.get("LOG_LEVEL", "info"),
        "workshop.wsgi:app",
    ]
    os.execv(sys.executable, args)


if __name__ == "__main__":
    main()

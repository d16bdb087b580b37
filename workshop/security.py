"""HTTP hardening: response headers, the proxy in front, and throttling of guessable doors.

Participants are people whose data must be protected, and a join code or a facilitator's
password is the only thing between the open venue wifi and a workshop. Everything here is
configuration of well-known pieces (Werkzeug's ProxyFix, Flask-Limiter); the policy is ours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import limiter

TOO_MANY_TRIES = _l("Too many tries from this network. Wait a minute, then try again.")
NOTHING_HERE = _l(
    "There is nothing at this address: the workshop may have ended and been deleted. "
    "Type the code shown on the screen."
)

#: What a page may load or talk to: only this site. Scripts come from static/ only (no inline
#: code, no eval), so an injected ``<script>`` or ``onerror=`` does nothing even if some
#: escaping were ever missed. Styles allow inline ``style=""`` attributes (bar widths, colours
#: of a table); they cannot run code. ``data:`` images: the QR code.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; media-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; connect-src 'self' {ws}"
)


def init_app(app: Flask) -> None:
    """Trust the configured proxies, add the headers, set up the limiter and its error page."""
    hops = app.config["PROXY_HOPS"]
    if hops:
        # Behind nginx: the phone's address (rate limits), https (secure cookies, the
        # WebSocket origin check) and the public host come from X-Forwarded-* headers.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    app.after_request(_headers)
    limiter.init_app(app)
    app.register_error_handler(429, _too_many)
    app.register_error_handler(404, _not_found)


def origin_check(public_url: str | None) -> Callable[[str, dict[str, Any]], bool]:
    """Socket.IO's origin check: a browser may open a socket only from a page of this site,
    reached at the address the request came to (after the proxy fix) or at ``PUBLIC_URL``.
    Clients that send no ``Origin`` (not browsers) are not asked: they carry no victim's
    cookie."""

    def allowed(origin: str, environ: dict[str, Any]) -> bool:
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin in (own, public_url)

    return allowed


def _headers(response: Response) -> Response:
    """Security headers on every response (pages, files, exports)."""
    host = request.host
    # 'self' covers the page's own ws:/wss: in current browsers; older Android WebViews need
    # the WebSocket origin spelled out. Only this host: no other server can be reached.
    websocket = f"ws://{host} wss://{host}"
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(ws=websocket))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # The join code is in the URL: it must not travel to another site in a Referer.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def wrong_guess(response: Response) -> bool:
    """Count a request against a guessing limit only when it guessed wrong: an unknown join
    code, a wrong password. A whole venue behind one wifi address joins without limit, and
    someone who forgot to pick a role is not guessing anything."""
    if response.status_code == 404:
        return True
    return response.status_code == 400 and request.endpoint in (
        "auth.login",
        "participate.enter_code",
    )


def join_limit() -> str:
    """Wrong join codes one address may try (``TAVOLA_JOIN_LIMIT``)."""
    return current_app.config["JOIN_LIMIT"]


def login_limit() -> str:
    """Failed log-ins one address may make (``TAVOLA_LOGIN_LIMIT``)."""
    return current_app.config["LOGIN_LIMIT"]


def account_limit() -> str:
    """Failed log-ins on one account, from anywhere (``TAVOLA_ACCOUNT_LIMIT``)."""
    return current_app.config["ACCOUNT_LIMIT"]


def login_name() -> str:
    """The limiter key for attempts on one facilitator account, from any address."""
    return "login:" + (request.form.get("username") or "").strip().lower()[:100]


def _not_found(_error: Any) -> tuple[str, int]:
    """Any unknown page, in the reader's language, with the way on: a phone or projector whose
    workshop was just deleted reloads to this, not to a bare English "Not Found"."""
    from .participate.forms import CodeForm

    form = CodeForm()
    form.code.errors = [str(NOTHING_HERE)]
    return render_template("participate/code.html", form=form), 404


def _too_many(_error: Any) -> tuple[str, int]:
    """The page a throttled person sees: the form they used, with the reason, in their
    language; what they typed (not the password) is still in it."""
    message = str(TOO_MANY_TRIES)
    if request.endpoint == "auth.login":
        from .auth.forms import LoginForm

        form = LoginForm()
        form.password.errors = [message]
        return render_template("auth/login.html", form=form), 429
    if request.endpoint in ("participate.join", "participate.enter_code"):
        from .participate.forms import CodeForm

        code = (request.view_args or {}).get("code")
        form = CodeForm(data={"code": code}) if code else CodeForm()
        form.code.errors = [message]
        return render_template("participate/code.html", form=form), 429
    current_app.logger.info("throttled %s", request.endpoint)
    return message, 429

"""Log-in, log-out and first-run set-up pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import services
from ..extensions import db, limiter
from ..security import account_limit, login_limit, login_name, wrong_guess
from . import bp
from .forms import FacilitatorForm, LoginForm
from .session import log_in, log_out, setup_token_valid


def _safe_next(target: str | None) -> str:
    """Only redirect within this site after log-in.

    Browsers drop tabs and newlines and read backslashes as slashes, so ``/\t/evil.example``
    would become ``//evil.example``: anything but a plain local path goes to the dashboard.
    """
    fallback = url_for("facilitator.dashboard")
    if not target or any(ord(c) < 32 or c in "\\\x7f" for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], deduct_when=wrong_guess)
@limiter.limit(account_limit, key_func=login_name, methods=["POST"], deduct_when=wrong_guess)
def login():
    """Facilitator log-in."""
    form = LoginForm()
    if form.validate_on_submit():
        facilitator = services.authenticate(form.username.data, form.password.data)
        if facilitator is not None:
            log_in(facilitator)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong user name or password."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
def logout():
    """Facilitator log-out."""
    log_out()
    return redirect(url_for("facilitator.home"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """Create the first facilitator account from the link printed by ``make run``."""
    if services.facilitator_exists() or not setup_token_valid(token):
        abort(404)
    form = FacilitatorForm()
    if form.validate_on_submit():
        try:
            facilitator = services.create_facilitator(form.username.data, form.password.data)
            db.session.commit()
        except services.ServiceError as err:
            db.session.rollback()
            getattr(form, err.field or "username").errors.append(str(err.message))
        else:
            log_in(facilitator)
            flash(_("Welcome! Create your first workshop."))
            return redirect(url_for("facilitator.new_workshop"))
    return render_template("auth/setup.html", form=form), 200 if not form.errors else 400

"""The interface language of each screen: how it is chosen, the picker, and the catalogues.

Every screen renders in its own language: a phone in what its reader chose (else what the
browser prefers), the projector in what the trainer set for the projector, the control screen in
the trainer's. The projector and the control screen often share one browser (a laptop with the
projector as a second display), so the projector's choice is kept apart from the browser's.
Broadcasts carry data, never sentences, so this is all it takes for a room in many languages.

``flask --app workshop translate extract|update|compile|init LANG`` runs the pybabel workflow on
``workshop/translations`` (see the README).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import (
    Blueprint,
    Flask,
    abort,
    g,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import get_locale

from .languages import (
    SPOKEN_LANGUAGES,
    UI_LANGUAGES,
    best_ui_language,
    is_rtl,
    primary,
    ui_language_tag,
)

bp = Blueprint("language", __name__)


def machine_translation_enabled() -> bool:
    """Whether a LibreTranslate server is configured (the control screen offers it then)."""
    from .services.translations import machine_translation_enabled as enabled

    return enabled()


PACKAGE = Path(__file__).resolve().parent
TRANSLATIONS = PACKAGE / "translations"
POT = TRANSLATIONS / "messages.pot"

#: Screens whose language is kept apart from the browser's own choice.
SCOPES = ("screen",)


def _scope() -> str | None:
    scope = g.get("lang_scope") if has_request_context() else None
    return scope if scope in SCOPES else None


def select_locale() -> str:
    """This screen's chosen language, else the browser's best match, else English.

    Outside a request (CLI, the broadcaster) English is used: those only produce data.
    """
    if not has_request_context():
        return "en"
    scope = _scope()
    if scope:
        chosen = (session.get("lang_scopes") or {}).get(scope)
        if chosen in UI_LANGUAGES:
            return chosen
    chosen = session.get("lang")
    if chosen in UI_LANGUAGES:
        return chosen
    return best_ui_language(list(request.accept_languages)) or "en"


def use_scope(scope: str) -> None:
    """Render this request in the language chosen for ``scope`` (e.g. the projector)."""
    g.lang_scope = scope


def page_language() -> dict[str, object]:
    """What ``base.html`` needs: the page's catalogue code, BCP 47 tag and direction."""
    code = str(get_locale() or "en")
    tag = ui_language_tag(code)
    return {"code": code, "tag": tag, "dir": "rtl" if is_rtl(tag) else "ltr"}


def reader_language() -> str:
    """The language this screen reads cards in, as cards name theirs (``zh-Hans`` → ``zh``)."""
    return primary(ui_language_tag(str(get_locale() or "en"))) or "en"


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a forged ``next`` cannot send the browser elsewhere."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not (target or "").startswith("/"):
        return url_for("facilitator.home")
    return target or "/"


@bp.post("/lang")
def choose():
    """Set this screen's language (the picker on every page) and go back where it was.

    A participant's choice is also kept on the participant, so the report knows which languages
    the room used and the phone keeps its language however it comes back.
    """
    code = request.form.get("lang", "")
    if code not in UI_LANGUAGES:
        abort(400)
    scope = request.form.get("scope") or None
    if scope in SCOPES:
        session["lang_scopes"] = {**(session.get("lang_scopes") or {}), scope: code}
    else:
        session["lang"] = code
        _remember_on_participant(request.form.get("code", ""), ui_language_tag(code))
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/lang/side-by-side")
def side_by_side():
    """The projector shows each card's original with its translation beside it, or not."""
    session["side_by_side"] = request.form.get("on") == "y"
    return redirect(_safe_next(request.form.get("next")))


def _remember_on_participant(workshop_code: str, tag: str) -> None:
    from . import services
    from .extensions import db
    from .participate.identity import current_participant

    if not workshop_code:
        return
    try:
        workshop = services.get_workshop_by_code(workshop_code)
    except services.NotFound:
        return
    participant = current_participant(workshop)
    if participant is not None and participant.language != tag:
        participant.language = tag
        db.session.commit()


def picker_context() -> dict[str, object]:
    """Template globals for the picker: every UI language in its own name and script."""
    return {
        "UI_LANGUAGES": [
            {"code": code, "tag": tag, "name": name, "dir": "rtl" if is_rtl(tag) else "ltr"}
            for code, (tag, name) in UI_LANGUAGES.items()
        ],
        "page_language": page_language,
        "reader_language": reader_language,
        "SPOKEN_LANGUAGES": SPOKEN_LANGUAGES,
        "machine_translation_enabled": machine_translation_enabled,
    }


# ---- the catalogue workflow ------------------------------------------------------------------


def _pybabel(*args: str) -> None:
    """Run pybabel from this interpreter (the venv's), failing the command when it fails."""
    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=False)
    if result.returncode:
        raise click.ClickException(f"pybabel {args[0]} failed")


@click.group("translate")
def translate() -> None:
    """Catalogues of the interface: extract strings, update, compile, add a language."""


@translate.command("extract")
def extract() -> None:
    """Collect every translatable string of code and templates into messages.pot."""
    root = PACKAGE.parent
    _pybabel(
        "extract",
        "-F",
        str(root / "babel.cfg"),
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "-o",
        str(POT),
        str(root),
    )


@translate.command("update")
def update() -> None:
    """Extract, then merge new strings into every language's catalogue (new ones are empty)."""
    extract.callback()  # type: ignore[misc]
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching")


@translate.command("compile")
def compile_catalogues() -> None:
    """Compile every catalogue to the .mo files the server reads (``make`` does this)."""
    _pybabel("compile", "-d", str(TRANSLATIONS))


@translate.command("init")
@click.argument("language")
def init(language: str) -> None:
    """Start the catalogue of a new language (then add it to ``languages.UI_LANGUAGES``)."""
    extract.callback()  # type: ignore[misc]
    _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language)


def init_app(app: Flask) -> None:
    """Register the picker, the template globals and the ``translate`` commands."""
    app.register_blueprint(bp)
    app.jinja_env.globals.update(picker_context())
    app.cli.add_command(translate)

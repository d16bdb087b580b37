"""Cards in many languages: which language a card is in, and its translations.

A card keeps the text and language it was written in. The team (trainer, co-facilitator,
interpreter, a table facilitator for their table) adds a translation into any language; with a
LibreTranslate server configured (``LIBRETRANSLATE_URL``) a machine can make one, marked as such
wherever it is shown. Each screen then shows the card in its reader's language when a
translation exists, with the original one tap away; nothing here renders anything.

Languages of cards and translations are primary subtags (``ar``, ``zh``), the way people name
the language they speak; a reader's ``zh-Hans`` screen reads ``zh`` translations.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any
from urllib import error, request

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..languages import SPOKEN_LANGUAGES, primary
from ..models import Problem, Translation, Workshop
from . import changes
from .actors import Actor
from .errors import InvalidInput, NotFound, ServiceError
from .problems import PROBLEM_MAX, clean_text

log = logging.getLogger(__name__)

#: How long a machine translation may take before the team is told it did not come.
MACHINE_TIMEOUT = 10


def _language(tag: str | None) -> str:
    language = primary(tag)
    if language not in SPOKEN_LANGUAGES:
        raise InvalidInput(_l("Choose the language of the translation."), field="language")
    return language


def _card(actor: Actor, problem_id: int) -> Problem:
    problem = db.session.get(Problem, problem_id)
    if problem is None or problem.workshop_id != actor.workshop.id:
        raise NotFound(_l("This card no longer exists."))
    actor.require(
        actor.may_translate(problem.theme_id),
        _l("You can translate only the cards of your own table."),
    )
    return problem


def add_translation(
    actor: Actor, problem_id: int, language: str, text: str, *, machine: bool = False
) -> Translation:
    """Add (or replace) a card's translation into ``language``."""
    problem = _card(actor, problem_id)
    language = _language(language)
    if language == primary(problem.language):
        raise InvalidInput(
            _l("The card is already in this language. Choose another one."), field="language"
        )
    text = clean_text(
        text, limit=PROBLEM_MAX, field="text", empty_message=_l("Write the translation.")
    )
    translation = db.session.scalar(
        select(Translation).where(
            Translation.problem_id == problem.id, Translation.language == language
        )
    )
    if translation is None:
        translation = Translation(
            workshop_id=problem.workshop_id, problem_id=problem.id, language=language
        )
        db.session.add(translation)
    translation.text = text
    translation.machine = machine
    translation.made_by = actor.role
    translation.member_id = actor.member_id
    db.session.flush()
    changes.record(problem.workshop_id, "problem", problem.id)
    return translation


class MachineTranslationUnavailable(ServiceError):
    """No machine translation server is configured, or it did not answer."""

    code = "unavailable"


def machine_translation_enabled() -> bool:
    """Whether a LibreTranslate server is configured (off by default)."""
    return bool(current_app.config.get("LIBRETRANSLATE_URL"))


def machine_translate(actor: Actor, problem_id: int, language: str) -> Translation:
    """Ask the configured LibreTranslate server for a card's translation into ``language``.

    The text leaves Tavola only when the trainer configured a server; the result is marked as
    machine-made wherever it is shown. A person's translation made later replaces it.
    """
    if not machine_translation_enabled():
        raise MachineTranslationUnavailable(_l("Machine translation is not set up on this server."))
    problem = _card(actor, problem_id)
    target = _language(language)
    payload: dict[str, Any] = {
        "q": problem.text,
        "source": primary(problem.language) or "auto",
        "target": target,
        "format": "text",
    }
    if current_app.config.get("LIBRETRANSLATE_API_KEY"):
        payload["api_key"] = current_app.config["LIBRETRANSLATE_API_KEY"]
    call = request.Request(
        current_app.config["LIBRETRANSLATE_URL"] + "/translate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with request.urlopen(call, timeout=MACHINE_TIMEOUT) as answer:
            text = json.loads(answer.read().decode("utf-8")).get("translatedText")
    except (error.URLError, TimeoutError, ValueError, OSError) as exc:
        log.warning("machine translation failed: %s", exc)
        text = None
    if not isinstance(text, str) or not text.strip():
        raise MachineTranslationUnavailable(
            _l("The machine translation did not come. Try again, or type the translation.")
        )
    return add_translation(actor, problem.id, target, text[:PROBLEM_MAX], machine=True)


def translations_of(workshop: Workshop, problem_ids: list[int]) -> dict[int, dict[str, Any]]:
    """``{card id: {language: {"text", "machine"}}}`` for the given cards, in one query."""
    found: dict[int, dict[str, Any]] = defaultdict(dict)
    if not problem_ids:
        return found
    rows = db.session.scalars(
        select(Translation).where(
            Translation.workshop_id == workshop.id, Translation.problem_id.in_(problem_ids)
        )
    )
    for row in rows:
        found[row.problem_id][row.language] = {"text": row.text, "machine": row.machine}
    return found

"""Cards in many languages: which language a card or prototype is in, and its translations.

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
from typing import Any, TypeVar
from urllib import error, request

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..languages import SPOKEN_LANGUAGES, primary
from ..models import Problem, Prototype, PrototypeTranslation, Translation, Workshop
from . import changes
from .actors import Actor
from .errors import InvalidInput, NotFound, ServiceError
from .problems import PROBLEM_MAX, clean_text
from .prototypes import CANVAS_FIELDS, FIELD_MAX, TITLE_MAX

log = logging.getLogger(__name__)

T = TypeVar("T", Problem, Prototype)
R = TypeVar("R", Translation, PrototypeTranslation)

#: How long a machine translation may take before the team is told it did not come.
MACHINE_TIMEOUT = 10


def _language(tag: str | None) -> str:
    language = primary(tag)
    if language not in SPOKEN_LANGUAGES:
        raise InvalidInput(_l("Choose the language of the translation."), field="language")
    return language


def _target(actor: Actor, model: type[T], ident: int, language: str, gone: object) -> tuple[T, str]:
    """The card or prototype to translate and the checked target language.

    Refused when it is not in the actor's workshop, when the actor may not translate its table,
    or when the language is unknown or the one it is written in.
    """
    target = db.session.get(model, ident)
    if target is None or target.workshop_id != actor.workshop.id:
        raise NotFound(gone)
    actor.require(
        actor.may_translate(target.theme_id),
        _l("You can translate only the cards of your own table."),
    )
    checked = _language(language)
    if checked == primary(target.language):
        raise InvalidInput(
            _l("The card is already in this language. Choose another one."), field="language"
        )
    return target, checked


def _card(actor: Actor, problem_id: int, language: str) -> tuple[Problem, str]:
    return _target(actor, Problem, problem_id, language, _l("This card no longer exists."))


def _prototype(actor: Actor, prototype_id: int, language: str) -> tuple[Prototype, str]:
    return _target(actor, Prototype, prototype_id, language, _l("This prototype no longer exists."))


def _saved(actor: Actor, row: R | None, make: type[R], machine: bool, **identity: Any) -> R:
    """The translation row to fill: the existing one (replaced) or a new one, marked with who
    made it."""
    if row is None:
        row = make(**identity)
        db.session.add(row)
    row.machine = machine
    row.made_by = actor.role
    row.member_id = actor.member_id
    return row


def add_translation(
    actor: Actor, problem_id: int, language: str, text: str, *, machine: bool = False
) -> Translation:
    """Add (or replace) a card's translation into ``language``."""
    problem, language = _card(actor, problem_id, language)
    text = clean_text(
        text, limit=PROBLEM_MAX, field="text", empty_message=_l("Write the translation.")
    )
    translation = _saved(
        actor,
        db.session.scalar(
            select(Translation).where(
                Translation.problem_id == problem.id, Translation.language == language
            )
        ),
        Translation,
        machine,
        workshop_id=problem.workshop_id,
        problem_id=problem.id,
        language=language,
    )
    translation.text = text
    db.session.flush()
    changes.record(problem.workshop_id, "problem", problem.id)
    return translation


class MachineTranslationUnavailable(ServiceError):
    """No machine translation server is configured, or it did not answer."""

    code = "unavailable"


def machine_translation_enabled() -> bool:
    """Whether a LibreTranslate server is configured (off by default)."""
    return bool(current_app.config.get("LIBRETRANSLATE_URL"))


def _libretranslate(texts: list[str], source: str | None, target: str) -> list[str]:
    """Texts translated by the configured LibreTranslate server (one request for all of them).

    Raises :class:`MachineTranslationUnavailable` when none is configured or it does not answer
    with as many texts as it was given; nothing is saved then.
    """
    if not machine_translation_enabled():
        raise MachineTranslationUnavailable(_l("Machine translation is not set up on this server."))
    payload: dict[str, Any] = {
        "q": texts,
        "source": source or "auto",
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
            translated = json.loads(answer.read().decode("utf-8")).get("translatedText")
    except (error.URLError, TimeoutError, ValueError, OSError) as exc:
        log.warning("machine translation failed: %s", exc)
        translated = None
    if (
        not isinstance(translated, list)
        or len(translated) != len(texts)
        or not all(
            isinstance(t, str) and (t.strip() or not src.strip())
            for t, src in zip(translated, texts, strict=True)
        )
    ):
        raise MachineTranslationUnavailable(
            _l("The machine translation did not come. Try again, or type the translation.")
        )
    return translated


def machine_translate(actor: Actor, problem_id: int, language: str) -> Translation:
    """Ask the configured LibreTranslate server for a card's translation into ``language``.

    The text leaves Tavola only when the trainer configured a server; the result is marked as
    machine-made wherever it is shown. A person's translation made later replaces it.
    """
    problem, target = _card(actor, problem_id, language)
    [text] = _libretranslate([problem.text], primary(problem.language), target)
    return add_translation(actor, problem.id, target, text[:PROBLEM_MAX], machine=True)


# ---- prototypes ------------------------------------------------------------------------------


def add_prototype_translation(
    actor: Actor,
    prototype_id: int,
    language: str,
    fields: dict[str, str],
    *,
    machine: bool = False,
) -> PrototypeTranslation:
    """Add (or replace) a prototype's translation: its title, and each canvas field it filled."""
    prototype, language = _prototype(actor, prototype_id, language)
    title = clean_text(
        fields.get("title"),
        limit=TITLE_MAX,
        field="title",
        empty_message=_l("Write the translation."),
    )
    canvas = {
        name: clean_text(fields.get(name), limit=FIELD_MAX, field=name) for name in CANVAS_FIELDS
    }
    translation = _saved(
        actor,
        db.session.scalar(
            select(PrototypeTranslation).where(
                PrototypeTranslation.prototype_id == prototype.id,
                PrototypeTranslation.language == language,
            )
        ),
        PrototypeTranslation,
        machine,
        workshop_id=prototype.workshop_id,
        prototype_id=prototype.id,
        language=language,
    )
    translation.title = title
    for name, value in canvas.items():
        setattr(translation, name, value)
    db.session.flush()
    changes.record(prototype.workshop_id, "prototype", prototype.id)
    return translation


def machine_translate_prototype(
    actor: Actor, prototype_id: int, language: str
) -> PrototypeTranslation:
    """A prototype's title and filled fields, translated by the configured server at once."""
    prototype, target = _prototype(actor, prototype_id, language)
    names = ["title", *(name for name in CANVAS_FIELDS if getattr(prototype, name))]
    texts = _libretranslate(
        [getattr(prototype, name) for name in names], primary(prototype.language), target
    )
    limits = {"title": TITLE_MAX}
    fields = {
        name: text[: limits.get(name, FIELD_MAX)] for name, text in zip(names, texts, strict=True)
    }
    return add_prototype_translation(actor, prototype.id, target, fields, machine=True)


def prototype_translations_of(
    workshop: Workshop, prototype_ids: list[int]
) -> dict[int, dict[str, Any]]:
    """``{prototype id: {language: {"title", …canvas, "machine"}}}`` in one query."""
    found: dict[int, dict[str, Any]] = defaultdict(dict)
    if not prototype_ids:
        return found
    rows = db.session.scalars(
        select(PrototypeTranslation).where(
            PrototypeTranslation.workshop_id == workshop.id,
            PrototypeTranslation.prototype_id.in_(prototype_ids),
        )
    )
    for row in rows:
        found[row.prototype_id][row.language] = {
            "title": row.title,
            **{name: getattr(row, name) for name in CANVAS_FIELDS},
            "machine": row.machine,
        }
    return found


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

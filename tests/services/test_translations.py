"""Cards in many languages: the language a card is in, translations by the team or a machine,
and any Unicode a person types kept exactly."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from workshop.extensions import db
from workshop.models import PrototypeTranslation, TeamRole, Translation
from workshop.services import Actor, Forbidden, InvalidInput, NotFound, live
from workshop.services.translations import (
    MachineTranslationUnavailable,
    add_prototype_translation,
    add_translation,
    machine_translate,
    machine_translate_prototype,
)


def card_of(workshop, problem) -> dict:
    return next(c for c in live.problems(workshop) if c["id"] == problem.id)


@pytest.mark.parametrize(
    ("phone_language", "text", "card_language"),
    [
        ("it", "I moduli della scuola sono solo in italiano", "it"),
        ("it", "رسائل المدرسة صعبة", "ar"),
        ("ar", "اسکول کے خط مشکل ہیں", "ur"),
        ("en", "Школа далеко і автобус рідко", "uk"),  # noqa: RUF001
        ("zh-Hans", "学校的信太难了", "zh"),
        ("fr", "ትምህርቲ ርሑቕ እዩ", "ti"),
        ("ar", "👍🏽👨‍👩‍👧", "ar"),
        ("ar", "Les formulaires sont difficiles", None),  # Latin letters from an Arabic phone
    ],
)
def test_a_card_keeps_the_language_it_was_written_in(
    make_workshop, make_participant, make_problem, phone_language, text, card_language
):
    workshop = make_workshop()
    phone = make_participant(workshop, language=phone_language)
    card = make_problem(phone, text=text)
    assert card.language == card_language
    assert card_of(workshop, card)["language"] == card_language


def test_an_interpreter_adds_a_translation_every_screen_gets_with_the_card(
    make_workshop, make_participant, make_problem, member_of
):
    workshop = make_workshop()
    card = make_problem(make_participant(workshop, language="uk"), text="Школа далеко")
    interpreter = member_of(workshop, TeamRole.INTERPRETER)

    add_translation(interpreter, card.id, "it", "La scuola è lontana")
    db.session.commit()

    assert card_of(workshop, card)["translations"] == {
        "it": {"text": "La scuola è lontana", "machine": False}
    }
    saved = db.session.query(Translation).one()
    assert saved.made_by == "interpreter" and saved.member_id == interpreter.member_id
    assert card.text == "Школа далеко" and card.language == "uk"  # the original stays


def test_a_second_translation_into_the_same_language_replaces_the_first(
    make_workshop, make_participant, make_problem
):
    workshop = make_workshop()
    card = make_problem(make_participant(workshop, language="uk"), text="Школа далеко")
    trainer = Actor.trainer(workshop)
    add_translation(trainer, card.id, "it", "Scuola lontana")
    add_translation(trainer, card.id, "it", "La scuola è lontana")
    add_translation(trainer, card.id, "ar", "المدرسة بعيدة")
    db.session.commit()
    assert card_of(workshop, card)["translations"] == {
        "it": {"text": "La scuola è lontana", "machine": False},
        "ar": {"text": "المدرسة بعيدة", "machine": False},
    }


@pytest.mark.parametrize(
    ("language", "text", "error"),
    [
        ("uk", "Школа далеко", InvalidInput),  # the card's own language
        ("xx", "testo", InvalidInput),
        ("", "testo", InvalidInput),
        ("it", "   ", InvalidInput),
        ("it", "x" * 281, InvalidInput),
    ],
)
def test_a_bad_translation_is_refused_with_a_reason_and_nothing_saved(
    make_workshop, make_participant, make_problem, count_rows, language, text, error
):
    workshop = make_workshop()
    card = make_problem(make_participant(workshop, language="uk"), text="Школа далеко")
    with pytest.raises(error) as refused:
        add_translation(Actor.trainer(workshop), card.id, language, text)
    db.session.rollback()
    assert str(refused.value.message)
    assert count_rows(Translation) == 0


def test_who_may_translate_follows_the_team_matrix(
    make_workshop, make_participant, make_problem, member_of, count_rows
):
    workshop = make_workshop()
    school, services_table = workshop.themes[0], workshop.themes[2]
    card = make_problem(make_participant(workshop, theme=school, language="uk"), text="Далеко")

    for allowed in (
        member_of(workshop, TeamRole.CO_FACILITATOR),
        member_of(workshop, TeamRole.INTERPRETER),
        member_of(workshop, TeamRole.TABLE_FACILITATOR, theme=school),
    ):
        add_translation(allowed, card.id, "it", "Lontano")
    db.session.commit()

    for refused in (
        member_of(workshop, TeamRole.OBSERVER),
        member_of(workshop, TeamRole.TABLE_FACILITATOR, theme=services_table),
    ):
        with pytest.raises(Forbidden):
            add_translation(refused, card.id, "fr", "Loin")
        db.session.rollback()
    other = make_workshop(title="Another session")
    with pytest.raises(NotFound):
        add_translation(Actor.trainer(other), card.id, "fr", "Loin")
    assert count_rows(Translation) == 1


def test_machine_translation_is_off_unless_a_server_is_configured(
    make_workshop, make_participant, make_problem, count_rows
):
    workshop = make_workshop()
    card = make_problem(make_participant(workshop, language="uk"), text="Школа далеко")
    with pytest.raises(MachineTranslationUnavailable):
        machine_translate(Actor.trainer(workshop), card.id, "it")
    assert count_rows(Translation) == 0


class _LibreTranslate(BaseHTTPRequestHandler):
    """A LibreTranslate stand-in on 127.0.0.1: answers /translate like the real API."""

    asked: list[dict] = []
    fail = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).asked.append(body)
        if type(self).fail:
            self.send_response(500)
            self.end_headers()
            return
        answer = json.dumps(
            {"translatedText": [f"[{body['target']}] {q}" for q in body["q"]]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def libretranslate(app) -> Iterator[type[_LibreTranslate]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LibreTranslate)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _LibreTranslate.asked, _LibreTranslate.fail = [], False
    app.config["LIBRETRANSLATE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield _LibreTranslate
    server.shutdown()


def test_a_machine_translation_comes_from_the_configured_server_and_is_marked(
    libretranslate, make_workshop, make_participant, make_problem
):
    workshop = make_workshop()
    card = make_problem(make_participant(workshop, language="uk"), text="Школа далеко")
    machine_translate(Actor.trainer(workshop), card.id, "it")
    db.session.commit()
    assert libretranslate.asked == [
        {"q": ["Школа далеко"], "source": "uk", "target": "it", "format": "text"}
    ]
    assert card_of(workshop, card)["translations"]["it"] == {
        "text": "[it] Школа далеко",
        "machine": True,
    }


def test_a_machine_translation_server_that_fails_saves_nothing_and_says_so(
    libretranslate, make_workshop, make_participant, make_problem, count_rows
):
    libretranslate.fail = True
    workshop = make_workshop()
    card = make_problem(make_participant(workshop, language="uk"), text="Школа далеко")
    with pytest.raises(MachineTranslationUnavailable) as refused:
        machine_translate(Actor.trainer(workshop), card.id, "it")
    assert "did not come" in str(refused.value.message)
    assert count_rows(Translation) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Family 👨‍👩‍👧‍👦 needs help 🙏🏿",
        "المدرسة school بعيدة far",
        "ZWJ: क्‍ष and ZWNJ: می‌خواهم",
        "\u202eevil\u202c reversed? \u2067isolate\u2069 \u200fRLM",
    ],
)
def test_any_unicode_a_person_types_is_stored_and_sent_exactly(
    make_workshop, make_participant, make_problem, text
):
    workshop = make_workshop()
    card = make_problem(make_participant(workshop), text=text)
    db.session.expire_all()
    assert card_of(workshop, card)["text"] == text


def prototype_of(workshop, prototype) -> dict:
    return next(p for p in live.prototypes(workshop) if p["id"] == prototype.id)


def test_a_prototype_keeps_its_language_and_gets_a_translation_of_its_canvas(
    make_workshop, make_participant, make_prototype, member_of
):
    workshop = make_workshop()
    prototype = make_prototype(
        make_participant(workshop, language="uk"),
        title="Шкільний автобус",
        what_changes="Автобус їздить щогодини",
        problems=[],
    )
    assert prototype.language == "uk"
    interpreter = member_of(workshop, TeamRole.INTERPRETER)
    add_prototype_translation(
        interpreter,
        prototype.id,
        "it",
        {"title": "Scuolabus", "what_changes": "L'autobus passa ogni ora", "who_acts": ""},
    )
    db.session.commit()
    shown = prototype_of(workshop, prototype)
    assert shown["language"] == "uk" and shown["title"] == "Шкільний автобус"
    assert shown["translations"] == {
        "it": {
            "title": "Scuolabus",
            "what_changes": "L'autobus passa ogni ora",
            "who_benefits": "",
            "who_acts": "",
            "first_step": "",
            "machine": False,
        }
    }


def test_a_prototype_translation_needs_a_title_another_language_and_the_right_to_translate(
    make_workshop, make_participant, make_prototype, member_of, count_rows
):
    workshop = make_workshop()
    school, services_table = workshop.themes[0], workshop.themes[2]
    prototype = make_prototype(
        make_participant(workshop, theme=school, language="uk"),
        title="Автобус",
        what_changes="Щогодини",
        problems=[],
    )
    trainer = Actor.trainer(workshop)
    with pytest.raises(InvalidInput):
        add_prototype_translation(trainer, prototype.id, "it", {"title": " "})
    with pytest.raises(InvalidInput):
        add_prototype_translation(trainer, prototype.id, "uk", {"title": "Автобус"})
    for refused in (
        member_of(workshop, TeamRole.OBSERVER),
        member_of(workshop, TeamRole.TABLE_FACILITATOR, theme=services_table),
    ):
        with pytest.raises(Forbidden):
            add_prototype_translation(refused, prototype.id, "it", {"title": "Bus"})
        db.session.rollback()
    assert count_rows(PrototypeTranslation) == 0


def test_a_machine_translated_prototype_sends_its_filled_fields_in_one_request(
    libretranslate, make_workshop, make_participant, make_prototype
):
    workshop = make_workshop()
    prototype = make_prototype(
        make_participant(workshop, language="uk"),
        title="Автобус",
        what_changes="Щогодини",
        first_step="Лист до мерії",
        problems=[],
    )
    machine_translate_prototype(Actor.trainer(workshop), prototype.id, "it")
    db.session.commit()
    assert libretranslate.asked[0]["q"] == ["Автобус", "Щогодини", "Лист до мерії"]
    translated = prototype_of(workshop, prototype)["translations"]["it"]
    assert translated["machine"] is True
    assert (
        translated["title"] == "[it] Автобус" and translated["first_step"] == "[it] Лист до мерії"
    )
    assert translated["who_acts"] == ""

"""Each screen's interface language: the browser's preference first, then the reader's choice."""

from __future__ import annotations

import re

import pytest
from support.catalogue import tr

from workshop.extensions import db
from workshop.languages import UI_LANGUAGES

from .conftest import text_of


def html_tag(page: str) -> tuple[str, str]:
    lang, direction = re.search(r'<html lang="([^"]+)" dir="(\w+)">', page).groups()
    return lang, direction


@pytest.mark.parametrize(
    ("accept", "lang", "direction"),
    [
        ("it-IT,it;q=0.9,en;q=0.5", "it", "ltr"),
        ("ar-EG,ar;q=0.9", "ar", "rtl"),
        ("ur-PK", "ur", "rtl"),
        ("zh-CN,zh;q=0.9", "zh-Hans", "ltr"),
        ("pt-BR", "pt", "ltr"),
        ("sw-KE,ti;q=0.8", "ti", "ltr"),
        ("sw-KE", "en", "ltr"),
    ],
)
def test_the_first_screen_after_scanning_speaks_the_browsers_language(
    client, make_workshop, accept, lang, direction
):
    workshop = make_workshop()
    page = text_of(client.get(f"/j/{workshop.code}", headers={"Accept-Language": accept}))
    assert html_tag(page) == (lang, direction)


def test_the_picker_names_every_language_in_its_own_script(client, make_workshop):
    workshop = make_workshop()
    page = text_of(client.get(f"/j/{workshop.code}"))
    for code, (tag, name) in UI_LANGUAGES.items():
        assert re.search(rf'value="{code}" lang="{tag}" dir="\w+"[^>]*>{name}</button>', page)
    assert 'lang="ar" dir="rtl"' in page and 'lang="ur" dir="rtl"' in page


def test_a_chosen_language_sticks_to_the_phone_and_the_participant(
    client, make_workshop, make_participant, phone_of
):
    workshop = make_workshop()
    participant = make_participant(workshop)
    phone = phone_of(participant)
    response = phone.post(
        "/lang", data={"lang": "ar", "code": workshop.code, "next": f"/w/{workshop.code}"}
    )
    assert response.headers["Location"] == f"/w/{workshop.code}"
    page = text_of(phone.get(f"/w/{workshop.code}", headers={"Accept-Language": "it"}))
    assert html_tag(page) == ("ar", "rtl")
    db.session.refresh(participant)
    assert participant.language == "ar"


def test_the_projector_keeps_its_own_language_in_the_trainers_browser(
    client, make_workshop, trainer, log_in
):
    workshop = make_workshop(facilitator=trainer)
    browser = log_in(trainer)
    browser.post("/lang", data={"lang": "it", "next": "/"})
    browser.post("/lang", data={"lang": "ar", "scope": "screen", "next": "/"})
    assert html_tag(text_of(browser.get(f"/f/{workshop.code}/screen"))) == ("ar", "rtl")
    assert html_tag(text_of(browser.get(f"/f/{workshop.code}/control"))) == ("it", "ltr")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_the_picker_only_sends_the_browser_back_into_tavola(client, target):
    response = client.post("/lang", data={"lang": "fr", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_refused_and_changes_nothing(client, make_workshop):
    workshop = make_workshop()
    assert client.post("/lang", data={"lang": "xx", "next": "/"}).status_code == 400
    page = text_of(client.get(f"/j/{workshop.code}", headers={"Accept-Language": "fr"}))
    assert html_tag(page) == ("fr", "ltr")


def test_a_kept_default_table_name_reads_in_each_phones_language_a_typed_one_as_typed(
    client, make_workshop
):
    from workshop.services import ThemeSpec

    workshop = make_workshop(
        themes=[
            ThemeSpec("Scuola", "school", "#1f5f99"),  # the default, made by an Italian trainer
            ThemeSpec("Casa e quartiere", "housing", "#a33b20"),  # typed by the trainer
        ]
    )
    arabic = text_of(client.get(f"/j/{workshop.code}", headers={"Accept-Language": "ar"}))
    french = text_of(client.get(f"/j/{workshop.code}", headers={"Accept-Language": "fr"}))
    assert tr("ar", "School") in arabic and "Scuola" not in arabic
    assert tr("fr", "School") in french
    assert "Casa e quartiere" in arabic and "Casa e quartiere" in french


def test_a_phone_page_shows_the_readers_translation_with_the_original_a_tap_away(
    make_workshop, make_participant, make_problem, phone_of
):
    from workshop.services import Actor
    from workshop.services.translations import add_translation

    workshop = make_workshop()
    card = make_problem(make_participant(workshop, language="uk"), text="Школа далеко")
    add_translation(Actor.trainer(workshop), card.id, "it", "La scuola è lontana")
    db.session.commit()
    reader = make_participant(workshop)

    italian = text_of(
        phone_of(reader).get(f"/w/{workshop.code}", headers={"Accept-Language": "it"})
    )
    shown = re.search(
        r'<p class="card-text" data-field="text" lang="(\w*)" dir="auto">([^<]*)<', italian
    )
    assert shown.groups() == ("it", "La scuola è lontana")
    original = re.search(
        r'<details class="original" data-field="original" *>(.*?)</details>', italian, re.S
    )
    assert original and "Українська" in original.group(1) and "Школа далеко" in original.group(1)

    arabic = text_of(phone_of(reader).get(f"/w/{workshop.code}", headers={"Accept-Language": "ar"}))
    shown = re.search(
        r'<p class="card-text" data-field="text" lang="(\w*)" dir="auto">([^<]*)<', arabic
    )
    assert shown.groups() == ("uk", "Школа далеко")
    assert '<details class="original" data-field="original" hidden>' in arabic


def test_the_translate_form_is_on_the_cards_of_those_who_may_translate(
    make_workshop, make_participant, make_problem, trainer, log_in, app, member_of
):
    from workshop.models import TeamRole

    workshop = make_workshop(facilitator=trainer)
    make_problem(make_participant(workshop, language="uk"), text="Школа далеко")
    page = text_of(log_in(trainer).get(f"/f/{workshop.code}/control"))
    assert 'data-intent="translate"' in page
    for role, sees in ((TeamRole.INTERPRETER, True), (TeamRole.OBSERVER, False)):
        member = member_of(workshop, role).member
        browser = app.test_client()
        browser.get(f"/t/{member.token}")
        page = text_of(browser.get(f"/f/{workshop.code}/control"))
        assert ('data-intent="translate"' in page) is sees, role


def test_a_translated_prototype_reads_in_the_phones_language_with_its_original_at_hand(
    make_workshop, make_participant, make_prototype, phone_of
):
    from workshop.services import Actor
    from workshop.services.translations import add_prototype_translation

    workshop = make_workshop()
    prototype = make_prototype(
        make_participant(workshop, language="uk"),
        title="Шкільний автобус",
        what_changes="Автобус їздить щогодини",
        problems=[],
    )
    add_prototype_translation(
        Actor.trainer(workshop),
        prototype.id,
        "it",
        {"title": "Scuolabus", "what_changes": "L'autobus passa ogni ora"},
    )
    db.session.commit()
    italian = text_of(
        phone_of(make_participant(workshop)).get(
            f"/w/{workshop.code}", headers={"Accept-Language": "it"}
        )
    )
    assert re.search(r'<h3 data-field="title" lang="it" dir="auto">Scuolabus</h3>', italian)
    assert "L'autobus passa ogni ora" in italian
    original = re.search(
        r'<details class="original" data-field="original" *>(.*?)</details>', italian, re.S
    )
    assert "Шкільний автобус" in original.group(1) and "Автобус їздить щогодини" in original.group(
        1
    )

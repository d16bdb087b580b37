"""A room in many languages, in real browsers: an Arabic phone mirrored and in Arabic, a
Ukrainian phone's card translated into Italian by the trainer, an Italian projector.

Each screen renders in its own language from the same broadcast data; the test never reloads a
page to see a live change.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from support.browser import PHONE, next_stage, open_room
from support.catalogue import tr

pytestmark = pytest.mark.e2e


def phone_in(browser: Browser, locale: str) -> Page:
    """A phone whose browser prefers ``locale`` (its Accept-Language)."""
    return browser.new_context(**PHONE, locale=locale).new_page()


def join_in(phone: Page, join_url: str, lang: str, table: str = "School") -> None:
    phone.goto(join_url)
    phone.get_by_label(tr(lang, "Resident"), exact=True).check()
    phone.locator("label", has_text=tr(lang, table)).click()
    phone.get_by_role("button", name=tr(lang, "I am in")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(tr(lang, "Welcome"))
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live")


def choose_language(page: Page, current: str, name: str) -> None:
    """Open the picker (it shows the current language's own name) and pick another."""
    page.locator(".lang-picker summary", has_text=current).click()
    page.locator(".lang-list").get_by_role("button", name=name, exact=True).click()


def test_each_screen_speaks_its_own_language_and_a_card_carries_its_translation(
    browser, server, artifacts
):
    control, screen, join_url = open_room(browser, server, title="Vivere a Prato")
    screen.set_viewport_size({"width": 1920, "height": 1080})
    choose_language(screen, "English", "Italiano")
    expect(screen.locator("html")).to_have_attribute("lang", "it")
    expect(screen.get_by_role("heading", level=1)).to_have_text(tr("it", "Welcome"))
    # The control screen in the same browser keeps its own language.
    control.reload()
    expect(control.locator("html")).to_have_attribute("lang", "en")

    arabic = phone_in(browser, "ar-EG")
    join_in(arabic, join_url, "ar")
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    ukrainian = phone_in(browser, "uk-UA")
    join_in(ukrainian, join_url, "uk")

    next_stage(control, "Problems")
    expect(screen.get_by_role("heading", level=1)).to_have_text(tr("it", "Problems"))
    expect(arabic.get_by_role("heading", level=1)).to_have_text(tr("ar", "Problems"))
    arabic.screenshot(path=artifacts / "arabic-phone.png")

    # Mirrored: the heading and the text box start at the right edge of an Arabic phone.
    width = arabic.viewport_size["width"]
    heading = arabic.get_by_role("heading", level=1).bounding_box()
    assert heading["x"] + heading["width"] > width - 40
    box = arabic.locator("textarea").evaluate("el => getComputedStyle(el).direction")
    assert box == "rtl"

    ukrainian.locator("textarea").fill("Школа далеко, автобус ходить рідко")
    ukrainian.get_by_role("button", name=tr("uk", "Post")).click()
    card = screen.locator(".card.problem", has_text="Школа далеко")
    expect(card).to_be_visible()
    expect(card.locator("[data-field=text]")).to_have_attribute("lang", "uk")

    # The trainer translates it on the control screen; every screen gets it live.
    on_control = control.locator(".card.problem", has_text="Школа далеко")
    on_control.locator(".translate summary").click()
    on_control.get_by_label("Translate into").select_option("it")
    on_control.get_by_label("Translation", exact=True).fill(
        "La scuola è lontana, l'autobus passa di rado"
    )
    on_control.get_by_role("button", name="Save the translation").click()
    expect(on_control.locator("[data-field=translated_into]")).to_contain_text("Italiano")

    # The Italian projector shows the translation, the original a tap away.
    expect(card.locator("[data-field=text]")).to_have_text(
        "La scuola è lontana, l'autobus passa di rado"
    )
    expect(card.locator("[data-field=text]")).to_have_attribute("lang", "it")
    original = card.locator("details.original")
    expect(original.locator("summary")).to_contain_text("Українська")
    original.locator("summary").click()
    expect(original.locator("[data-field=source_text]")).to_have_text(
        "Школа далеко, автобус ходить рідко"
    )
    # An Arabic phone has no Arabic translation: it shows the original, in its own language.
    on_arabic = arabic.locator(".card.problem", has_text="Школа далеко")
    expect(on_arabic.locator("[data-field=text]")).to_have_attribute("lang", "uk")
    expect(on_arabic.locator("details.original")).to_be_hidden()

    # Side by side on the projector: the original and the Italian next to each other.
    screen.get_by_role(
        "button", name=re.compile(tr("it", "Original and translation side by side"))
    ).click()
    card = screen.locator(".card.problem", has_text="Школа далеко")
    expect(card.locator("[data-field=text]")).to_have_text("Школа далеко, автобус ходить рідко")
    expect(card.locator("[data-field=translation]")).to_have_text(
        "La scuola è lontana, l'autobus passa di rado"
    )
    text_box = card.locator("[data-field=text]").bounding_box()
    beside = card.locator("[data-field=translation]").bounding_box()
    assert beside["x"] > text_box["x"] + text_box["width"] - 1
    assert abs(beside["y"] - text_box["y"]) < 5
    screen.screenshot(path=artifacts / "projector-side-by-side.png")


def test_bidi_controls_in_a_card_cannot_flip_the_wall_around_it(browser, server):
    control, screen, join_url = open_room(browser, server, title="Bidi")
    phone = phone_in(browser, "en-GB")
    join_in(phone, join_url, "en")
    next_stage(control, "Problems")
    hostile = "\u202eEVIL text ends here"
    phone.locator("textarea").fill(hostile)
    phone.get_by_role("button", name="Post").click()
    card = screen.locator(".card.problem", has_text="EVIL")
    expect(card).to_be_visible()
    # Stored and shown exactly as typed...
    assert card.locator("[data-field=text]").inner_text() == hostile
    # ...while the role tag beside it still reads left to right, at the card's start.
    role = card.locator("[data-field=role]")
    assert role.evaluate("el => getComputedStyle(el).direction") == "ltr"
    text_box = card.locator("[data-field=text]").evaluate("el => getComputedStyle(el).unicodeBidi")
    assert text_box == "isolate"
    card_box, role_box = card.bounding_box(), role.bounding_box()
    assert role_box["x"] - card_box["x"] < 40


def test_a_prototype_translated_on_the_control_screen_reaches_a_phone_live(browser, server):
    control, _screen, join_url = open_room(browser, server, title="Prototipi")
    italian = phone_in(browser, "it-IT")
    join_in(italian, join_url, "it")
    ukrainian = phone_in(browser, "uk-UA")
    join_in(ukrainian, join_url, "uk")
    next_stage(control, "Problems")
    ukrainian.locator("textarea").fill("Листи зі школи лише італійською")
    ukrainian.get_by_role("button", name=tr("uk", "Post")).click()
    expect(control.locator(".card.problem", has_text="Листи зі школи")).to_be_visible()
    next_stage(control, "Focus")
    next_stage(control, "Prototypes")
    expect(ukrainian.get_by_role("heading", level=1)).to_have_text(tr("uk", "Prototypes"))
    ukrainian.get_by_label(tr("uk", "Title")).fill("Батьківський посередник")
    ukrainian.locator("label", has_text="Листи зі школи").click()
    ukrainian.get_by_label(tr("uk", "What changes?")).fill("Посередник пояснює листи")
    ukrainian.get_by_role("button", name=tr("uk", "Save prototype")).click()

    card = italian.locator(".card.prototype", has_text="Батьківський посередник")
    expect(card).to_be_visible()
    on_control = control.locator(".card.prototype", has_text="Батьківський посередник")
    on_control.locator(".translate summary").click()
    on_control.get_by_label("Translate into").select_option("it")
    on_control.get_by_label("Title", exact=True).fill("Mediatore per le famiglie")
    on_control.get_by_label("What changes?").fill("Un mediatore spiega le lettere")
    on_control.get_by_role("button", name="Save the translation").click()

    # The Italian phone, without reloading: the translation, the original one tap away.
    card = italian.locator(".card.prototype", has_text="Mediatore per le famiglie")
    expect(card.locator("[data-field=title]")).to_have_attribute("lang", "it")
    expect(card.locator("[data-field=what_changes]")).to_have_text("Un mediatore spiega le lettere")
    card.locator("details.original summary").click()
    expect(card.locator("[data-field=source_title]")).to_have_text("Батьківський посередник")
    # The Ukrainian phone keeps its own words.
    own = ukrainian.locator(".card.prototype").first
    expect(own.locator("[data-field=title]")).to_have_text("Батьківський посередник")
    expect(own.locator("details.original")).to_be_hidden()

"""Read aloud on the phone: speaker buttons read prompts, cards and action labels with the
phone's own voices, each text in its own language.

Headless Chromium has no voices, so an init script puts a recorder in place of
``window.speechSynthesis`` (a fixed list of voices; every ``speak()`` recorded with its text,
language and voice). The phone is Italian (``it-IT``); a card written in Ukrainian is added
through the service layer. Translated words are never asserted: the texts read are taken from
the page itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from babel import Locale
from playwright.sync_api import Browser, Page, expect
from support.backstage import backstage, join_by_value, workshop_by_code
from support.browser import PHONE, next_stage, open_room

from workshop import services

pytestmark = pytest.mark.e2e

UKRAINIAN_CARD = "Листи зі школи приходять лише італійською мовою"

RECORDER = """
(() => {
  const voices = %s.map((lang) => ({ lang, name: "Voice " + lang, voiceURI: lang,
                                     localService: true, default: false }));
  const spoken = (window.__spoken = []);
  function Utterance(text) { this.text = text || ""; this.lang = ""; this.voice = null; }
  const recorder = {
    speaking: false, pending: false, paused: false, onvoiceschanged: null,
    getVoices: () => voices.slice(),
    speak(u) {
      spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null });
      setTimeout(() => u.onend && u.onend({}), 20);
    },
    cancel() {}, pause() {}, resume() {},
    addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: recorder, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
})();
"""

NO_SPEECH = """
delete window.speechSynthesis;
delete Window.prototype.speechSynthesis;
"""


@pytest.fixture(scope="module")
def room(browser: Browser, server, tmp_path_factory) -> Iterator[str]:
    """A workshop in the Problems stage with one card written in Ukrainian; its join URL."""
    control, _screen, join_url = open_room(browser, server, "Read aloud")
    next_stage(control, "Problems")
    code = join_url.rsplit("/", 1)[1]
    with backstage(server, tmp_path_factory.mktemp("instance")) as commit:
        workshop = workshop_by_code(code)
        school = next(t for t in workshop.themes if t.name == "School")
        writer = services.join(workshop, role="resident", theme_id=school.id, language="uk")
        services.post_problem(writer, UKRAINIAN_CARD)
        commit()
    yield join_url
    control.context.close()


def italian_phone(browser: Browser, join_url: str, script: str) -> Page:
    """An Italian phone (Accept-Language it-IT) at the School table, with ``script`` run first."""
    context = browser.new_context(**PHONE, locale="it-IT")
    context.add_init_script(script)
    page = context.new_page()
    join_by_value(page, join_url, "resident", "School")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    return page


def spoken(page: Page) -> list[dict]:
    return page.evaluate("window.__spoken")


def test_the_prompt_and_an_action_are_read_in_the_page_language(browser, room):
    phone = italian_phone(browser, room, RECORDER % json.dumps(["en-US", "it-IT", "uk-UA"]))
    prompt = phone.locator(".speak-row", has=phone.get_by_role("heading", level=1))
    speaker = prompt.get_by_role("button")
    expect(speaker).to_have_count(1)
    expect(speaker).to_have_attribute("aria-label", re.compile(r"\S"))  # "Read aloud"
    box = speaker.bounding_box()
    assert box["width"] >= 48 and box["height"] >= 48
    speaker.click()
    phone.wait_for_function("window.__spoken.length === 1")
    said = spoken(phone)[0]
    title = phone.get_by_role("heading", level=1).inner_text().strip()
    line = phone.locator(".prompt").inner_text().strip()
    assert said["lang"] == "it"
    assert said["voice"] == "it-IT"
    assert title in said["text"] and line in said["text"]

    # The Post button has its speaker right beside it, reading its label as shown.
    post = phone.locator("form[data-intent=post_problem] button[type=submit]")
    post.locator("xpath=following-sibling::button[1]").click()
    phone.wait_for_function("window.__spoken.length === 2")
    assert spoken(phone)[1] == {
        "text": post.inner_text().strip(),
        "lang": "it",
        "voice": "it-IT",
    }
    phone.context.close()


def test_a_card_written_in_ukrainian_is_read_in_ukrainian_on_an_italian_phone(browser, room):
    phone = italian_phone(browser, room, RECORDER % json.dumps(["en-US", "it-IT", "uk-UA"]))
    card = phone.locator(".problem", has_text=UKRAINIAN_CARD)
    card = phone.locator("#" + card.get_attribute("id"))  # the same card once its text changes
    expect(card.locator("footer > [data-speaker]")).to_have_count(1)
    card.locator("footer > [data-speaker]").click()
    phone.wait_for_function("window.__spoken.length === 1")
    assert spoken(phone)[0] == {"text": UKRAINIAN_CARD, "lang": "uk", "voice": "uk-UA"}

    # "Me too" on that card is an Italian button: read in Italian.
    metoo = card.locator("button.metoo")
    metoo.locator("xpath=following-sibling::button[1]").click()
    phone.wait_for_function("window.__spoken.length === 2")
    assert spoken(phone)[1]["lang"] == "it"
    assert spoken(phone)[1]["text"] == metoo.inner_text().strip()

    # What is read is what is shown: a translation shown inside the card, with its own lang
    # (as the card translations will show it), is read in the translation's language.
    card.locator("[data-field=text]").evaluate(
        "(el, text) => { el.textContent = ''; const span = el.appendChild("
        "document.createElement('span')); span.lang = 'it'; span.textContent = text; }",
        "Le lettere della scuola solo in italiano",
    )
    card.locator("footer > [data-speaker]").click()
    phone.wait_for_function("window.__spoken.length === 3")
    assert spoken(phone)[2] == {
        "text": "Le lettere della scuola solo in italiano",
        "lang": "it",
        "voice": "it-IT",
    }
    phone.context.close()


def test_a_phone_without_a_ukrainian_voice_says_so_in_its_own_language(browser, room):
    phone = italian_phone(browser, room, RECORDER % json.dumps(["en-US", "it-IT"]))
    card = phone.locator(".problem", has_text=UKRAINIAN_CARD)
    card.locator("footer > [data-speaker]").click()
    note = phone.locator("#speak-note")
    expect(note).to_be_visible()
    expect(note).to_have_attribute("role", "status")
    # "This phone cannot read ucraino aloud.": the language is named in Italian, the page's.
    expect(note).to_contain_text(Locale("it").languages["uk"])
    assert spoken(phone) == []  # not mumbled in an Italian voice
    phone.context.close()


def test_a_phone_without_speech_synthesis_gets_no_speaker_buttons(browser, room):
    phone = italian_phone(browser, room, NO_SPEECH)
    assert phone.evaluate("'speechSynthesis' in window") is False
    expect(phone.locator(".problem", has_text=UKRAINIAN_CARD)).to_be_visible()
    assert phone.locator("[data-speak]").count() > 3  # the markup offers it …
    expect(phone.locator("[data-speaker]")).to_have_count(0)  # … the script adds nothing
    phone.context.close()


def test_the_join_page_reads_who_you_can_be_and_the_button(browser, room):
    context = browser.new_context(**PHONE, locale="it-IT")
    context.add_init_script(RECORDER % json.dumps(["it-IT"]))
    page = context.new_page()
    page.goto(room)
    roles = page.locator("fieldset", has=page.locator("input[name=role]"))
    roles.locator(":scope > [data-speaker]").click()
    page.wait_for_function("window.__spoken.length === 1")
    said = spoken(page)[0]
    assert said["lang"] == "it"
    assert roles.locator("legend").inner_text().strip() in said["text"]
    for label in roles.locator(".choices label").all():
        assert label.inner_text().strip() in said["text"]

    enter = page.locator("main button[type=submit]")
    enter.locator("xpath=following-sibling::button[1]").click()
    page.wait_for_function("window.__spoken.length === 2")
    assert spoken(page)[1]["text"] == enter.inner_text().strip()
    context.close()

"""Right to left: an Arabic phone mirrors the whole layout; an Italian projector in the same
room stays left to right.

The phone's browser asks for Arabic (Playwright's ``locale`` sets Accept-Language), so the page
renders ``dir="rtl"``; the layout must follow by itself (logical CSS properties only). Words are
never asserted (the Arabic catalogue is filled elsewhere): the test finds things by structure.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from support.backstage import join_by_value
from support.browser import PHONE, next_stage, open_room
from support.server import FACILITATOR

pytestmark = pytest.mark.e2e


#: Where the typed count and the limit sit in the counter "n / 280" (their x positions).
COUNTER_POSITIONS = """
el => {
  const text = el.firstChild, at = (i, n) => {
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + n);
    return range.getBoundingClientRect().x;
  };
  const m = /(\\d+) \\/ (\\d+)/.exec(text.data);
  return [at(m.index, m[1].length), at(text.data.lastIndexOf(m[2]), m[2].length)];
}
"""


def box(page: Page, selector: str) -> dict:
    b = page.locator(selector).first.bounding_box()
    assert b, selector
    return {**b, "right": b["x"] + b["width"]}


def test_an_arabic_phone_runs_right_to_left_and_an_italian_projector_left_to_right(
    browser, server, artifacts
):
    control, _screen, join_url = open_room(browser, server, "Right to left")
    code = join_url.rsplit("/", 1)[1]
    phone = browser.new_context(**PHONE, locale="ar-EG").new_page()
    join_by_value(phone, join_url, "resident", "School")
    next_stage(control, "Problems")
    expect(phone.locator("form[data-intent=post_problem]")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live")

    # The header starts at the right edge: the table's chip first, the role to its left.
    width = phone.viewport_size["width"]
    chip = box(phone, "header.bar > .theme-chip")
    role = box(phone, "header.bar > span:nth-child(2)")
    assert chip["right"] > width - 30, chip
    assert role["right"] <= chip["x"] + 1

    # Typing starts at the right, and the send arrow points the way text runs (leftwards).
    textarea = phone.locator("form[data-intent=post_problem] textarea")
    style = textarea.evaluate(
        "el => [getComputedStyle(el).direction, getComputedStyle(el).textAlign]"
    )
    assert style[0] == "rtl" and style[1] in ("start", "right"), style
    arrow = phone.locator("form[data-intent=post_problem] button[type=submit] .icon")
    assert arrow.evaluate("el => getComputedStyle(el).transform") == "matrix(-1, 0, 0, 1, 0, 0)"

    textarea.fill("رسائل المدرسة تصل باللغة الإيطالية فقط")
    # The counter still reads "37 / 280", not "280 / 37".
    typed, limit = phone.locator("#problem-count").evaluate(COUNTER_POSITIONS)
    assert typed < limit
    phone.locator("form[data-intent=post_problem] button[type=submit]").click()
    card = phone.locator(".problem", has_text="رسائل المدرسة")
    expect(card).to_be_visible()
    # The card's footer runs right to left: the role tag first (rightmost), then the count.
    role_tag = card.locator("[data-field=role]").bounding_box()
    count = card.locator(".supports").bounding_box()
    assert role_tag["x"] > count["x"] + count["width"] - 1
    # The card's coloured edge is on its right (start) side.
    border = card.evaluate("el => getComputedStyle(el).borderRightWidth")
    assert border == "6px", border
    phone.screenshot(path=artifacts / "arabic-phone.png", full_page=True)

    # An Italian projector in the same room stays left to right.
    italian = browser.new_context(viewport={"width": 1280, "height": 800}, locale="it-IT")
    projector = italian.new_page()
    projector.goto(server.url + "/login")
    projector.locator("input[name=username]").fill(FACILITATOR[0])
    projector.locator("input[name=password]").fill(FACILITATOR[1])
    projector.locator("main button[type=submit]").click()
    projector.goto(f"{server.url}/f/{code}/screen")
    expect(projector.locator("html")).to_have_attribute("lang", "it")
    expect(projector.locator("html")).to_have_attribute("dir", "ltr")
    expect(projector.locator(".problem", has_text="رسائل المدرسة")).to_be_visible()
    title = box(projector, "h1")
    assert title["x"] < 60, title
    edge = projector.locator(".problem").first.evaluate(
        "el => getComputedStyle(el).borderLeftWidth"
    )
    assert edge == "6px"
    projector.screenshot(path=artifacts / "italian-projector.png")
    italian.close()
    phone.context.close()
    control.context.close()

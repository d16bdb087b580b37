"""Keyboard only: the trainer runs the room without a mouse, and always sees where focus is.

Trainers with a clicker, a laptop without a mouse, or a motor impairment use Tab and Enter. The
focus ring must be visible against what is behind it (WCAG 2.4.7, and 3:1 as for any non-text
contrast, 1.4.11), on the phone as on the control screen.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from support.browser import PHONE, join, open_room
from support.server import join_phone

pytestmark = pytest.mark.e2e

#: The focused element's focus ring: its width, and the contrast of its colour against the
#: background around the element (the first ancestor with one; white if none).
FOCUS_RING = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  let bg = [255, 255, 255];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) { bg = c.slice(0, 3); break; }
  }
  const ring = style.outlineStyle !== "none" ? rgb(style.outlineColor).slice(0, 3) : null;
  const [a, b] = ring ? [lum(ring), lum(bg)] : [0, 0];
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute("aria-label") || el.textContent).trim(),
    width: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    shadow: style.boxShadow,
    contrast: ring ? (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) : 0,
  };
}
"""


def tab_to(page: Page, matches, limit: int = 120) -> dict:
    """Press Tab until the focused element matches; returns its focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if matches(ring):
            return ring
    raise AssertionError("Tab never reached the control")


def assert_visible_focus(ring: dict) -> None:
    assert ring["width"] >= 2 or ring["shadow"] != "none", ring
    assert ring["contrast"] >= 3, ring


def test_the_trainer_runs_the_control_screen_with_the_keyboard_alone(browser, server):
    control, screen, join_url = open_room(browser, server, "Keyboard workshop")
    code = join_url.rsplit("/", 1)[1]
    control.locator("body").focus()
    ring = tab_to(
        control, lambda r: r["tag"] == "button" and r["text"].startswith("Next: Problems")
    )
    assert_visible_focus(ring)
    control.keyboard.press("Enter")
    expect(control.locator(".stepper [aria-current=step]")).to_have_text("Problems")
    expect(screen.get_by_role("heading", level=1)).to_have_text("Problems")

    phone = join_phone(server, code)
    phone.post_form(f"/w/{code}/post_problem", {"text": "Forms only in Italian"}, f"/w/{code}")
    card = control.locator(".problem", has_text="Forms only in Italian")
    expect(card).to_be_visible()
    control.reload()  # start again from the top of the page, as a trainer who just came in
    expect(control.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    control.locator("body").focus()
    ring = tab_to(control, lambda r: r["tag"] == "button" and r["text"] == "Hide")
    assert_visible_focus(ring)
    control.keyboard.press("Enter")
    expect(card.locator("[data-field=mod_state]")).to_have_text("Hidden")
    expect(screen.locator(".problem", has_text="Forms only in Italian")).to_have_count(0)


def test_focus_is_visible_on_the_phone_and_the_control_screen(browser, server):
    control, _screen, join_url = open_room(browser, server, "Focus ring workshop")
    control.locator("body").focus()
    link = tab_to(control, lambda r: r["tag"] == "a" and r["text"] == "Open projector view")
    assert_visible_focus(link)
    control.locator("body").focus()
    header_link = tab_to(control, lambda r: r["tag"] == "a" and r["text"] == "My workshops")
    assert_visible_focus(header_link)  # on the dark header bar
    control.locator("body").focus()
    button = tab_to(control, lambda r: r["tag"] == "button" and r["text"].startswith("Next:"))
    assert_visible_focus(button)

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(join_url)
    phone.locator("body").focus()
    assert_visible_focus(tab_to(phone, lambda r: r["tag"] == "input"))
    assert_visible_focus(tab_to(phone, lambda r: r["tag"] == "button"))
    phone.goto(join_url)
    join(phone, join_url, "Resident", "School")
    control.get_by_role("button", name="Next: Problems").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Problems")
    phone.locator("body").focus()
    assert_visible_focus(tab_to(phone, lambda r: r["tag"] == "button" and r["text"] == "Post"))

"""The stage countdown in real browsers: every screen shows the same time left, whatever its
clock says, and a locking countdown closes the phones' input at zero."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect
from support.browser import PHONE, next_stage, open_room
from support.browser import join as join_live

pytestmark = pytest.mark.e2e

LOCKED = "Time is up for this stage. Wait for the facilitator."

#: A phone whose clock is an hour ahead: Date (and Date.now) lie, the monotonic clock does not.
SKEWED_CLOCK = """
(() => {
  const SKEW = 3600 * 1000;
  const Real = Date;
  function Skewed(...args) {
    if (!new.target) { return new Real(Real.now() + SKEW).toString(); }
    return args.length ? new Real(...args) : new Real(Real.now() + SKEW);
  }
  Skewed.prototype = Real.prototype;
  Skewed.now = () => Real.now() + SKEW;
  Skewed.parse = Real.parse;
  Skewed.UTC = Real.UTC;
  window.Date = Skewed;
})();
"""


def seconds(text: str) -> int:
    """ "4:59" or "1:02:03" as seconds."""
    total = 0
    for part in text.strip().split(":"):
        total = total * 60 + int(part)
    return total


def join(page: Page, join_url: str) -> Page:
    """A resident at the School table, live."""
    join_live(page, join_url, "Resident", "School")
    return page


def join_without_javascript(page: Page, join_url: str) -> Page:
    """A resident at the School table on a phone without JavaScript (plain forms, reloads)."""
    page.goto(join_url)
    page.get_by_label("Resident", exact=True).check()
    page.locator("label", has_text="School").click()
    page.get_by_role("button", name="I am in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    return page


def to_problems(control: Page) -> None:
    next_stage(control, "Problems")
    expect(control.locator("[data-live-state]")).to_have_attribute("data-state", "live")


def test_a_phone_with_its_clock_an_hour_ahead_shows_the_projectors_time_left(browser, server):
    control, screen, join_url = open_room(browser, server, "Timer workshop")
    skewed = browser.new_context(**PHONE)
    skewed.add_init_script(SKEWED_CLOCK)
    phone = join(skewed.new_page(), join_url)
    to_problems(control)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Problems")
    assert phone.evaluate("Date.now()") - time.time() * 1000 > 3_590_000  # the skew is in place

    control.get_by_role("button", name="Start a 5-minute timer").click()

    big = screen.locator(".timer-big [role=timer]")
    small = phone.locator(".timer-small [role=timer]")
    expect(big).to_have_text(re.compile(r"^4:5\d$|^5:00$"))
    expect(small).to_have_text(re.compile(r"^4:5\d$|^5:00$"))
    expect(control.locator(".timer-medium [role=timer]")).to_have_text(re.compile(r"^4:5\d|^5:00"))
    # Screen readers hear the minutes as they pass, not every second.
    expect(phone.locator("[data-timer-announce]")).to_have_text("5 minutes left")
    for _ in range(3):  # still together as both count down
        assert abs(seconds(big.inner_text()) - seconds(small.inner_text())) <= 2
        time.sleep(1.2)
    assert seconds(small.inner_text()) <= 297
    expect(phone.locator("[data-timer-announce]")).to_have_text("5 minutes left")

    control.get_by_role("button", name="Add one minute").click()
    expect(small).to_have_text(re.compile(r"^5:5\d$|^6:00$"))
    assert abs(seconds(big.inner_text()) - seconds(small.inner_text())) <= 2

    control.get_by_role("button", name="Stop the timer").click()
    expect(phone.locator(".timer-small")).to_be_hidden()
    expect(screen.locator(".timer-big")).to_be_hidden()


def test_a_locking_timer_closes_the_phones_input_at_zero(browser, server):
    control, screen, join_url = open_room(browser, server, "Timer workshop")
    phone = join(browser.new_context(**PHONE).new_page(), join_url)
    offline = join_without_javascript(
        browser.new_context(**PHONE, java_script_enabled=False).new_page(), join_url
    )
    to_problems(control)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Problems")
    control.get_by_label("Lock input at zero").check()  # acts at once, no Save needed
    expect(control.get_by_role("status").filter(has_text="Saved")).to_have_text(
        "Saved: input locks when the time is up."
    )

    # The presets are whole minutes; a ten-second countdown keeps the test short.
    ack = control.evaluate("new Promise(done => Tavola.send('start_timer', {seconds: 10}, done))")
    assert ack["ok"] and ack["timer"]["locks"] is True, ack
    phone.get_by_label("The problem").fill("Written just before the end")
    expect(phone.locator(".timer-small [role=timer]")).to_have_text(re.compile(r"^0:(10|0\d)$"))
    expect(phone.locator(".timer-small [role=timer]")).to_be_visible()
    expect(phone.get_by_role("button", name="Post")).to_be_enabled()

    expect(phone.locator(".timer-small [data-timer-up]")).to_be_visible(timeout=15_000)
    expect(phone.locator(".timer-small [role=timer]")).to_be_hidden()
    expect(phone.locator("[data-timer-announce]")).to_have_text("Time is up")
    expect(screen.locator(".timer-big [data-timer-up]")).to_have_text("Time is up")
    expect(screen.locator(".timer-big [data-timer-up]")).to_be_visible()
    expect(phone.get_by_role("alert").filter(has_text=LOCKED)).to_be_visible()
    expect(phone.get_by_role("button", name="Post")).to_be_disabled()
    expect(phone.get_by_label("The problem")).to_have_value("Written just before the end")
    # The server refuses it too, with the same words, whatever a phone sends.
    late = phone.evaluate(
        "new Promise(done => Tavola.send('post_problem', {text: 'Too late'}, done))"
    )
    assert late == {"ok": False, "error": "stage", "message": LOCKED}

    offline.reload()
    expect(offline.locator(".timer-small [data-timer-up]")).to_be_visible()
    offline.get_by_label("The problem").fill("Sent by a phone without JavaScript")
    offline.get_by_role("button", name="Post").click()
    expect(offline.locator(".flash.error")).to_have_text(LOCKED)

    # One more minute reopens input on the phone, live.
    control.get_by_role("button", name="Add one minute").click()
    expect(phone.get_by_role("button", name="Post")).to_be_enabled()
    expect(phone.get_by_role("alert").filter(has_text=LOCKED)).to_be_hidden()
    phone.get_by_role("button", name="Post").click()
    expect(screen.locator(".problem", has_text="Written just before the end")).to_be_visible()

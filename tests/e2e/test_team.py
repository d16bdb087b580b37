"""The trainer's team in real browsers: an observer invited by link follows the room live.

The trainer creates an observer invite on the Team page; a second browser (another person's
laptop) opens the link, sees the wall update live when a phone posts, sees who is connected, and
has no button to press.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.browser import PHONE, join, new_workshop, next_stage

pytestmark = pytest.mark.e2e


def test_an_observer_follows_the_wall_live_and_has_no_buttons_but_downloads(
    browser, server, artifacts
):
    trainer = browser.new_context(viewport={"width": 1280, "height": 900})
    control = trainer.new_page()
    new_workshop(control, server.url)
    control.get_by_label("Title").fill("Listening to families")
    control.get_by_role("button", name="Create workshop").click()
    code = re.search(r"/f/([A-Z0-9]+)/control", control.url).group(1)
    join_url = control.locator("a", has_text="/j/").inner_text()

    control.get_by_role("link", name="Team").click()
    control.get_by_label("Observer").check()
    control.get_by_role("button", name="Create invite link").click()
    link = control.locator("[data-invite-link=observer]").input_value()
    assert "/t/" in link

    official = browser.new_context(viewport={"width": 1280, "height": 900})
    observer = official.new_page()
    observer.goto(link)
    expect(observer).to_have_url(re.compile(f"/f/{code}/control$"))
    expect(observer.locator("[data-team-role]")).to_contain_text("Observer")
    expect(observer.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    # Nothing that acts on the workshop (the header's language picker is the observer's own).
    # Nothing that changes the room: only the report and data downloads.
    expect(observer.locator("main button:not(#exports button)")).to_have_count(0)
    expect(observer.locator("#exports button")).to_have_count(6)
    expect(observer.locator("main form:not([data-export])")).to_have_count(0)

    phone = browser.new_context(**PHONE).new_page()
    join(phone, join_url, "Resident", "School")
    expect(observer.locator("[data-online$=':resident']").first).to_have_text("1")

    control.get_by_role("link", name="Back to the control screen").click()
    next_stage(control, "Problems")
    expect(observer.get_by_role("heading", level=1)).to_have_text("Listening to families")
    expect(observer.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    phone.get_by_label("The problem").fill("The school bus stops too far away")
    phone.get_by_role("button", name="Post").click()
    expect(observer.locator(".problem", has_text="The school bus stops")).to_be_visible()
    # Nothing that changes the room: only the report and data downloads.
    expect(observer.locator("main button:not(#exports button)")).to_have_count(0)
    expect(observer.locator("#exports button")).to_have_count(6)
    expect(control.locator("[data-team-online=observer]")).to_have_text("1")
    observer.screenshot(path=artifacts / "observer.png", full_page=True)

    # The trainer withdraws the link: the observer's screen says so at once.
    control.get_by_role("link", name="Team").click()
    control.get_by_role("button", name="Withdraw link").click()
    expect(observer.get_by_role("heading", level=1)).to_have_text("This invite link does not work")

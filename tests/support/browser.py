"""Steps the end-to-end tests take in the browser, as a trainer or a phone would."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from .server import FACILITATOR, LiveServer

PHONE = {"viewport": {"width": 390, "height": 800}, "is_mobile": True, "has_touch": True}


def join(page: Page, join_url: str, role: str, table: str) -> None:
    """Scan-equivalent: open the join link, pick role and table, go in."""
    page.goto(join_url)
    page.get_by_label(role, exact=True).check()
    page.locator("label", has_text=table).click()
    page.get_by_role("button", name="I am in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")


def new_workshop(control: Page, url: str) -> None:
    """Log in as the trainer and open the new-workshop form."""
    control.goto(url + "/login")
    control.get_by_label("User name").fill(FACILITATOR[0])
    control.get_by_label("Password").fill(FACILITATOR[1])
    control.get_by_role("button", name="Log in").click()
    control.get_by_role("link", name="New workshop").click()


def next_stage(control: Page, stage: str) -> None:
    control.get_by_role("button", name=f"Next: {stage}").click()
    expect(control.locator(".stepper [aria-current=step]")).to_have_text(stage)


def vote(phone: Page, title: str, dots: int) -> None:
    card = phone.locator(".prototype", has_text=title)
    for _ in range(dots):
        before = card.locator("[data-my-dots]").inner_text()
        card.get_by_role("button", name=f"Put a dot on: {title}").click()
        expect(card.locator("[data-my-dots]")).not_to_have_text(before)


def open_room(
    browser: Browser, server: LiveServer, title: str = "Test workshop"
) -> tuple[Page, Page, str]:
    """The trainer logs in and creates a workshop; returns control screen, projector (both live)
    and the join URL. Both pages share the trainer's browser context (``control.context``)."""
    trainer = browser.new_context(viewport={"width": 1280, "height": 900})
    control = trainer.new_page()
    new_workshop(control, server.url)
    control.get_by_label("Title").fill(title)
    control.get_by_role("button", name="Create workshop").click()
    code = re.search(r"/f/([A-Z0-9]+)/control", control.url).group(1)
    join_url = control.locator("a", has_text="/j/").inner_text()
    expect(control.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    screen = trainer.new_page()
    screen.goto(f"{server.url}/f/{code}/screen")
    expect(screen.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    return control, screen, join_url

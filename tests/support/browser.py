"""Steps the end-to-end tests take in the browser, as a trainer or a phone would."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .server import FACILITATOR

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

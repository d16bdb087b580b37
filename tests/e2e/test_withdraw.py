"""Withdrawing one's own card in real browsers: a participant takes back a card from their phone,
and it vanishes live from another phone, the projector and the control screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from support.browser import PHONE, join, next_stage, open_room

pytestmark = pytest.mark.e2e

MINE = "The night bus stops at 8 pm"
THEIRS = "Forms at the town hall are only in Italian"


def post(phone: Page, text: str) -> None:
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    phone.get_by_label("The problem").fill(text)
    phone.get_by_role("button", name="Post").click()
    expect(phone.locator("[data-status]")).to_have_text("Posted. It is on the wall.")


def card(page: Page, text: str):
    return page.locator("li.problem").filter(has=page.locator(".card-text", has_text=text))


def test_a_withdrawn_card_vanishes_live_from_another_phone_and_the_projector(
    browser, server, artifacts
):
    control, screen, join_url = open_room(browser, server, "Withdrawing in Prato")
    amina, omar = (browser.new_context(**PHONE).new_page() for _ in range(2))
    for phone in (amina, omar):
        join(phone, join_url, "Resident", "School")
    next_stage(control, "Problems")
    expect(omar.get_by_role("heading", level=1)).to_have_text("Problems")

    post(amina, MINE)
    post(omar, THEIRS)
    omar_card = card(omar, MINE)
    omar_card.get_by_role("button", name="Me too").click()
    expect(omar_card.get_by_role("button", name="Me too")).to_have_attribute("aria-pressed", "true")
    for page in (screen, omar, control):
        expect(card(page, MINE)).to_have_count(1)
    # Only the author gets the control, and only on their own card (posted live, not reloaded).
    expect(card(omar, MINE).get_by_text("Withdraw", exact=True)).to_be_hidden()
    expect(card(amina, THEIRS).get_by_text("Withdraw", exact=True)).to_be_hidden()

    own = card(amina, MINE)
    own.get_by_text("Withdraw", exact=True).click()  # opens the confirmation step
    expect(own.get_by_text("Delete it for good?")).to_be_visible()
    amina.screenshot(path=artifacts / "withdraw-confirm-phone.png")
    own.get_by_role("button", name="Yes, withdraw it").click()

    for page in (amina, omar, screen, control):
        expect(card(page, MINE)).to_have_count(0)
    for page in (amina, omar, screen):
        expect(card(page, THEIRS)).to_have_count(1)
    expect(control.locator("[data-moderation-log] li").first).to_contain_text(
        "A participant withdrew their own card"
    )
    screen.screenshot(path=artifacts / "withdrawn-projector.png")
    omar.screenshot(path=artifacts / "withdrawn-other-phone.png")
    # After a reload too: the card is gone for good.
    omar.reload()
    expect(card(omar, THEIRS)).to_have_count(1)
    expect(card(omar, MINE)).to_have_count(0)

"""Moderation in real browsers: the trainer merges duplicates on the control screen, the
projector and a phone see one card with everyone counted once, and undo brings both back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from support.browser import PHONE, join, next_stage, open_room

pytestmark = pytest.mark.e2e

FIRST = "Letters from school come only in Italian"
DUPLICATE = "School letters are only in Italian"


def post(phone: Page, text: str) -> None:
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    phone.get_by_label("The problem").fill(text)
    phone.get_by_role("button", name="Post").click()
    expect(phone.locator("[data-status]")).to_have_text("Posted. It is on the wall.")


def me_too(phone: Page, text: str) -> None:
    mine = card(phone, text)
    mine.get_by_role("button", name="Me too").click()
    expect(mine.get_by_role("button", name="Me too")).to_have_attribute("aria-pressed", "true")


def card(page: Page, text: str):
    """The card whose own text is ``text`` (the control screen's merge lists name others)."""
    return page.locator(".problem").filter(has=page.locator(".card-text", has_text=text))


def supports(page: Page, text: str):
    return card(page, text).locator("[data-field=supports]")


def test_merging_duplicates_shows_one_card_with_each_person_once_and_undo_restores_both(
    browser, server, artifacts
):
    control, screen, join_url = open_room(browser, server, "Moderation in Prato")

    amina, li, omar = (browser.new_context(**PHONE).new_page() for _ in range(3))
    for phone in (amina, li, omar):
        join(phone, join_url, "Resident", "School")
    next_stage(control, "Problems")
    expect(omar.get_by_role("heading", level=1)).to_have_text("Problems")

    post(amina, FIRST)
    post(li, DUPLICATE)
    me_too(omar, FIRST)
    me_too(omar, DUPLICATE)  # omar backs both duplicates: after the merge he counts once
    me_too(li, FIRST)
    me_too(amina, DUPLICATE)
    expect(supports(screen, FIRST)).to_have_text("2")
    expect(supports(screen, DUPLICATE)).to_have_text("2")

    duplicate = card(control, DUPLICATE)
    duplicate.get_by_text("Edit, move, merge").click()
    duplicate.get_by_label("Merge into").select_option(label=FIRST)
    duplicate.get_by_role("button", name="Merge", exact=True).click()

    for page in (screen, omar):
        expect(card(page, DUPLICATE)).to_have_count(0)
        expect(supports(page, FIRST)).to_have_text("3")  # li, omar once, amina
    expect(duplicate).to_contain_text("Merged into another card")  # the trainer still sees it
    expect(control.locator("[data-moderation-log] li").first).to_contain_text("Trainer merged")
    screen.screenshot(path=artifacts / "merged-projector.png")
    control.screenshot(path=artifacts / "merged-control.png", full_page=True)

    control.locator("[data-moderation-log] li").first.get_by_role("button", name="Undo").click()

    for page in (screen, omar):
        expect(card(page, DUPLICATE)).to_have_count(1)
        expect(supports(page, DUPLICATE)).to_have_text("2")
        expect(supports(page, FIRST)).to_have_text("2")
    expect(control.locator("[data-moderation-log] li").first).to_contain_text("undid")
    expect(duplicate.locator("[data-field=mod_state]")).to_be_hidden()
    screen.screenshot(path=artifacts / "undone-projector.png")

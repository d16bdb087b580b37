"""Moderation in real browsers: the trainer merges duplicates on the control screen, the
projector and a phone see one card with everyone counted once, and undo brings both back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from support.browser import PHONE, join, new_workshop, next_stage

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
    trainer = browser.new_context(viewport={"width": 1280, "height": 900})
    control = trainer.new_page()
    new_workshop(control, server.url)
    control.get_by_label("Title").fill("Moderation in Prato")
    control.get_by_role("button", name="Create workshop").click()
    code = re.search(r"/f/([A-Z0-9]+)/control", control.url).group(1)
    join_url = control.locator("a", has_text="/j/").inner_text()
    screen = trainer.new_page()
    screen.goto(f"{server.url}/f/{code}/screen")
    expect(screen.locator("[data-live-state]")).to_have_attribute("data-state", "live")

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

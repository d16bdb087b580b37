"""A phone with JavaScript off takes part in a whole workshop by plain form posts and page loads.

Cheap or locked-down phones (data savers, old browsers, JavaScript switched off) must still post,
support, dot, vote and answer the closing question; the projector, which runs its script, still
shows their card live.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from support.browser import PHONE, next_stage, open_room
from support.server import join_phone

pytestmark = pytest.mark.e2e


def heading(page: Page, stage: str) -> None:
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(stage)


def test_a_phone_without_javascript_takes_part_in_every_stage(browser, server):
    control, screen, join_url = open_room(browser, server, "No-script workshop")
    code = join_url.rsplit("/", 1)[1]
    context = browser.new_context(**PHONE, java_script_enabled=False)
    phone = context.new_page()
    phone.goto(join_url)
    phone.get_by_label("Resident", exact=True).check()
    phone.locator("label", has_text="School").click()
    phone.get_by_role("button", name="I am in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome")
    assert phone.evaluate("1 + 1") == 2  # Playwright's own evaluate still works; the page's not
    neighbour = join_phone(server, code, table=0)  # another resident at the same table

    next_stage(control, "Problems")
    heading(phone, "Problems")
    neighbour.post_form(
        f"/w/{code}/post_problem", {"text": "Parent meetings are at 3 pm"}, f"/w/{code}"
    )
    phone.get_by_label("The problem").fill("Letters from school come only in Italian")
    phone.get_by_role("button", name="Post").click()
    mine = phone.locator(".problem", has_text="Letters from school")
    expect(mine).to_contain_text("Your card")
    expect(phone.get_by_label("The problem")).to_have_value("")
    # The projector runs its script: the card arrives without a reload.
    expect(screen.locator(".problem", has_text="Letters from school")).to_be_visible()

    theirs = phone.locator(".problem", has_text="Parent meetings")
    theirs.get_by_role("button", name="Me too").click()
    expect(theirs.get_by_role("button", name="Me too")).to_have_attribute("aria-pressed", "true")
    expect(theirs.locator("[data-field=supports]")).to_have_text("1")
    expect(
        screen.locator(".problem", has_text="Parent meetings").locator("[data-field=supports]")
    ).to_have_text("1")

    next_stage(control, "Focus")
    heading(phone, "Focus")
    for _ in range(2):
        phone.get_by_role(
            "button", name="Put a dot on: Letters from school come only in Italian"
        ).click()
    card = phone.locator(".problem", has_text="Letters from school")
    expect(card.locator("[data-my-dots]")).to_have_text("2")
    expect(phone.locator("[data-remaining]")).to_have_text("1")
    card.get_by_role(
        "button", name="Take a dot back from: Letters from school come only in Italian"
    ).click()
    expect(
        phone.locator(".problem", has_text="Letters from school").locator("[data-my-dots]")
    ).to_have_text("1")
    expect(phone.locator("[data-remaining]")).to_have_text("2")

    next_stage(control, "Prototypes")
    heading(phone, "Prototypes")
    phone.get_by_label("Title").fill("Welcome desk for families")
    phone.get_by_label("Letters from school come only in Italian").check()
    phone.get_by_label("What changes?").fill("A parent mediator explains letters")
    phone.get_by_role("button", name="Save prototype").click()
    expect(phone.locator(".prototype", has_text="Welcome desk for families")).to_be_visible()
    expect(screen.locator(".prototype", has_text="Welcome desk for families")).to_be_visible()

    next_stage(control, "Plenary")
    next_stage(control, "Vote")
    heading(phone, "Vote")
    plus = "Put a dot on: Welcome desk for families"
    minus = "Take a dot back from: Welcome desk for families"
    for _ in range(3):
        phone.get_by_role("button", name=plus).click()
    expect(phone.locator("[data-remaining]")).to_have_text("0")
    expect(phone.get_by_role("button", name=plus)).to_be_disabled()
    phone.get_by_role("button", name=minus).click()
    expect(phone.locator("[data-remaining]")).to_have_text("1")
    expect(phone.locator("[data-my-dots]")).to_have_text("2")
    expect(screen.locator("[data-bind=dots_cast]")).to_have_text("2")

    next_stage(control, "Results")
    next_stage(control, "Response")
    next_stage(control, "Closed")
    heading(phone, "Closed")
    phone.locator(".score", has_text="4").click()
    phone.get_by_label("Anything you want to add? (optional)").fill("Good to be asked")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("Thank you! Your answer is saved.")).to_be_visible()
    expect(phone.locator(".flash.error")).to_have_count(0)
    assert re.search(rf"/w/{code}", phone.url)

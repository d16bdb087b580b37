"""A co-projecting workshop run by a trainer and an interpreter, in real browsers.

The interpreter joins by invite link and types in the card of a grandmother who writes on
paper; the trainer runs a countdown the projector and phones show, merges her card with a
phone's duplicate, steps the projector through the tables in the plenary, and a decision
maker's response appears on the projector.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from support.browser import PHONE, join, next_stage, open_room

pytestmark = pytest.mark.e2e

FIRST = "Letters from school come only in Italian"
ON_PAPER = "School letters are only in Italian"


def card(page: Page, text: str):
    """The card whose own text is ``text`` (merge lists on the control screen name others)."""
    return page.locator(".problem").filter(has=page.locator(".card-text", has_text=text))


def test_a_trainer_and_an_interpreter_run_a_workshop_with_timer_merge_plenary_and_responses(
    browser, server, artifacts
):
    control, screen, join_url = open_room(browser, server, "Families and schools")

    # The interpreter is invited by link and adds the grandmother who writes on paper.
    control.get_by_role("link", name="Team").click()
    control.get_by_label("Interpreter").check()
    control.get_by_role("button", name="Create invite link").click()
    link = control.locator("[data-invite-link=interpreter]").input_value()
    control.get_by_role("link", name="Back to the control screen").click()
    interpreter = browser.new_context(viewport={"width": 1024, "height": 800}).new_page()
    interpreter.goto(link)
    interpreter.get_by_role("link", name="Input for people without a phone").first.click()
    interpreter.locator("#person-role").select_option("resident")
    interpreter.locator("#person-language").select_option("ar")
    interpreter.locator("#person-theme").select_option(label="School")
    interpreter.get_by_role("button", name="Add", exact=True).click()
    expect(interpreter.locator("tbody tr")).to_contain_text("العربية")

    amina = browser.new_context(**PHONE).new_page()
    join(amina, join_url, "Resident", "School")
    councillor = browser.new_context(**PHONE).new_page()
    join(councillor, join_url, "Decision maker", "Services")

    # Problems, under a countdown every screen shows.
    next_stage(control, "Problems")
    expect(amina.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    control.get_by_role("button", name="Start a 5-minute timer").click()
    expect(screen.locator(".timer-big [role=timer]")).to_have_text(re.compile(r"^(4:5\d|5:00)$"))
    expect(amina.locator(".timer-small [role=timer]")).to_have_text(re.compile(r"^(4:5\d|5:00)$"))
    amina.get_by_label("The problem").fill(FIRST)
    amina.get_by_role("button", name="Post").click()
    councillor.get_by_label("The problem").fill("Every office asks for the same documents")
    councillor.get_by_role("button", name="Post").click()

    interpreter.get_by_role("link", name="Enter their input").click()
    expect(interpreter.get_by_text("Entering for someone without a phone")).to_be_visible()
    interpreter.get_by_label("The problem").fill(ON_PAPER)
    interpreter.get_by_role("button", name="Post").click()
    paper_card = card(screen, ON_PAPER)
    expect(paper_card.locator("[data-field=origin]")).to_have_text("Entered for someone")
    expect(card(amina, ON_PAPER)).to_be_visible()

    # The trainer merges the paper card into the phone's: one card left on every screen.
    duplicate = card(control, ON_PAPER)
    duplicate.get_by_text("Edit, move, merge").click()
    duplicate.get_by_label("Merge into").select_option(label=FIRST)
    duplicate.get_by_role("button", name="Merge", exact=True).click()
    expect(card(screen, ON_PAPER)).to_have_count(0)
    expect(card(amina, ON_PAPER)).to_have_count(0)
    expect(card(screen, FIRST)).to_be_visible()
    screen.screenshot(path=artifacts / "1-problems-timer-merge.png")

    # Prototypes answering the merged card.
    next_stage(control, "Focus")
    next_stage(control, "Prototypes")
    expect(amina.get_by_role("heading", level=1)).to_have_text("Prototypes")
    amina.get_by_label("Title").fill("Welcome desk for families")
    amina.get_by_label(FIRST).check()
    amina.get_by_label("What changes?").fill("A parent mediator explains letters")
    amina.get_by_role("button", name="Save prototype").click()
    councillor.get_by_label("Title").fill("One appointment for all documents")
    councillor.get_by_label("Every office asks for the same documents").check()
    councillor.get_by_label("What changes?").fill("Book once, bring papers once")
    councillor.get_by_role("button", name="Save prototype").click()
    expect(screen.locator(".prototype", has_text="One appointment")).to_be_visible()

    # Plenary: the projector shows one table at a time.
    next_stage(control, "Plenary")
    expect(screen.locator(".prototype", has_text="Welcome desk for families")).to_be_visible()
    expect(screen.locator(".prototype", has_text="One appointment")).to_have_count(0)
    control.get_by_role("button", name="Show Services").click()
    expect(screen.locator(".prototype", has_text="One appointment")).to_be_visible()
    expect(screen.locator(".prototype", has_text="Welcome desk")).to_have_count(0)

    # Response: the decision maker answers on the phone; the projector shows it live.
    next_stage(control, "Vote")
    next_stage(control, "Results")
    next_stage(control, "Response")
    expect(councillor.get_by_role("heading", level=1)).to_have_text("Response")
    expect(councillor.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    desk = councillor.locator(".prototype", has_text="Welcome desk for families")
    desk.get_by_label("We study it further").check()
    desk.get_by_label("Why?").fill("We must check the mediators' budget")
    desk.get_by_role("button", name="Save the answer").click()
    expect(desk.locator("[data-status]")).to_have_text("Answer saved. It is on the wall.")
    shown = screen.locator(".prototype", has_text="Welcome desk for families")
    expect(shown.locator("[data-field=decision]")).to_have_text("We study it further")
    expect(shown).to_contain_text("We must check the mediators' budget")
    screen.screenshot(path=artifacts / "2-response.png")

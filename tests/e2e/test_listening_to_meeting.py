"""A listening session whose cards are imported into a face-to-face meeting, in real browsers.

Phones answer the listening rounds, the trainer captures a quote said aloud, the meeting
imports the listening session's wall, and residents and a decision maker put their dots on the
imported problems; the projector shows the result split by role.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from support.browser import PHONE, new_workshop, next_stage

pytestmark = pytest.mark.e2e


def create(control: Page, url: str, kind: str, title: str) -> str:
    """Create a session of ``kind`` from the New workshop page; returns its code."""
    new_workshop(control, url)
    control.get_by_role("link", name=re.compile(kind)).click()
    control.get_by_label("Title").fill(title)
    control.get_by_role("button", name="Create workshop").click()
    expect(control.get_by_role("heading", level=1)).to_have_text(title)
    return re.search(r"/f/([A-Z0-9]+)/control", control.url).group(1)


def join_circle(browser: Browser, url: str, code: str, role: str) -> Page:
    """A phone joins a session without tables: only who they are."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{url}/j/{code}")
    expect(page.get_by_text("My table")).to_have_count(0)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="I am in").click()
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    return page


def test_listening_answers_and_quotes_become_the_agenda_of_a_meeting(browser, server, artifacts):
    trainer = browser.new_context(viewport={"width": 1280, "height": 900})
    control = trainer.new_page()
    listening = create(control, server.url, "Listening session", "Listening in Prato")
    screen = trainer.new_page()
    screen.goto(f"{server.url}/f/{listening}/screen")
    expect(screen.locator("[data-live-state]")).to_have_attribute("data-state", "live")

    amina = join_circle(browser, server.url, listening, "Resident")
    next_stage(control, "Listening")
    expect(amina.locator("[data-round-prompt]")).to_have_text(
        "What works well in your experience here?"
    )
    amina.get_by_label("The problem").fill("The school letters are only in Italian")
    amina.get_by_role("button", name="Post").click()
    expect(screen.locator(".problem", has_text="school letters")).to_be_visible()

    # The trainer captures something said aloud; it reaches the projector live, as a quote.
    behalf = trainer.new_page()
    behalf.goto(f"{server.url}/f/{listening}/behalf")
    behalf.get_by_label("What was said").fill("At the registry nobody explains the forms")
    behalf.locator("#quote-role").select_option("other")
    behalf.locator("#quote-language").select_option("ti")
    behalf.get_by_role("button", name="Put it on the wall").click()
    quote = screen.locator(".problem", has_text="nobody explains the forms")
    expect(quote).to_be_visible()
    expect(quote.locator("[data-field=origin]")).to_have_text("Said aloud")
    screen.screenshot(path=artifacts / "1-listening.png")

    next_stage(control, "Results")
    next_stage(control, "Closed")

    # The meeting starts from that wall.
    meeting = create(control, server.url, "Face-to-face meeting", "Meeting with the council")
    control.get_by_label("Session", exact=True).select_option(
        label="Listening in Prato (Listening session)"
    )
    control.get_by_role("button", name="Import its problems").click()
    imported = control.locator(".problem", has_text="school letters")
    expect(imported).to_contain_text("From an earlier session")
    expect(control.locator(".problem", has_text="nobody explains the forms")).to_be_visible()

    screen.goto(f"{server.url}/f/{meeting}/screen")
    resident = join_circle(browser, server.url, meeting, "Resident")
    official = join_circle(browser, server.url, meeting, "Decision maker")
    next_stage(control, "Problems")
    next_stage(control, "Priorities")
    for phone, text, dots in (
        (resident, "school letters", 2),
        (official, "school letters", 1),
        (official, "nobody explains the forms", 2),
    ):
        card = phone.locator(".problem", has_text=text)
        for n in range(1, dots + 1):
            card.get_by_role("button", name=re.compile("^Put a dot on")).click()
            expect(card.locator("[data-my-dots]")).to_have_text(str(n))
    expect(
        control.locator(".problem", has_text="school letters").locator("[data-field=total]")
    ).to_have_text("3")

    next_stage(control, "Results")
    expect(screen.locator(".prompt")).to_have_text("These are the problems the room put first.")
    ranked = screen.locator(".results .problem")
    expect(ranked.first).to_contain_text("school letters")
    first = ranked.first.locator("[data-tally]")
    expect(first.locator("[data-field=total]")).to_have_text("3")
    expect(first.locator("[data-field=resident]")).to_have_text("2")
    expect(first.locator("[data-field=decision_maker]")).to_have_text("1")
    screen.screenshot(path=artifacts / "2-meeting-results.png")

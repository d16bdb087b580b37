"""WCAG 2.1 AA on every page a workshop goes through, checked by axe-core in the browser.

axe-core comes bundled with ``axe-playwright-python`` (no network at run time). A page passes when
axe finds no *serious* or *critical* violation of the WCAG 2.0/2.1 A and AA rules. The room is
walked through the core workshop's stages, and the phone, the projector and the control screen
are checked in each, with cards, prototypes, dots and answers on them.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from support.browser import PHONE, join, new_workshop, next_stage, open_room, vote
from support.server import LiveServer, join_phone

pytestmark = pytest.mark.e2e

AXE = Axe()
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def serious_violations(page: Page, name: str) -> list[str]:
    """axe's serious and critical WCAG A/AA violations on the page, one line each."""
    results = AXE.run(page, options=WCAG_AA).response
    return [
        f"{name}: {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_public_and_trainer_pages_meet_wcag_aa(browser: Browser, server: LiveServer):
    found: list[str] = []
    visitor = browser.new_context(**PHONE).new_page()
    visitor.goto(server.url + "/join")
    found += serious_violations(visitor, "enter code")
    visitor.goto(server.url + "/login")
    found += serious_violations(visitor, "login")

    trainer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    new_workshop(trainer, server.url)
    found += serious_violations(trainer, "new workshop")
    trainer.get_by_label("Title").fill("Accessible workshop")
    trainer.get_by_role("button", name="Create workshop").click()
    code = re.search(r"/f/([A-Z0-9]+)/control", trainer.url).group(1)
    trainer.goto(f"{server.url}/f/")
    expect(trainer.locator("td", has_text="Accessible workshop").first).to_be_visible()
    found += serious_violations(trainer, "dashboard")
    trainer.goto(f"{server.url}/f/{code}/settings")
    found += serious_violations(trainer, "settings")
    visitor.goto(f"{server.url}/j/{code}")
    found += serious_violations(visitor, "join page")
    assert found == [], "\n".join(found)


def test_every_stage_of_a_workshop_meets_wcag_aa(browser: Browser, server: LiveServer):
    control, screen, join_url = open_room(browser, server, "Accessible room")
    screen.set_viewport_size({"width": 1920, "height": 1080})
    code = join_url.rsplit("/", 1)[1]
    phone = browser.new_context(**PHONE).new_page()
    join(phone, join_url, "Resident", "School")
    # A decision maker at the same table, by plain posts, so the wall has other people's cards.
    councillor = join_phone(server, code, role="decision_maker", table=0)
    found: list[str] = []

    def check(stage: str) -> None:
        # A new stage reloads the phone; wait for it before looking.
        expect(phone.get_by_role("heading", level=1)).to_have_text(stage.split(",")[0])
        for page, name in ((phone, "phone"), (screen, "projector"), (control, "control")):
            expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
            found.extend(serious_violations(page, f"{name} in {stage}"))

    check("Welcome")
    next_stage(control, "Problems")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Problems")
    phone.get_by_label("The problem").fill("Letters from school come only in Italian")
    phone.get_by_role("button", name="Post").click()
    councillor.post_form(
        f"/w/{code}/post_problem", {"text": "Every office asks the same papers"}, f"/w/{code}"
    )
    card = phone.locator(".problem", has_text="Every office asks")
    expect(card).to_be_visible()
    card.get_by_role("button", name="Me too").click()
    expect(card.get_by_role("button", name="Me too")).to_have_attribute("aria-pressed", "true")
    check("Problems")

    next_stage(control, "Focus")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Focus")
    phone.locator(".problem", has_text="Letters from school").get_by_role(
        "button", name=re.compile("^Put a dot on")
    ).click()
    check("Focus")

    next_stage(control, "Prototypes")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Prototypes")
    phone.get_by_label("Title").fill("Welcome desk for families")
    phone.get_by_label("Letters from school come only in Italian").check()
    phone.get_by_label("What changes?").fill("A parent mediator explains letters")
    phone.get_by_role("button", name="Save prototype").click()
    expect(screen.locator(".prototype", has_text="Welcome desk")).to_be_visible()
    check("Prototypes")

    next_stage(control, "Plenary")
    check("Plenary")
    next_stage(control, "Vote")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Vote")
    vote(phone, "Welcome desk for families", 2)
    check("Vote")
    control.get_by_role("button", name="Reveal votes on the projector").click()
    expect(
        screen.locator(".prototype", has_text="Welcome desk").locator("[data-field=total]")
    ).to_have_text("2")
    check("Vote, revealed")

    next_stage(control, "Results")
    check("Results")
    next_stage(control, "Response")
    check("Response")
    found.extend(serious_violations(councillor_page(browser, councillor, server), "decision maker"))
    next_stage(control, "Closed")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Closed")
    phone.locator(".score").nth(4).click()
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("Thank you! Your answer is saved.")).to_be_visible()
    check("Closed")

    # The join link after the session: the public results, for someone who never joined.
    visitor = browser.new_context(**PHONE).new_page()
    visitor.goto(join_url)
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    found.extend(serious_violations(visitor, "public results"))
    assert found == [], "\n".join(found)


def councillor_page(browser: Browser, councillor, server: LiveServer) -> Page:
    """The decision maker's phone (joined by plain posts) in a browser, on the Response stage."""
    context = browser.new_context(**PHONE)
    context.add_cookies(
        [{"name": c.name, "value": c.value, "url": server.url} for c in councillor.http.cookies]
    )
    page = context.new_page()
    page.goto(f"{server.url}/w/{councillor.code}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Response")
    return page

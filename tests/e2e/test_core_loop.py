"""A whole co-projecting workshop in real browsers: projector, control screen and three phones.

Each phone's action must show up live (no reload by the test) on the projector and the other
phones; the final results and the split by role are checked on the projector and in the JSON
export.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.browser import PHONE, join, new_workshop, next_stage, vote

pytestmark = pytest.mark.e2e


def test_a_whole_workshop_runs_live_from_join_to_results(browser, server, artifacts):
    trainer = browser.new_context(viewport={"width": 1280, "height": 900})
    control = trainer.new_page()
    new_workshop(control, server.url)
    control.get_by_label("Title").fill("Living together in Prato")
    control.get_by_label("Place").fill("Biblioteca Lazzerini")
    control.get_by_role("button", name="Create workshop").click()
    expect(control.get_by_role("heading", level=1)).to_have_text("Living together in Prato")
    code = re.search(r"/f/([A-Z0-9]+)/control", control.url).group(1)
    join_url = control.locator("a", has_text="/j/").inner_text()
    assert join_url.endswith(f"/j/{code}")

    screen = trainer.new_page()
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.goto(f"{server.url}/f/{code}/screen")
    expect(screen.locator(".join-big svg.qr")).to_be_visible()
    expect(screen.locator(".join-big .code")).to_have_text(code)
    expect(screen.locator("[data-live-state]")).to_have_attribute("data-state", "live")

    phones = {}
    for name, role, table in [
        ("amina", "Resident", "School"),
        ("li", "Resident", "Participation"),
        ("councillor", "Decision maker", "Services"),
    ]:
        page = browser.new_context(**PHONE).new_page()
        join(page, join_url, role, table)
        phones[name] = page
    amina, li, councillor = phones["amina"], phones["li"], phones["councillor"]
    expect(screen.locator(".join-big [data-bind=participants]")).to_have_text("3")
    services_row = control.locator("tr", has=control.locator("th", has_text="Services"))
    expect(services_row.locator("td").nth(1)).to_have_text("1")  # the councillor, live
    screen.screenshot(path=artifacts / "1-welcome.png")

    # Problems: a card posted on one phone appears on the projector and the other phones.
    next_stage(control, "Problems")
    for page in (screen, amina, li, councillor):
        expect(page.get_by_role("heading", level=1)).to_have_text("Problems")
    amina.get_by_label("The problem").fill("Letters from school come only in Italian")
    amina.get_by_role("button", name="Post").click()
    for page in (screen, li, councillor, control):
        expect(page.locator(".problem", has_text="Letters from school")).to_be_visible()
    card = li.locator(".problem", has_text="Letters from school")
    card.get_by_role("button", name="Me too").click()
    expect(card.get_by_role("button", name="Me too")).to_have_attribute("aria-pressed", "true")
    expect(
        screen.locator(".problem", has_text="Letters from school").locator("[data-field=supports]")
    ).to_have_text("1")
    expect(amina.locator(".problem", has_text="Letters from school")).to_contain_text("Your card")
    councillor.get_by_label("The problem").fill("Every office asks for the same documents")
    councillor.get_by_role("button", name="Post").click()
    expect(screen.locator(".problem", has_text="same documents")).to_contain_text("Decision maker")
    screen.screenshot(path=artifacts / "2-problems.png")
    amina.screenshot(path=artifacts / "2-problems-phone.png", full_page=True)

    # Focus: each table puts dots on its own problems; the top ones become its focus.
    next_stage(control, "Focus")
    for page, text in ((amina, "Letters from school"), (councillor, "same documents")):
        card = page.locator(".problem", has_text=text)
        card.get_by_role("button", name=re.compile("^Put a dot on")).click()
        expect(card.locator("[data-my-dots]")).to_have_text("1")
    expect(amina.locator(".problem", has_text="same documents")).to_have_count(0)  # own table
    expect(
        control.locator(".problem", has_text="Letters from school").locator("[data-field=total]")
    ).to_have_text("1")

    # Prototypes: the canvas, linked to the table's problems.
    next_stage(control, "Prototypes")
    expect(screen.locator(".problem", has_text="Letters from school")).to_have_count(0)
    expect(amina.locator("label", has_text="Letters from school")).to_be_visible()
    expect(amina.get_by_role("heading", level=1)).to_have_text("Prototypes")
    amina.get_by_label("Title").fill("Welcome desk for families")
    amina.get_by_label("Letters from school come only in Italian").check()
    amina.get_by_label("What changes?").fill("A parent mediator explains letters")
    amina.get_by_label("Who benefits?").fill("New families")
    amina.get_by_label("Who acts?").fill("School board")
    amina.get_by_label("First step").fill("Pilot in two schools")
    amina.get_by_role("button", name="Save prototype").click()
    councillor.get_by_label("Title").fill("One appointment for all documents")
    councillor.get_by_label("What changes?").fill("Book once, bring papers once")
    councillor.get_by_role("button", name="Save prototype").click()
    expect(councillor.get_by_text("Choose at least one problem")).to_be_visible()
    councillor.get_by_label("Every office asks for the same documents").check()
    councillor.get_by_role("button", name="Save prototype").click()
    for page in (screen, li):
        desk = page.locator(".prototype", has_text="Welcome desk for families")
        expect(desk).to_contain_text("Letters from school come only in Italian")
        expect(page.locator(".prototype", has_text="One appointment")).to_be_visible()
    screen.screenshot(path=artifacts / "3-prototypes.png")

    # Plenary: the projector shows one table at a time, as the trainer steps through them.
    next_stage(control, "Plenary")
    expect(screen.locator(".prototype", has_text="Welcome desk for families")).to_be_visible()
    expect(screen.locator(".prototype", has_text="One appointment")).to_have_count(0)
    control.get_by_role("button", name="Show Services").click()
    expect(screen.locator(".prototype", has_text="One appointment")).to_be_visible()
    expect(screen.locator(".prototype", has_text="Welcome desk")).to_have_count(0)
    screen.screenshot(path=artifacts / "3-plenary.png")

    # Vote: dots spread, remaining shown as dots; tallies hidden on the projector.
    next_stage(control, "Vote")
    vote(amina, "Welcome desk for families", 2)
    vote(amina, "One appointment for all documents", 1)
    expect(amina.locator("[data-remaining]")).to_have_text("0")
    expect(amina.locator("[data-dots] .dot.spent")).to_have_count(3)
    expect(
        amina.get_by_role("button", name="Put a dot on: Welcome desk for families")
    ).to_be_disabled()
    vote(li, "Welcome desk for families", 3)
    vote(councillor, "One appointment for all documents", 2)
    vote(councillor, "Welcome desk for families", 1)
    # Moving a dot: take one back, put it elsewhere.
    councillor.locator(".prototype", has_text="Welcome desk").get_by_role(
        "button", name="Take a dot back from: Welcome desk for families"
    ).click()
    expect(councillor.locator("[data-remaining]")).to_have_text("1")
    vote(councillor, "Welcome desk for families", 1)
    expect(screen.locator("[data-bind=dots_cast]")).to_have_text("9")
    expect(screen.locator("[data-tally]")).to_have_count(0)
    expect(
        control.locator(".prototype", has_text="Welcome desk").locator("[data-field=total]")
    ).to_have_text("6")
    screen.screenshot(path=artifacts / "4-vote-hidden.png")
    amina.screenshot(path=artifacts / "4-vote-phone.png", full_page=True)

    control.get_by_role("button", name="Reveal votes on the projector").click()
    expect(
        screen.locator(".prototype", has_text="Welcome desk").locator("[data-field=total]")
    ).to_have_text("6")

    # Results: ranked per theme with the split residents / decision makers.
    next_stage(control, "Results")
    expect(screen.get_by_role("heading", level=1)).to_have_text("Results")
    school = screen.locator("section.column", has_text="School")
    desk = school.locator(".prototype", has_text="Welcome desk for families")
    expect(desk.locator(".rank")).to_have_text("1.")
    expect(desk.locator("[data-field=total]")).to_have_text("6")
    expect(desk.locator("[data-field=resident]")).to_have_text("5")
    expect(desk.locator("[data-field=decision_maker]")).to_have_text("1")
    services = screen.locator("section.column", has_text="Services")
    office = services.locator(".prototype", has_text="One appointment")
    expect(office.locator("[data-field=total]")).to_have_text("3")
    expect(office.locator("[data-field=resident]")).to_have_text("1")
    expect(office.locator("[data-field=decision_maker]")).to_have_text("2")
    expect(
        li.locator(".prototype", has_text="Welcome desk").locator("[data-field=total]")
    ).to_have_text("6")
    screen.screenshot(path=artifacts / "5-results.png")

    # Response: the decision maker answers on their phone; the projector shows it live.
    next_stage(control, "Response")
    # The phone reloads into the new stage; answer once it is live again, not on the old page.
    expect(councillor.get_by_role("heading", level=1)).to_have_text("Response")
    expect(councillor.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    desk = councillor.locator(".prototype", has_text="Welcome desk for families")
    desk.get_by_label("We adopt it").check()
    desk.get_by_label("Why?").fill("Funded from the integration budget")
    desk.get_by_label("Who takes it forward?").fill("Education office")
    desk.get_by_role("button", name="Save the answer").click()
    expect(desk.locator("[data-status]")).to_have_text("Answer saved. It is on the wall.")
    shown = screen.locator(".prototype", has_text="Welcome desk for families")
    expect(shown.locator("[data-field=decision]")).to_have_text("We adopt it")
    expect(shown).to_contain_text("Education office")
    expect(amina.get_by_label("We adopt it")).to_have_count(0)  # residents do not respond
    screen.screenshot(path=artifacts / "6-response.png")

    # Close: the closing question on every phone.
    next_stage(control, "Closed")
    amina.locator("form.feedback input[name=score][value='5']").check()
    amina.get_by_role("button", name="Send").click()
    expect(amina.locator("form.feedback [data-status]")).to_have_text(
        "Thank you! Your answer is saved."
    )

    # The JSON export is the record of the same results.
    export = trainer.request.get(f"{server.url}/f/{code}/export.json").json()
    assert export["schema"] == "tavola.workshop" and export["version"] == 2
    by_title = {p["title"]: p for p in export["prototypes"]}
    assert by_title["Welcome desk for families"]["dots"] == {
        "total": 6,
        "resident": 5,
        "decision_maker": 1,
        "other": 0,
    }
    assert by_title["One appointment for all documents"]["dots"] == {
        "total": 3,
        "resident": 1,
        "decision_maker": 2,
        "other": 0,
    }
    assert sorted(p["role"] for p in export["participants"]) == [
        "decision_maker",
        "resident",
        "resident",
    ]
    letters = next(p for p in export["problems"] if p["text"].startswith("Letters"))
    assert letters["supports"] == 1
    assert by_title["Welcome desk for families"]["problem_ids"] == [letters["id"]]
    trainer.close()


def test_text_being_typed_survives_a_stage_change_and_back(browser, server):
    trainer = browser.new_context()
    control = trainer.new_page()
    new_workshop(control, server.url)
    control.get_by_label("Title").fill("Drafts")
    control.get_by_role("button", name="Create workshop").click()
    join_url = control.locator("a", has_text="/j/").inner_text()
    phone = browser.new_context(**PHONE).new_page()
    join(phone, join_url, "Resident", "School")
    next_stage(control, "Problems")
    next_stage(control, "Focus")
    next_stage(control, "Prototypes")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Prototypes")
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "live")

    phone.get_by_label("Title").fill("Half-written idea")
    phone.get_by_label("What changes?").fill("Something important")
    next_stage(control, "Plenary")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Plenary")
    control.get_by_role("button", name="Back to Prototypes").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Prototypes")
    expect(phone.get_by_label("Title")).to_have_value("Half-written idea")
    expect(phone.get_by_label("What changes?")).to_have_value("Something important")
    phone.get_by_role("button", name="Save prototype").click()
    expect(phone.locator(".prototype", has_text="Half-written idea")).to_be_visible()
    phone.reload()
    expect(phone.get_by_label("Title")).to_have_value("")
    trainer.close()

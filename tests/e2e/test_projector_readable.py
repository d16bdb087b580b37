"""The projector is read from the back of the room: card text ≥ 24 px at 1920x1080, the stage's
name and prompt bigger still (contrast is checked by axe in test_accessibility)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, expect
from support.browser import next_stage, open_room
from support.server import join_phone

pytestmark = pytest.mark.e2e

#: About 5 m from a 2 m-wide projected image of 1920 px, 24 px text is ~18 mm tall: the size
#: signage guides give for reading at that distance.
MIN_CARD_PX = 24


def font_px(locator: Locator) -> float:
    return float(locator.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))


def test_projector_text_is_readable_from_five_metres(browser, server):
    control, screen, join_url = open_room(browser, server, "Readable workshop")
    code = join_url.rsplit("/", 1)[1]
    screen.set_viewport_size({"width": 1920, "height": 1080})
    next_stage(control, "Problems")
    phone = join_phone(server, code)
    phone.post_form(
        f"/w/{code}/post_problem", {"text": "The bus to the hospital stops at 8 pm"}, f"/w/{code}"
    )
    card = screen.locator(".problem", has_text="The bus to the hospital")
    expect(card).to_be_visible()
    card_id = card.get_attribute("data-problem-id")

    card_text = font_px(card.locator(".card-text"))
    role = font_px(card.locator(".role-tag"))
    prompt = font_px(screen.locator(".screen-head .prompt"))
    stage = font_px(screen.get_by_role("heading", level=1))
    assert card_text >= MIN_CARD_PX, card_text
    assert role >= MIN_CARD_PX * 0.75, role  # secondary, still legible
    assert prompt > card_text, (prompt, card_text)
    assert stage > prompt, (stage, prompt)

    next_stage(control, "Focus")
    next_stage(control, "Prototypes")
    phone.post_form(
        f"/w/{code}/create_prototype",
        {
            "title": "Night bus on request",
            "what_changes": "A bus you call by phone after 8 pm",
            "problem_ids": card_id,
        },
        f"/w/{code}",
    )
    prototype = screen.locator(".prototype", has_text="Night bus on request")
    expect(prototype).to_be_visible()
    assert font_px(prototype.locator("[data-field=what_changes]")) >= MIN_CARD_PX
    assert font_px(prototype.locator("h3")) > MIN_CARD_PX

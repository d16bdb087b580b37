"""An intercultural review in real browsers: two phones rate by tapping faces, the projector
follows the progress live and, in Results, shows the averages split by role.

The trainer creates the review on the New session page. Four more people, who rated the first
area without a phone of their own in the test, are added through the service layer, so that
residents and decision makers there are groups of 3 the projector may show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect
from support.backstage import backstage
from support.server import FACILITATOR

from workshop import services
from workshop.extensions import db
from workshop.models import Stage, Workshop

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 800}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def commit(server, tmp_path) -> Iterator[Callable[[], None]]:
    """The server's database, reached through the service layer from the test process."""
    with backstage(server, tmp_path / "instance") as commit:
        yield commit


def seed_first_area(code: str, commit: Callable[[], None]) -> None:
    """Two residents (4, 4) and two decision makers (2, 2) rated the first area already."""
    db.session.expire_all()
    review = db.session.query(Workshop).filter_by(code=code).one()
    assert review.stage == Stage.RATE
    area, question = review.rating_items[0], review.criteria[0]
    earlier = [("resident", 4), ("resident", 4), ("decision_maker", 2), ("decision_maker", 2)]
    for role, score in earlier:
        person = services.join(review, role=role, theme_id=None)
        services.rate(person, area.id, question.id, score)
    commit()


def join(page: Page, url: str, role: str) -> None:
    page.goto(url)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="I am in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")


def tap(phone: Page, area: str, word: str) -> None:
    """Tap the face with ``word`` under ``area``; it is marked at once."""
    item = phone.locator(".rate-item", has=phone.get_by_role("heading", name=area))
    item.get_by_text(word, exact=True).click()
    expect(item.locator("input[type=radio]:checked")).to_have_count(1)


def test_two_phones_rate_by_tapping_and_the_projector_splits_the_results_by_role(
    browser, server, commit, artifacts
):
    trainer = browser.new_context(viewport={"width": 1280, "height": 900})
    control = trainer.new_page()
    control.goto(server.url + "/login")
    control.get_by_label("User name").fill(FACILITATOR[0])
    control.get_by_label("Password").fill(FACILITATOR[1])
    control.get_by_role("button", name="Log in").click()
    control.goto(server.url + "/f/new")
    control.get_by_role("link", name=re.compile("^Intercultural review")).click()
    control.get_by_label("Title").fill("Intercultural review, Prato")
    control.get_by_role("button", name="Create workshop").click()
    expect(control.get_by_role("heading", level=1)).to_have_text("Intercultural review, Prato")
    code = re.search(r"/f/([A-Z0-9]+)/control", control.url).group(1)
    screen = trainer.new_page()
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.goto(f"{server.url}/f/{code}/screen")
    expect(screen.locator("[data-live-state]")).to_have_attribute("data-state", "live")

    resident = browser.new_context(**PHONE).new_page()
    councillor = browser.new_context(**PHONE).new_page()
    join(resident, f"{server.url}/j/{code}", "Resident")
    join(councillor, f"{server.url}/j/{code}", "Decision maker")

    control.get_by_role("button", name="Next: Rating").click()
    for page in (resident, councillor, screen):
        expect(page.get_by_role("heading", level=1)).to_have_text("Rating")
    seed_first_area(code, commit)
    expect(resident.locator(".rate-item")).to_have_count(14)
    expect(resident.locator(".rate-progress")).to_contain_text("0 of 14 rated")
    resident.screenshot(path=artifacts / "1-rate-phone.png", full_page=False)

    tap(resident, "Intercultural commitment", "Very good")
    tap(resident, "Education", "Good")
    tap(councillor, "Intercultural commitment", "Very bad")
    tap(councillor, "Education", "So-so")
    # Changing one's mind: the later tap replaces the earlier score.
    tap(councillor, "Education", "Bad")
    # Keyboard: arrow keys move within the radio group and rate as well.
    neighbourhoods = councillor.locator(
        ".rate-item", has=councillor.get_by_role("heading", name="Neighbourhoods")
    )
    neighbourhoods.get_by_role("radio", name="3 So-so").focus()
    councillor.keyboard.press("ArrowRight")
    expect(neighbourhoods.get_by_role("radio", name="4 Good")).to_be_checked()

    expect(resident.locator(".rate-progress")).to_contain_text("2 of 14 rated")
    expect(councillor.locator(".rate-progress")).to_contain_text("3 of 14 rated")
    first = resident.locator(".rate-item", has=resident.get_by_role("heading", name="Education"))
    expect(first.get_by_role("radio", name="4 Good")).to_be_checked()
    expect(first.locator("[data-rated-tag]")).to_be_visible()
    # The projector and the control screen follow how many have rated, live; no averages yet.
    expect(screen.locator("[data-bind=raters]")).to_have_text("6")
    expect(control.locator("[data-bind=raters]")).to_have_text("6")
    expect(screen.locator("[data-bind=ratings]")).to_have_text("9")
    expect(screen.locator(".rate-average")).to_have_count(0)
    screen.screenshot(path=artifacts / "2-rate-progress.png")

    # A phone that reloads shows its own scores again.
    councillor.reload()
    education = councillor.locator(
        ".rate-item", has=councillor.get_by_role("heading", name="Education")
    )
    expect(education.get_by_role("radio", name="2 Bad")).to_be_checked()

    control.get_by_role("button", name="Next: Results").click()
    expect(screen.get_by_role("heading", level=1)).to_have_text("Results")
    commitment = screen.locator(".rate-result", has_text="Intercultural commitment")
    # Residents 4, 4, 5; decision makers 2, 2, 1; everyone 18 / 6.
    expect(commitment.locator(".rate-overall [data-field=average]")).to_have_text("3.0")
    expect(commitment.locator("tr[data-role=resident] [data-field=average]")).to_have_text("4.3")
    expect(commitment.locator("tr[data-role=decision_maker] [data-field=average]")).to_have_text(
        "1.7"
    )
    expect(commitment.locator(".rate-overall .dist .dist-bar")).to_have_count(5)
    # Education: one resident and one councillor rated it; no numbers give them away.
    education = screen.locator(".rate-result", has_text="Education")
    expect(education.locator("tr[data-role=resident]")).to_contain_text("fewer than 3")
    expect(education.locator("tr[data-role=decision_maker]")).to_contain_text("fewer than 3")
    expect(education.locator("[data-field=average]")).to_have_count(0)
    screen.screenshot(path=artifacts / "3-rate-results.png", full_page=True)
    expect(
        resident.locator(".rate-result", has_text="Intercultural commitment").locator(
            "tr[data-role=resident] [data-field=average]"
        )
    ).to_have_text("4.3")

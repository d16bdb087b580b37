"""Phones that lose the network, and a server that restarts, in real browsers.

A phone offline keeps what it sends ("Waiting to send…") and sends it once the connection is
back; a resend of something that already arrived (a lost answer, a reload) counts nothing
twice; a server restarted mid-workshop finds every screen back on the same stage, timer and
tallies without a reload, and every phone agrees with the database.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from support.backstage import backstage, workshop_by_code
from support.browser import PHONE, join, next_stage, open_room
from support.server import restart_server, start_server

from workshop.extensions import db
from workshop.models import Problem, Vote

pytestmark = pytest.mark.e2e

WAITING = "Waiting to send…"


def live(page: Page) -> None:
    expect(page.locator("[data-live-state]")).to_have_attribute(
        "data-state", "live", timeout=20_000
    )


def outbox(page: Page, code: str) -> str | None:
    """What the phone keeps to send (its localStorage entry), as the page stored it."""
    return page.evaluate("code => localStorage.getItem('tavola:outbox:' + code)", code)


def make_prototype(phone: Page, control: Page, title: str) -> None:
    for stage in ("Focus", "Prototypes"):
        next_stage(control, stage)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Prototypes")
    live(phone)
    phone.get_by_label("Title").fill(title)
    phone.get_by_label("What changes?").fill("Something")
    boxes = phone.locator("input[name=problem_ids]")
    if boxes.count():
        boxes.first.check()
    phone.get_by_role("button", name="Save prototype").click()
    expect(phone.locator(".prototype", has_text=title)).to_be_visible()


def to_vote(control: Page, *phones: Page) -> None:
    for stage in ("Plenary", "Vote"):
        next_stage(control, stage)
    for phone in phones:
        expect(phone.get_by_role("heading", level=1)).to_have_text("Vote")
        live(phone)


def my_dots(phone: Page, title: str) -> str:
    return phone.locator(".prototype", has_text=title).locator("[data-my-dots]").inner_text()


def test_a_phone_offline_keeps_its_card_and_dots_and_sends_them_once(browser, server, tmp_path):
    control, screen, join_url = open_room(browser, server, "Offline phone")
    code = join_url.rsplit("/", 1)[1]
    phone = browser.new_context(**PHONE).new_page()
    join(phone, join_url, "Resident", "School")
    next_stage(control, "Problems")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Problems")
    live(phone)

    # A card written offline waits, calmly, and arrives once the phone is back.
    phone.context.set_offline(True)
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "offline")
    phone.get_by_label("The problem").fill("The bus stops at eight")
    phone.get_by_role("button", name="Post").click()
    form = phone.locator("form[data-intent=post_problem]")
    expect(form.locator("[data-status]")).to_have_text(WAITING)
    expect(phone.locator("[data-outbox]")).to_contain_text(WAITING)
    expect(phone.locator("[data-error]").first).to_have_text("")
    expect(phone.get_by_label("The problem")).to_have_value("")
    card_outbox = outbox(phone, code)
    assert card_outbox and "The bus stops at eight" in card_outbox
    phone.context.set_offline(False)
    live(phone)
    expect(form.locator("[data-status]")).to_have_text("Posted. It is on the wall.")
    expect(phone.locator("[data-outbox]")).to_be_hidden()
    for page in (screen, control, phone):
        expect(page.locator(".problem", has_text="The bus stops at eight")).to_have_count(1)
    assert outbox(phone, code) is None

    make_prototype(phone, control, "Evening buses")
    to_vote(control, phone)

    # Two dots put on while offline: no optimistic count, "waiting", then both arrive.
    phone.context.set_offline(True)
    expect(phone.locator("[data-live-state]")).to_have_attribute("data-state", "offline")
    plus = phone.get_by_role("button", name="Put a dot on: Evening buses")
    plus.click()
    plus.click()
    expect(phone.locator("[data-outbox]")).to_contain_text(WAITING)
    expect(phone.locator("[data-outbox]")).to_contain_text("2")
    assert my_dots(phone, "Evening buses") == "0"
    dots_outbox = outbox(phone, code)
    phone.context.set_offline(False)
    live(phone)
    expect(
        phone.locator(".prototype", has_text="Evening buses").locator("[data-my-dots]")
    ).to_have_text("2")
    expect(phone.locator("[data-remaining]")).to_have_text("1")
    expect(phone.locator("[data-outbox]")).to_be_hidden()
    total = control.locator(".prototype", has_text="Evening buses").locator("[data-field=total]")
    expect(total).to_have_text("2")

    # A forced resend: the answers were lost and the page reloaded with the outbox still
    # holding both (same keys). The server answers from the keys; nothing counts twice.
    phone.evaluate(
        "([code, card, dots]) => { const a = JSON.parse(card), b = JSON.parse(dots);"
        " localStorage.setItem('tavola:outbox:' + code, JSON.stringify(a.concat(b))); }",
        [code, card_outbox, dots_outbox],
    )
    phone.reload()
    live(phone)
    phone.wait_for_function(
        "code => localStorage.getItem('tavola:outbox:' + code) === null", arg=code
    )
    expect(
        phone.locator(".prototype", has_text="Evening buses").locator("[data-my-dots]")
    ).to_have_text("2")
    expect(phone.locator("[data-remaining]")).to_have_text("1")
    expect(phone.locator("[data-error]").first).to_have_text("")
    expect(total).to_have_text("2")
    expect(screen.locator("[data-bind=dots_cast]")).to_have_text("2")

    with backstage(server, tmp_path / "instance"):
        workshop = workshop_by_code(code)
        cards = db.session.scalars(
            select(Problem).where(
                Problem.workshop_id == workshop.id, Problem.text == "The bus stops at eight"
            )
        ).all()
        dots = db.session.scalars(select(Vote.dots).where(Vote.workshop_id == workshop.id)).all()
    assert len(cards) == 1
    assert sum(dots) == 2
    control.context.close()
    phone.context.close()


def test_a_phone_whose_socket_never_connected_still_posts_the_plain_way(browser, server):
    """Online but without a live connection (a proxy that blocks it): no queue, a page load."""
    control, screen, join_url = open_room(browser, server, "Blocked socket")
    next_stage(control, "Problems")
    context = browser.new_context(**PHONE)
    context.route(re.compile(r".*/socket\.io/.*"), lambda route: route.abort())
    phone = context.new_page()
    phone.goto(join_url)
    phone.get_by_label("Resident", exact=True).check()
    phone.locator("label", has_text="School").click()
    phone.get_by_role("button", name="I am in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Problems")
    phone.get_by_label("The problem").fill("Posted by a page load")
    phone.get_by_role("button", name="Post").click()
    expect(phone.locator(".problem", has_text="Posted by a page load")).to_have_count(1)
    expect(phone.locator("[data-outbox]")).to_have_count(0)
    expect(screen.locator(".problem", has_text="Posted by a page load")).to_have_count(1)
    control.context.close()
    context.close()


def test_after_a_server_restart_every_screen_is_back_on_the_same_stage_timer_and_tallies(
    browser, tmp_path
):
    (tmp_path / "server").mkdir()
    server = start_server(tmp_path / "server")
    try:
        control, screen, join_url = open_room(browser, server, "Restart")
        code = join_url.rsplit("/", 1)[1]
        amina = browser.new_context(**PHONE).new_page()
        join(amina, join_url, "Resident", "School")
        li = browser.new_context(**PHONE).new_page()
        join(li, join_url, "Decision maker", "Services")
        next_stage(control, "Problems")
        make_prototype(amina, control, "Evening buses")
        to_vote(control, amina, li)
        live(screen)
        control.get_by_role("button", name="Start a 5-minute timer").click()
        expect(screen.locator(".timer-big [role=timer]")).to_have_text(re.compile(r"^4:5\d|^5:00"))
        amina.get_by_role("button", name="Put a dot on: Evening buses").click()
        expect(amina.locator("[data-remaining]")).to_have_text("2")
        li.get_by_role("button", name="Put a dot on: Evening buses").click()
        expect(li.locator("[data-remaining]")).to_have_text("2")
        total = control.locator(".prototype", has_text="Evening buses").locator(
            "[data-field=total]"
        )
        expect(total).to_have_text("2")
        pages = (control, screen, amina, li)
        for page in pages:  # a mark a reload would wipe
            page.evaluate("window.beforeRestart = true")

        server.stop()
        for page in pages:
            expect(page.locator("[data-live-state]")).to_have_attribute(
                "data-state", "offline", timeout=15_000
            )
        # While the server is down: a dot waits on the phone, and the trainer's +10 minutes
        # (as another process would have written it) are only in the database.
        amina.get_by_role("button", name="Put a dot on: Evening buses").click()
        expect(amina.locator("[data-outbox]")).to_contain_text(WAITING)
        with backstage(server, tmp_path / "instance") as commit:
            workshop = workshop_by_code(code)
            workshop.timer_ends_at = datetime.now(UTC) + timedelta(minutes=10)
            workshop.timer_seconds = 600
            commit()
        server = restart_server(server, tmp_path / "server")

        for page in pages:
            live(page)
            assert page.evaluate("window.beforeRestart") is True  # not reloaded
        for page in (amina, li):
            expect(page.get_by_role("heading", level=1)).to_have_text("Vote")
        expect(screen.locator(".timer-big [role=timer]")).to_have_text(
            re.compile(r"^9:[45]\d|^10:00")
        )
        expect(amina.locator(".timer-small [role=timer]")).to_have_text(
            re.compile(r"^9:[45]\d|^10:00")
        )
        expect(amina.locator("[data-outbox]")).to_be_hidden()
        expect(amina.locator("[data-remaining]")).to_have_text("1")
        expect(total).to_have_text("3")
        expect(screen.locator("[data-bind=dots_cast]")).to_have_text("3")
        li.get_by_role("button", name="Put a dot on: Evening buses").click()
        expect(li.locator("[data-remaining]")).to_have_text("1")
        expect(total).to_have_text("4")

        with backstage(server, tmp_path / "instance"):
            workshop = workshop_by_code(code)
            in_db = {
                p.role.value: (
                    sum(
                        v.dots
                        for v in db.session.scalars(select(Vote).where(Vote.participant_id == p.id))
                    ),
                    workshop.dot_budget,
                )
                for p in workshop.participants
            }
        for phone, role in ((amina, "resident"), (li, "decision_maker")):
            dots, budget = in_db[role]
            assert my_dots(phone, "Evening buses") == str(dots)
            assert phone.locator("[data-remaining]").inner_text() == str(budget - dots)
        assert in_db == {"resident": (2, 3), "decision_maker": (2, 3)}
        for context in {page.context for page in pages}:
            context.close()
    finally:
        server.stop()

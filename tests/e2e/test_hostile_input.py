"""Card text that is really markup stays text: on phones, the projector, the control screen and
in the HTML report, in a real browser. And no page of the core loop needs anything the
Content-Security-Policy forbids (an inline script or a call to another host would be reported
by Chromium as a violation)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from support.browser import PHONE, join, next_stage, open_room

pytestmark = pytest.mark.e2e

ATTACKS = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    '<a href="javascript:window.__pwned=1">Open the school form</a>',
    "javascript:window.__pwned=1",
]


def watch(page: Page, violations: list[str]) -> Page:
    """Collect what Chromium reports against the page's policy, and script errors."""

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: violations.append(f"{page.url}: {error}"))
    return page


def assert_inert(page: Page) -> None:
    """The attack texts show as text and nothing of them runs or links."""
    for attack in ATTACKS:
        expect(page.locator(".problem", has_text=attack).first).to_be_visible()
    assert page.locator(".problem img[src=x], .problem script").count() == 0
    assert page.locator(".problem a[href^='javascript']").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_markup_in_cards_is_shown_as_text_everywhere_and_pages_keep_to_the_policy(
    browser: Browser, server
):
    violations: list[str] = []
    control, screen, join_url = open_room(browser, server, "Hostile input")
    watch(control, violations)
    watch(screen, violations)
    writer = watch(browser.new_context(**PHONE).new_page(), violations)
    reader = watch(browser.new_context(**PHONE).new_page(), violations)
    join(writer, join_url, "Resident", "School")
    join(reader, join_url, "Resident", "Services")
    next_stage(control, "Problems")

    for attack in ATTACKS:
        writer.get_by_label("The problem").fill(attack)
        writer.get_by_role("button", name="Post").click()
        expect(writer.locator(".problem", has_text=attack).first).to_be_visible()

    for page in (writer, reader, screen, control):
        assert_inert(page)
    # A reload draws the cards from the server's page, not from live updates: inert too.
    reader.reload()
    assert_inert(reader)

    # The report, as an official opens the HTML file from their disk (no policy there).
    code = join_url.rsplit("/", 1)[1]
    report = control.context.request.get(f"{server.url}/f/{code}/export.html")
    assert report.ok
    opened = control.context.new_page()
    opened.set_content(report.text())
    for attack in ATTACKS:
        expect(opened.get_by_text(attack, exact=False).first).to_be_attached()
    assert opened.locator("img[src=x]").count() == 0
    assert opened.locator("a[href^='javascript']").count() == 0
    assert opened.evaluate("window.__pwned") is None

    assert violations == []

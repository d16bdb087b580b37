"""Page weight: what a phone downloads to join and to follow a stage, on a fresh cache.

People in the room pay for their data and sit on slow venue wifi. Each page, with everything it
loads (styles, scripts, the Socket.IO client and its first polls), must stay under 100 KB over
the wire, counted as Playwright sees it (encoded body plus headers), and load no web fonts.
"""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import Browser, Page, Request, expect
from support.browser import PHONE
from support.server import LiveServer, create_workshop, join_phone, log_in_trainer

pytestmark = pytest.mark.e2e

BUDGET = 100 * 1024
FONT = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|$)")


class Transfer:
    """Every request a page makes, with its size over the wire once it has finished."""

    def __init__(self, page: Page) -> None:
        self.finished: list[Request] = []
        page.on("requestfinished", lambda request: self.finished.append(request))

    def rows(self) -> list[tuple[str, str, int]]:
        """(url, resource type, bytes: request and response headers and bodies)."""
        rows = []
        for request in self.finished:
            sizes = request.sizes()
            total = (
                sizes["requestHeadersSize"]
                + sizes["requestBodySize"]
                + sizes["responseHeadersSize"]
                + sizes["responseBodySize"]
            )
            rows.append((request.url, request.resource_type, total))
        return rows

    def total(self) -> int:
        return sum(size for _, _, size in self.rows())

    def report(self) -> str:
        return "\n".join(f"{size:>7} {kind:<10} {url}" for url, kind, size in self.rows())


def room_in_problems(server: LiveServer) -> tuple[str, requests.Session]:
    """A workshop in the Problems stage with a few cards, and a phone (its cookies) in it."""
    trainer = log_in_trainer(server)
    code = create_workshop(server, trainer, "Weighed workshop")
    phones = [join_phone(server, code, table=i % 3) for i in range(3)]
    control = trainer.get(f"{server.url}/f/{code}/control").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', control)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', control)
    trainer.post(
        f"{server.url}/f/{code}/set_stage",
        data={"csrf_token": token.group(1), "stage": "problems"},
        timeout=5,
    )
    for i, phone in enumerate(phones * 2):
        response = phone.post_form(
            f"/w/{code}/post_problem",
            {"text": f"Card {i}: the forms at the registry office are only in Italian"},
            f"/w/{code}",
        )
        assert response.ok, response.text[:500]
    return code, phones[0].http


def test_the_join_page_weighs_under_100_kb_without_web_fonts(browser: Browser, server):
    trainer = log_in_trainer(server)
    code = create_workshop(server, trainer, "Weighed workshop")
    page = browser.new_context(**PHONE).new_page()
    transfer = Transfer(page)
    page.goto(f"{server.url}/j/{code}", wait_until="networkidle")
    expect(page.get_by_role("button", name="I am in")).to_be_enabled()
    assert transfer.total() <= BUDGET, transfer.report()
    assert not [url for url, kind, _ in transfer.rows() if kind == "font" or FONT.search(url)]


def test_a_stage_page_weighs_under_100_kb_compressed(browser: Browser, server):
    code, phone_http = room_in_problems(server)
    context = browser.new_context(**PHONE)
    context.add_cookies(
        [{"name": c.name, "value": c.value, "url": server.url} for c in phone_http.cookies]
    )
    page = context.new_page()
    transfer = Transfer(page)
    encodings: dict[str, str] = {}
    page.on(
        "response",
        lambda r: encodings.__setitem__(r.url, r.headers.get("content-encoding", "")),
    )
    page.goto(f"{server.url}/w/{code}")
    expect(page.locator(".problem")).to_have_count(6)
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")
    page.wait_for_load_state("networkidle")
    assert transfer.total() <= BUDGET, transfer.report()
    assert not [url for url, kind, _ in transfer.rows() if kind == "font" or FONT.search(url)]
    # The page, its styles and scripts came compressed (a browser on plain HTTP gets gzip).
    for url, encoding in encodings.items():
        if re.search(r"/w/|\.css|\.js", url) and "socket.io/?" not in url:
            assert encoding in ("gzip", "br"), (url, encoding)


def test_socket_io_polling_still_answers_with_compression_on(server):
    response = requests.get(
        f"{server.url}/socket.io/?EIO=4&transport=polling",
        headers={"Accept-Encoding": "gzip"},
        timeout=5,
    )
    assert response.status_code == 200
    assert '"sid"' in response.text

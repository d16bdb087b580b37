"""How a cheap phone on a bad connection experiences Tavola: a benchmark, not a test.

Starts the real server (gunicorn + gevent, a throw-away SQLite database), puts a workshop in the
Problems stage with a few cards, then in headless Chromium with DevTools throttling (Slow 3G:
400 kbit/s down and up, 400 ms round trip; CPU 4x slower) opens the join page on a cold cache,
joins, and reloads the stage page. Prints, per page: bytes over the wire (headers and encoded
bodies, as DevTools counts them), first paint, DOMContentLoaded, and when the page is usable
(the join form's button shown; the phone page live on its socket).

    .venv/bin/python bench/phone_slow3g.py        (or: make bench-phone)

Needs the test extra (Playwright) and Chromium (``make chromium``); ``CHROMIUM`` overrides the
browser's path.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import CDPSession, Page, sync_playwright  # noqa: E402
from support.server import (  # noqa: E402
    create_workshop,
    csrf_token,
    join_phone,
    log_in_trainer,
    start_server,
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SLOW_3G = {
    "offline": False,
    "latency": 400,  # ms, round trip
    "downloadThroughput": 400 * 1000 / 8,  # bytes/s
    "uploadThroughput": 400 * 1000 / 8,
}
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 390, "height": 800}, "is_mobile": True, "has_touch": True}

#: Page timings relative to its navigation start, in ms.
TIMINGS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByType("paint").find((e) => e.name === "first-paint");
  return {dcl: nav ? nav.domContentLoadedEventEnd : null, paint: paint ? paint.startTime : null};
}"""
#: Resolves with performance.now() once the join form's button is on screen.
FORM_USABLE = """() => {
  const role = document.querySelector("form input[name=role]");
  const button = role && role.form.querySelector("button[type=submit]");
  return button && button.offsetParent !== null && document.readyState !== "loading"
    && performance.now();
}"""
#: Resolves with performance.now() once the phone page is live on its socket.
LIVE = """() => {
  const el = document.querySelector("[data-live-state]");
  return el && el.dataset.state === "live" && performance.now();
}"""


class Wire:
    """Bytes DevTools saw finish loading (headers + encoded body) since the last ``take``."""

    def __init__(self, cdp: CDPSession) -> None:
        self.bytes = 0
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict) -> None:
        self.bytes += int(event["encodedDataLength"])

    def take(self) -> int:
        taken, self.bytes = self.bytes, 0
        return taken


def measure(page: Page, wire: Wire, usable_js: str) -> dict:
    """Wait until the page is usable; its bytes and timings."""
    usable = page.wait_for_function(usable_js, polling=50, timeout=120_000).json_value()
    page.wait_for_load_state("networkidle")
    timings = page.evaluate(TIMINGS)
    # Nothing is usable before it is painted (the stylesheet blocks the first paint).
    usable = max(usable, timings["paint"] or 0)
    return {"bytes": wire.take(), **timings, "usable": usable}


def prepare_room(server) -> str:
    """A workshop in the Problems stage, six cards on the wall; returns its code."""
    trainer = log_in_trainer(server)
    code = create_workshop(server, trainer, "Slow phone benchmark")
    control = trainer.get(f"{server.url}/f/{code}/control").text
    trainer.post(
        f"{server.url}/f/{code}/set_stage",
        data={"csrf_token": csrf_token(control), "stage": "problems"},
        timeout=5,
    )
    for i in range(6):
        phone = join_phone(server, code, table=i % 3)
        phone.post_form(
            f"/w/{code}/post_problem",
            {"text": f"Card {i + 1}: the forms at the registry office are only in Italian"},
            f"/w/{code}",
        )
    return code


def run() -> list[tuple[str, dict]]:
    """Start the server, run the three page loads, stop the server."""
    server = start_server(Path(tempfile.mkdtemp(prefix="tavola-bench-")))
    try:
        code = prepare_room(server)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            context = browser.new_context(**PHONE)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_3G)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            wire = Wire(cdp)
            rows = []

            page.goto(f"{server.url}/j/{code}", wait_until="commit")
            rows.append(("Join page (cold cache)", measure(page, wire, FORM_USABLE)))

            page.locator("input[name=role]").first.check()
            page.locator("input[name=theme_id]").first.check()
            with page.expect_navigation(wait_until="commit"):
                page.locator("form:has(input[name=role]) button[type=submit]").click()
            rows.append(("Join -> Problems page", measure(page, wire, LIVE)))

            page.reload(wait_until="commit")
            rows.append(("Problems page (reload)", measure(page, wire, LIVE)))
            browser.close()
        return rows
    finally:
        server.stop()


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} ms"


def main() -> None:
    started = time.monotonic()
    rows = run()
    print(
        f"Slow 3G (400 kbit/s, 400 ms RTT), CPU {CPU_SLOWDOWN}x slower · "
        f"{platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}) · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    print()
    print("| Page | Over the wire | First paint | DOMContentLoaded | Usable |")
    print("|---|---:|---:|---:|---:|")
    for name, row in rows:
        print(
            f"| {name} | {row['bytes'] / 1024:.1f} KB | {ms(row['paint'])} | {ms(row['dcl'])} "
            f"| {ms(row['usable'])} |"
        )
    print()
    print(f"(benchmark took {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()

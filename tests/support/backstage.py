"""The live server's database, reached through the service layer from the test process.

Browser tests use it to set up what a room would take long to type (a card written in
Ukrainian, a long wall of prototypes), so the test spends its time on what it checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, expect

from workshop import create_app
from workshop.extensions import db
from workshop.models import Workshop
from workshop.realtime import broadcaster

from .server import LiveServer


@contextmanager
def backstage(server: LiveServer, instance: Path) -> Iterator[Callable[[], None]]:
    """An app context on the server's database; yields ``commit``, to call for what you add.

    ``commit`` does what a second server process would: the transaction, then at once the
    delta its broadcaster would send at the next tick. The delta moves the workshop's seq,
    which the live server's shared snapshot follows; a bare ``db.session.commit()`` would leave
    the server serving its snapshot up to ``ROOM_SNAPSHOT_TTL`` old.
    """
    app = create_app(
        {
            "DATABASE_URL": server.database_url,
            "SECRET_KEY": "backstage",
            "BROADCAST_AUTOSTART": False,
            "INSTANCE_PATH": instance,
        }
    )

    def commit() -> None:
        db.session.commit()
        broadcaster.flush()

    with app.app_context(), app.test_request_context():
        yield commit
        db.session.remove()


def workshop_by_code(code: str) -> Workshop:
    """The workshop, read fresh (the server changed it meanwhile)."""
    db.session.expire_all()
    return db.session.query(Workshop).filter_by(code=code).one()


def join_by_value(page: Page, join_url: str, role: str = "resident", table: str = "") -> None:
    """Join without reading the page's words (any interface language): by the form's values."""
    page.goto(join_url)
    page.locator(f"input[name=role][value={role}]").check()
    if table:  # a default table, by its pictogram: its name reads in the page's language
        page.locator(f"label:has(use[href='#i-{table.lower()}'])").click()
    page.locator("main button[type=submit]").click()
    expect(page.locator("[data-live-state]")).to_have_attribute("data-state", "live")

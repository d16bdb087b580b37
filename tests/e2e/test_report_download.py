"""The outcome leaves the room: the trainer downloads the report from the control screen, in the
language chosen there, and a decision maker downloads it from the phone once the session closed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pypdfium2
import pytest
from playwright.sync_api import expect
from support.browser import PHONE, join, next_stage, open_room
from support.server import FACILITATOR

pytestmark = pytest.mark.e2e


def demo_session(server) -> tuple[str, str, str]:
    """The finished demo workshop in the server's database: its code, and who may log in."""
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "workshop", "demo"],
        env={**os.environ, "DATABASE_URL": server.database_url, "SECRET_KEY": "e2e"},
        capture_output=True,
        text=True,
        check=True,
    )
    code = re.search(r"code (\w+)", result.stdout).group(1)
    created = re.search(r"log in as '(\w+)' with password (\S+)", result.stdout)
    return (code, *created.groups()) if created else (code, *FACILITATOR)


def pdf_text(path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    return " ".join(page.get_textpage().get_text_range() for page in document)


def test_the_trainer_downloads_the_pdf_in_italian_from_the_control_screen(
    browser, server, tmp_path
):
    code, username, password = demo_session(server)
    trainer = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    control = trainer.new_page()
    control.goto(f"{server.url}/login?next=/f/{code}/control")
    control.get_by_label("User name").fill(username)
    control.get_by_label("Password").fill(password)
    control.get_by_role("button", name="Log in").click()
    expect(control.get_by_role("heading", level=2, name="Report and data")).to_be_visible()

    control.get_by_label("Language of the report").select_option("it")
    with control.expect_download() as download:
        control.get_by_role("button", name="PDF", exact=True).click()
        # While it renders the screen says so, and a second export cannot start.
        expect(control.locator("[data-export-status]")).to_contain_text("Preparing PDF")
    file = tmp_path / download.value.suggested_filename
    download.value.save_as(file)

    assert file.name == f"tavola-{code}.pdf"
    expect(control.locator("[data-export-status]")).to_have_text(f"Downloaded: {file.name}")
    text = pdf_text(file)
    assert "Living together in Prato" in text
    assert "Scuola" in text and "Partecipazione" in text  # the tables, in Italian
    assert "Evening parent meetings" in text
    trainer.close()


def test_a_decision_maker_takes_the_report_home_from_the_phone(browser, server, tmp_path):
    control, _screen, join_url = open_room(browser, server, title="Servizi per chi arriva")
    official = browser.new_context(**PHONE, accept_downloads=True).new_page()
    join(official, join_url, "Decision maker", "Services")
    for stage in ("Problems", "Focus", "Prototypes", "Plenary", "Vote", "Results", "Response"):
        next_stage(control, stage)
    next_stage(control, "Closed")

    link = official.get_by_role("link", name="PDF", exact=True)
    expect(link).to_be_visible()  # the phone follows the room to the end, no reload
    with official.expect_download() as download:
        link.click()
    file = tmp_path / "report.pdf"
    download.value.save_as(file)

    assert "Servizi per chi arriva" in pdf_text(file)
    official.context.close()
    control.context.close()

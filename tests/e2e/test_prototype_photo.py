"""A table photographs its paper prototype from a phone: the photo shows on the projector and
the other phones live, upright, and the served file carries none of the phone's metadata."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect
from support.browser import PHONE, join, next_stage, open_room

pytestmark = pytest.mark.e2e

PHOTO_OFFLINE = "No connection right now. The photo stays chosen: send it again when “Live” shows."


def camera_jpeg() -> bytes:
    """A photo as a phone camera writes it, GPS and model in its EXIF."""
    image = Image.new("RGB", (2400, 1800), (240, 200, 60))
    exif = Image.Exif()
    exif[0x0110] = "Phone 12"
    exif[0x8825] = {1: "N", 2: (43.0, 52.0, 48.0), 3: "E", 4: (11.0, 5.0, 48.0)}
    out = BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_photo_of_the_paper_prototype_reaches_the_projector_and_other_phones(
    browser: Browser, server
):
    control, screen, join_url = open_room(browser, server, "Photos")
    maker = browser.new_context(**PHONE).new_page()
    tablemate = browser.new_context(**PHONE).new_page()
    neighbour = browser.new_context(**PHONE).new_page()
    join(maker, join_url, "Resident", "School")
    join(tablemate, join_url, "Resident", "School")
    join(neighbour, join_url, "Resident", "Services")
    next_stage(control, "Problems")
    maker.get_by_label("The problem").fill("Letters from school come only in Italian")
    maker.get_by_role("button", name="Post").click()
    next_stage(control, "Focus")
    next_stage(control, "Prototypes")
    maker.get_by_label("Title").fill("Welcome desk for families")
    maker.get_by_label("What changes?").fill("A parent mediator explains letters")
    maker.locator("form[data-intent=create_prototype] input[type=checkbox]").first.check()
    maker.get_by_role("button", name="Save prototype").click()
    expect(screen.locator(".prototype", has_text="Welcome desk")).to_be_visible()

    # No reload: the table's photo form lists the new prototype; another table gets no form.
    choice = tablemate.get_by_label("Prototype", exact=True)
    expect(choice.locator("option")).to_have_text(["Welcome desk for families"])
    expect(neighbour.get_by_role("button", name="Send the photo")).to_be_hidden()
    tablemate.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": camera_jpeg()}]
    )
    # The wifi drops: the phone stays on its page with the photo chosen, and says so.
    tablemate.context.set_offline(True)
    live_state = tablemate.locator("[data-live-state]")
    expect(live_state).to_have_attribute("data-state", "offline")
    tablemate.get_by_role("button", name="Send the photo").click()
    expect(tablemate.locator("#photo [data-error]")).to_have_text(PHOTO_OFFLINE)
    assert tablemate.get_by_label("Photo", exact=True).evaluate("input => input.files.length") == 1
    tablemate.context.set_offline(False)
    expect(live_state).to_have_attribute("data-state", "live")
    tablemate.get_by_role("button", name="Send the photo").click()
    expect(tablemate.get_by_text("Photo added. Everyone sees it on the prototype.")).to_be_visible()

    for page in (screen, maker, neighbour, control):
        photo = page.locator(".prototype", has_text="Welcome desk").locator(".proto-photo img")
        expect(photo).to_be_visible()
        # Loaded, not a broken image.
        assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1600
    address = screen.locator(".proto-photo img").first.get_attribute("src")
    served = neighbour.context.request.get(server.url + address)
    assert served.headers["content-type"] == "image/jpeg"
    assert b"Phone 12" not in served.body()
    stranger = browser.new_context().request.get(server.url + address)
    assert stranger.status == 403

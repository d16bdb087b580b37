"""A table photographs its paper prototype from a phone (a plain multipart form, no JavaScript
needed) and the photo is served back to the people of the workshop only, with safe headers."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from workshop.models import Stage

from .conftest import PASSWORD, location, text_of


def jpeg(size=(3000, 2000), exif: bool = True) -> bytes:
    image = Image.new("RGB", size, (30, 120, 60))
    out = BytesIO()
    extra = {}
    if exif:
        tags = Image.Exif()
        tags[0x0110] = "Phone 12"
        extra["exif"] = tags.tobytes()
    image.save(out, "JPEG", quality=95, **extra)
    return out.getvalue()


@pytest.fixture
def table(make_workshop, make_participant, make_prototype, phone_of):
    workshop = make_workshop()
    maker = make_participant(workshop)
    prototype = make_prototype(maker, title="Welcome desk")
    return workshop, prototype, phone_of(maker)


def upload(phone, workshop, prototype, content: bytes, name: str = "IMG_0001.jpg"):
    return phone.post(
        f"/w/{workshop.code}/photo",
        data={"prototype_id": str(prototype.id), "photo": (BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_a_photo_bigger_than_a_form_is_taken_and_shown_to_the_room(
    table, make_participant, phone_of
):
    workshop, prototype, phone = table
    content = jpeg(size=(4000, 3000)) + b"\0" * (3 * 1024 * 1024)  # past the 2 MB form limit
    assert len(content) > 3 * 1024 * 1024

    response = upload(phone, workshop, prototype, content)

    assert location(response).endswith(f"/w/{workshop.code}#prototype-{prototype.id}")
    page = text_of(phone.get(f"/w/{workshop.code}"))
    assert "Photo added" in page
    [address] = [part.split('"', 1)[0] for part in page.split('src="')[1:] if "/photos/" in part]
    neighbour = phone_of(make_participant(workshop, theme=workshop.themes[2]))
    served = neighbour.get(address)
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"Phone 12" not in served.data
    assert max(Image.open(BytesIO(served.data)).size) == 1600


def test_the_photo_is_not_served_to_strangers(
    table, client, make_workshop, make_participant, phone_of
):
    workshop, prototype, phone = table
    upload(phone, workshop, prototype, jpeg(size=(64, 48)))
    address = f"/w/{workshop.code}/photos/1.jpg"
    assert phone.get(address).status_code == 200

    assert client.get(address).status_code == 403  # no cookie of this workshop
    elsewhere = make_workshop(title="Elsewhere")
    other = phone_of(make_participant(elsewhere))
    assert other.get(address).status_code == 403
    assert other.get(f"/w/{elsewhere.code}/photos/1.jpg").status_code == 404


def test_the_trainer_of_the_workshop_sees_the_photo_and_another_does_not(
    app,
    trainer,
    log_in,
    make_facilitator,
    make_workshop,
    make_participant,
    make_prototype,
    phone_of,
):
    workshop = make_workshop(facilitator=trainer)
    maker = make_participant(workshop)
    upload(phone_of(maker), workshop, make_prototype(maker), jpeg(size=(64, 48)))
    address = f"/w/{workshop.code}/photos/1.jpg"

    assert log_in(trainer).get(address).status_code == 200
    someone = make_facilitator(username="someone", password=PASSWORD)
    other = log_in(someone, into=app.test_client())
    assert other.get(address).status_code == 403


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<svg onload=alert(1)></svg>", "This file is not a photo."),
        (b"\xff" * (12 * 1024 * 1024 + 10), "This photo is too big."),
    ],
)
def test_a_refused_file_says_why_on_the_phone_page(table, content, message):
    workshop, prototype, phone = table

    response = upload(phone, workshop, prototype, content)

    assert response.status_code in (400, 413)
    assert message in text_of(response)
    assert "/photos/" not in text_of(phone.get(f"/w/{workshop.code}"))


def test_a_photo_outside_the_prototypes_stage_is_refused(table, move_to):
    workshop, prototype, phone = table
    move_to(workshop, Stage.VOTE)

    response = upload(phone, workshop, prototype, jpeg(size=(64, 48)))

    assert response.status_code == 400
    assert "Photos can only be added in the Prototypes stage." in text_of(response)


def test_a_phone_that_did_not_join_is_sent_to_the_join_page(table, client):
    workshop, prototype, _phone = table

    response = upload(client, workshop, prototype, jpeg(size=(64, 48)))

    assert location(response).endswith(f"/j/{workshop.code}")

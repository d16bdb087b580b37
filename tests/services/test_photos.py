"""Photos of paper prototypes: what a phone uploads is never what is kept. Only a fresh JPEG,
upright, at most 1600 px, without EXIF (no GPS position of someone's home), is stored."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select

from workshop import services
from workshop.extensions import db
from workshop.models import Photo, Stage
from workshop.services import Forbidden, InvalidInput, NotFound, WrongStage, live, photos

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_photo(size=(4000, 3000), fmt="JPEG", rotated: bool = False) -> BytesIO:
    """A photo as a phone's camera writes it: EXIF with GPS and camera model."""
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((20, 20, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[GPS_IFD] = {1: "N", 2: (43.0, 52.0, 48.0), 3: "E", 4: (11.0, 5.0, 48.0)}
    if rotated:
        exif[ORIENTATION] = 6  # held upright: the sensor's landscape pixels, to turn 90°
    out = BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    out.seek(0)
    return out


@pytest.fixture
def prototype(make_workshop, make_participant, make_prototype):
    workshop = make_workshop()
    maker = make_participant(workshop)
    return make_prototype(maker), maker


def stored(photo: Photo) -> Image.Image:
    return Image.open(BytesIO(photo.data))


def test_a_phone_photo_is_kept_as_a_small_jpeg_without_exif_or_gps(prototype):
    proto, maker = prototype
    upload = phone_photo()
    assert Image.open(upload).getexif()[0x0110] == "Phone 12"  # the original does carry it
    upload.seek(0)

    photo = services.add_photo(maker, proto.id, upload)
    db.session.commit()

    image = stored(photo)
    assert image.format == "JPEG"
    assert max(image.size) == 1600 and (photo.width, photo.height) == image.size
    assert len(image.getexif()) == 0
    assert "exif" not in image.info and "icc_profile" not in image.info
    assert b"Phone 12" not in photo.data and b"PhoneMaker" not in photo.data


def test_a_photo_taken_upright_is_stored_upright(prototype):
    proto, maker = prototype

    photo = services.add_photo(maker, proto.id, phone_photo(size=(800, 600), rotated=True))

    image = stored(photo)
    assert image.size == (600, 800)
    # The blue half, on the left of the sensor, is on top once turned.
    top, bottom = image.getpixel((300, 100)), image.getpixel((300, 700))
    assert top[2] > 150 > bottom[2]


def test_a_png_from_the_gallery_is_accepted_as_a_jpeg(prototype):
    proto, maker = prototype

    photo = services.add_photo(maker, proto.id, phone_photo(size=(640, 480), fmt="PNG"))

    assert stored(photo).format == "JPEG" and stored(photo).size == (640, 480)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"just some text, not a photo",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<html><script>alert(1)</script></html>",
        b"\xff\xd8\xff\xe0 a JPEG header and then nothing",
        b"GIF89a" + b"\x00" * 100,
    ],
)
def test_anything_but_a_photo_is_refused_and_nothing_is_kept(prototype, content):
    proto, maker = prototype

    with pytest.raises(InvalidInput) as refused:
        services.add_photo(maker, proto.id, BytesIO(content))

    assert refused.value.field == "photo"
    assert "not a photo" in str(refused.value.message)
    assert db.session.scalar(select(func.count(Photo.id))) == 0


def test_a_decompression_bomb_is_refused_before_it_is_decoded(prototype):
    proto, maker = prototype
    bomb = BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # ~20 KB of file, 144 megapixels
    assert len(bomb.getvalue()) < 100_000
    bomb.seek(0)

    with pytest.raises(InvalidInput) as refused:
        services.add_photo(maker, proto.id, bomb)

    assert "too big" in str(refused.value.message)


def test_an_oversized_file_is_refused(prototype):
    proto, maker = prototype

    with pytest.raises(InvalidInput) as refused:
        services.add_photo(maker, proto.id, BytesIO(b"\xff" * (photos.MAX_UPLOAD_BYTES + 1)))

    assert "too big" in str(refused.value.message)


def test_only_the_prototypes_table_adds_its_photo(prototype, make_participant):
    proto, maker = prototype
    other_table = make_participant(maker.workshop, theme=maker.workshop.themes[1])
    same_table = make_participant(maker.workshop, theme=maker.workshop.themes[0])

    with pytest.raises(Forbidden):
        services.add_photo(other_table, proto.id, phone_photo(size=(64, 48)))
    assert services.add_photo(same_table, proto.id, phone_photo(size=(64, 48))).author_id == (
        same_table.id
    )


def test_photos_are_added_in_the_prototypes_stage_only(prototype, move_to):
    proto, maker = prototype
    move_to(maker.workshop, Stage.VOTE)

    with pytest.raises(WrongStage):
        services.add_photo(maker, proto.id, phone_photo(size=(64, 48)))


def test_a_prototype_of_another_workshop_is_not_found(prototype, make_workshop, make_participant):
    proto, _maker = prototype
    elsewhere = make_workshop(title="Elsewhere", stage=Stage.PROTOTYPES)
    stranger = make_participant(elsewhere)

    with pytest.raises(NotFound):
        services.add_photo(stranger, proto.id, phone_photo(size=(64, 48)))


def test_a_new_photo_replaces_the_old_one_at_a_new_address(prototype):
    proto, maker = prototype
    first = services.add_photo(maker, proto.id, phone_photo(size=(64, 48)))
    db.session.commit()
    first_id = first.id

    second = services.add_photo(maker, proto.id, phone_photo(size=(48, 64)))
    db.session.commit()

    assert db.session.scalars(select(Photo.id)).all() == [second.id]
    assert second.id != first_id
    [card] = live.prototypes(maker.workshop)
    assert card["photo"] == f"/w/{maker.workshop.code}/photos/{second.id}.jpg"


def test_a_prototype_without_a_photo_says_so(prototype):
    _proto, maker = prototype

    [card] = live.prototypes(maker.workshop)

    assert card["photo"] is None

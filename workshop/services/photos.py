"""Photos of paper prototypes: a table photographs what it built on paper, the wall shows it.

A file from a phone is untrusted: it may not be an image, may be a "decompression bomb" (a few
kilobytes that decode to gigabytes), and a real photo carries EXIF with the GPS position of
the person's home, the phone model and the time. So nothing of the upload is kept: it is
decoded with Pillow within size limits, turned upright, scaled down and saved as a new JPEG
without any metadata. Only that is stored and served.
"""

from __future__ import annotations

import warnings
from io import BytesIO
from typing import IO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import delete, select

from ..extensions import db
from ..models import Participant, Photo, Prototype, Stage
from . import changes
from .errors import Forbidden, InvalidInput, NotFound
from .problems import require_stage

#: Largest upload accepted (a 12-megapixel phone photo is 3 to 6 MB).
MAX_UPLOAD_BYTES = 12 * 1024 * 1024
#: Largest image decoded: a 50-megapixel camera; anything bigger is refused before decoding.
MAX_PIXELS = 50_000_000
#: Longest side kept: sharp on a projector, light on a phone on paid data.
MAX_SIDE = 1600
JPEG_QUALITY = 82
#: What phones' cameras and galleries produce, and Pillow reads safely.
FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}

NOT_A_PHOTO = _l("This file is not a photo. Take a photo, or choose a JPEG or PNG picture.")
TOO_BIG = _l("This photo is too big. Choose a smaller one (at most 12 MB).")


def reencode(upload: IO[bytes]) -> tuple[bytes, int, int]:
    """The upload as a new, upright, scaled-down JPEG without metadata; (bytes, width, height).

    Raises :class:`InvalidInput` (field ``photo``) for anything that is not a photo we read.
    """
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise InvalidInput(TOO_BIG, field="photo")
    if not raw:
        raise InvalidInput(NOT_A_PHOTO, field="photo")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that: refuse instead.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(raw))  # reads the header only
        if image.format not in FORMATS:
            raise InvalidInput(NOT_A_PHOTO, field="photo")
        if image.width * image.height > MAX_PIXELS:
            raise InvalidInput(TOO_BIG, field="photo")
        image.load()
        image = ImageOps.exif_transpose(image)  # a phone held upright shows upright
        image = image.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        out = BytesIO()
        # No exif=, no icc_profile=: the new file carries pixels only.
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise InvalidInput(TOO_BIG, field="photo") from err
    except (UnidentifiedImageError, OSError, ValueError) as err:
        raise InvalidInput(NOT_A_PHOTO, field="photo") from err
    return out.getvalue(), image.width, image.height


def add_photo(participant: Participant, prototype_id: int, upload: IO[bytes]) -> Photo:
    """Attach (or replace) the photo of a prototype of the participant's own table."""
    require_stage(
        participant, Stage.PROTOTYPES, _l("Photos can only be added in the Prototypes stage.")
    )
    prototype = db.session.get(Prototype, prototype_id)
    if prototype is None or prototype.workshop_id != participant.workshop_id or prototype.hidden:
        raise NotFound(_l("This prototype does not exist."), field="prototype_id")
    if prototype.author_id != participant.id and prototype.theme_id != participant.theme_id:
        raise Forbidden(_l("Only the prototype's own table can add its photo."))
    data, width, height = reencode(upload)
    # A new photo is a new row (new id, new address): screens and caches never mix the two.
    db.session.execute(delete(Photo).where(Photo.prototype_id == prototype.id))
    photo = Photo(
        workshop_id=prototype.workshop_id,
        prototype_id=prototype.id,
        author_id=participant.id,
        data=data,
        width=width,
        height=height,
    )
    db.session.add(photo)
    db.session.flush()
    changes.record(prototype.workshop_id, "prototype", prototype.id)
    return photo


def photo_ids(workshop_id: int) -> dict[int, int]:
    """Prototype id → its photo's id, for one workshop (one query, for the wall)."""
    rows = db.session.execute(
        select(Photo.prototype_id, Photo.id).where(Photo.workshop_id == workshop_id)
    )
    return {prototype_id: photo_id for prototype_id, photo_id in rows}


def photo_url(code: str, photo_id: int) -> str:
    """Where screens load a photo (a path: deltas are built outside any request)."""
    return f"/w/{code}/photos/{photo_id}.jpg"


def get_photo(workshop_id: int, photo_id: int) -> Photo:
    """A photo of this workshop whose prototype is on the wall."""
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.workshop_id != workshop_id:
        raise NotFound(_l("This photo no longer exists."))
    prototype = db.session.get(Prototype, photo.prototype_id)
    if prototype is None or prototype.hidden:
        raise NotFound(_l("This photo no longer exists."))
    return photo

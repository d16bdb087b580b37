"""Photo of a paper prototype: a plain multipart form from the phone, served back as a JPEG.

An upload is a file, not a Socket.IO event (64 KB at most there), so it is an HTTP post that
works with or without JavaScript; the rest of the room sees the photo through the usual delta.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import IntegerField
from wtforms.validators import InputRequired

from .. import services
from ..auth.session import current_facilitator
from ..extensions import db
from ..facilitator.membership import current_member
from ..services import photos
from . import bp
from .identity import current_participant
from .routes import refused_page


class PhotoForm(FlaskForm):
    """Which prototype, and the photo (CSRF-checked like every form); the file itself is
    judged by ``services.photos``."""

    prototype_id = IntegerField(validators=[InputRequired()])
    photo = FileField()


@bp.post("/w/<code>/photo")
def add_photo(code: str) -> Response | tuple[str, int]:
    """Take the photo, re-encode it, show it on the prototype; a refusal says why on the page."""
    # Larger than a form (MAX_CONTENT_LENGTH), for this route only: phone photos are megabytes.
    request.max_content_length = photos.MAX_UPLOAD_BYTES + 64 * 1024
    workshop = _workshop(code)
    participant = current_participant(workshop)
    if participant is None:
        return redirect(url_for("participate.join", code=workshop.code))
    try:
        form = PhotoForm()
    except RequestEntityTooLarge:
        return refused_page(workshop, participant, "add_photo", None, str(photos.TOO_BIG))[0], 413
    if not form.validate_on_submit() or form.photo.data is None:
        message = _("Choose a photo first.")
        return refused_page(workshop, participant, "add_photo", form, message)
    try:
        services.add_photo(participant, form.prototype_id.data, form.photo.data.stream)
        db.session.commit()
    except services.ServiceError as err:
        db.session.rollback()
        return refused_page(workshop, participant, "add_photo", form, str(err.message))
    flash(_("Photo added. Everyone sees it on the prototype."))
    return redirect(
        url_for(
            "participate.phone", code=workshop.code, _anchor=f"prototype-{form.prototype_id.data}"
        )
    )


@bp.get("/w/<code>/photos/<int:photo_id>.jpg")
def photo(code: str, photo_id: int) -> Response:
    """The photo, to people of the workshop only: its participants, trainer and team."""
    workshop = _workshop(code)
    facilitator = current_facilitator()
    allowed = (
        current_participant(workshop) is not None
        or (facilitator is not None and facilitator.id == workshop.facilitator_id)
        or current_member(workshop) is not None
    )
    if not allowed:
        abort(403)
    try:
        stored = photos.get_photo(workshop.id, photo_id)
    except services.NotFound:
        abort(404)
    response = Response(stored.data, mimetype="image/jpeg")
    # The bytes are ours (re-encoded), and still: never sniffed as anything else, never a page.
    response.headers["Content-Disposition"] = f'inline; filename="prototype-{photo_id}.jpg"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # A photo's address changes when it is replaced: cache it in this browser for good.
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def _workshop(code: str):
    try:
        return services.get_workshop_by_code(code)
    except services.NotFound:
        abort(404)

"""Facilitator accounts: the only passwords in Tavola."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import Facilitator
from .errors import InvalidInput

PASSWORD_MIN = 8
USERNAME_MAX = 120
# Compared against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("tavola-timing-equaliser")


def facilitator_exists() -> bool:
    """Whether any facilitator account exists (if not, first-run set-up is open)."""
    return bool(db.session.scalar(select(func.count()).select_from(Facilitator)))


def create_facilitator(username: str, password: str) -> Facilitator:
    """Create a facilitator with a hashed password."""
    username = (username or "").strip().lower()
    if not username or len(username) > USERNAME_MAX:
        raise InvalidInput(_l("Choose a user name."), field="username")
    if len(password or "") < PASSWORD_MIN:
        raise InvalidInput(
            _l("The password needs at least %(n)d characters.", n=PASSWORD_MIN), field="password"
        )
    if db.session.scalar(select(Facilitator.id).where(Facilitator.username == username)):
        raise InvalidInput(_l("This user name is taken."), field="username")
    facilitator = Facilitator(username=username, password_hash=generate_password_hash(password))
    db.session.add(facilitator)
    db.session.flush()
    return facilitator


def authenticate(username: str, password: str) -> Facilitator | None:
    """The facilitator whose credentials these are, or None."""
    facilitator = db.session.scalar(
        select(Facilitator).where(Facilitator.username == (username or "").strip().lower())
    )
    if facilitator is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(facilitator.password_hash, password or ""):
        return None
    return facilitator

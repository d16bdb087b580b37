"""Log-in and first-run set-up forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import Form, at_most
from ..services.accounts import PASSWORD_MIN, USERNAME_MAX


class LoginForm(Form):
    """A facilitator's credentials."""

    username = StringField(_l("User name"), validators=[DataRequired(_l("Type your user name."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Type your password."))])


class FacilitatorForm(Form):
    """Creating a facilitator account."""

    username = StringField(
        _l("User name"),
        validators=[
            DataRequired(_l("Choose a user name.")),
            at_most(USERNAME_MAX),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN,
                message=_l("The password needs at least %(min)d characters.", min=PASSWORD_MIN),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
    )

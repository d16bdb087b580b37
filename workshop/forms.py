"""Form pieces shared by every area: the base form and field types."""

from __future__ import annotations

import re
from typing import Any

from babel.support import Translations
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectMultipleField, StringField
from wtforms.i18n import messages_path
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

#: Half of a UTF-16 surrogate pair on its own: JSON can carry one ("\\ud800", say from a phone
#: script that cut an emoji in two), but no database can store it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def strip_text(value: Any) -> Any:
    """Trim surrounding white space, so length limits count what is actually kept.

    Also what no database keeps and nobody types: a NUL character (PostgreSQL refuses text
    with one) is dropped, and a lone surrogate becomes U+FFFD, as Werkzeug already does for
    the same text posted as a form, so both doors store the same.
    """
    if not isinstance(value, str):
        return value
    return _LONE_SURROGATE.sub("\ufffd", value.replace("\x00", "")).strip()


#: The database keeps whole numbers in 64 bits (SQLite raises on a larger one instead of
#: finding nothing), and no id, count or duration of a workshop comes anywhere near.
INTEGER_MAX = 2**63 - 1
TOO_BIG = _l("This number is too big.")


def within_integer_range(value: Any) -> Any:
    """Refuse a number (or a list of them) the database cannot hold, as a field error."""
    for number in value if isinstance(value, list) else [value]:
        if isinstance(number, int) and not -INTEGER_MAX - 1 <= number <= INTEGER_MAX:
            raise ValueError(TOO_BIG)
    return value


#: WTForms' own messages ("Not a valid integer value.") per locale, parsed once per process.
_wtforms_messages: dict[str, Translations] = {}


def wtforms_messages() -> Translations | None:
    """WTForms' built-in messages in the reader's language.

    Flask-WTF reads WTForms' catalogue from disk once per request, and every Socket.IO event is
    a request of its own: at 200 votes a second that was a tenth of the server's time.
    """
    if not current_app.config.get("WTF_I18N_ENABLED", True):
        return None
    locale = str(get_locale() or "en")
    messages = _wtforms_messages.get(locale)
    if messages is None:
        messages = Translations.load(messages_path(), [locale], domain="wtforms")
        _wtforms_messages[locale] = messages
    return messages


class Form(FlaskForm):
    """Base of every Tavola form: text fields are trimmed before they are validated."""

    class Meta:
        def get_translations(self, form: Any) -> Translations | None:
            return wtforms_messages()

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            field_class = unbound_field.field_class
            own_filters = list(unbound_field.kwargs.get("filters") or [])
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                # Passed to bind(), not written into the shared class-level field definition.
                filters = [strip_text, *own_filters]
                return unbound_field.bind(form=form, filters=filters, **options)
            if issubclass(field_class, IntegerField) or unbound_field.kwargs.get("coerce") is int:
                # Every id, score and count: one too big for the database is a field error,
                # from a Socket.IO payload and a form post alike.
                filters = [within_integer_range, *own_filters]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (big targets on a phone, no JS needed)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def at_most(limit: int) -> Length:
    """A length limit that tells the person the limit, in their language."""
    return Length(max=limit, message=_l("This is too long: at most %(max)d characters.", max=limit))

"""Form pieces shared by every area: the base form and field types."""

from __future__ import annotations

from typing import Any

from babel.support import Translations
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectMultipleField, StringField
from wtforms.i18n import messages_path
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget


def strip_text(value: Any) -> Any:
    """Trim surrounding white space, so length limits count what is actually kept."""
    return value.strip() if isinstance(value, str) else value


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
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                # Passed to bind(), not written into the shared class-level field definition.
                filters = [strip_text, *(unbound_field.kwargs.get("filters") or [])]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (big targets on a phone, no JS needed)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def at_most(limit: int) -> Length:
    """A length limit that tells the person the limit, in their language."""
    return Length(max=limit, message=_l("This is too long: at most %(max)d characters.", max=limit))

"""Form pieces shared by every area: the base form and field types."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectMultipleField, StringField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget


def strip_text(value: Any) -> Any:
    """Trim surrounding white space, so length limits count what is actually kept."""
    return value.strip() if isinstance(value, str) else value


class Form(FlaskForm):
    """Base of every Tavola form: text fields are trimmed before they are validated."""

    class Meta:
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

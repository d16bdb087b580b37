"""What an interface string reads in a shipped language, from its catalogue (browser tests check
translated pages without copying translations into the tests)."""

from __future__ import annotations

from functools import cache

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from workshop.i18n import TRANSLATIONS


@cache
def _catalogue(code: str) -> Catalog:
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


def tr(code: str, msgid: str) -> str:
    """``msgid`` in the language ``code`` (English for ``en``)."""
    if code == "en":
        return msgid
    message = _catalogue(code).get(msgid)
    assert message is not None and message.string, f"{msgid!r} is not translated into {code}"
    return message.string

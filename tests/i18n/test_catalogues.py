"""Every interface string is translated into every language Tavola ships, with its placeholders.

The strings are extracted afresh from the code and templates, so a new ``_()`` that nobody
translated fails here, naming the language and the string.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from workshop.i18n import TRANSLATIONS
from workshop.languages import UI_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in UI_LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory):
    """The strings the code and templates use today."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F",
         str(ROOT / "babel.cfg"), "-k", "_l", "-o", str(pot), str(ROOT)],
        check=True,
    )  # fmt: skip
    with pot.open("rb") as handle:
        return read_po(handle)


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_string_is_translated_with_the_same_placeholders(code: str, template) -> None:
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"no catalogue for {code}: flask --app workshop translate init {code}"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    problems = []
    for wanted in template:
        if not wanted.id:
            continue
        got = catalogue.get(wanted.id)
        ident = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
        if got is None:
            problems.append(f"missing (run `translate update`): {ident!r}")
            continue
        forms = _forms(got)[: catalogue.num_plurals] if got.pluralizable else _forms(got)
        if got.fuzzy or not all(form.strip() for form in forms):
            problems.append(f"untranslated or fuzzy: {ident!r}")
            continue
        source = set(PLACEHOLDER.findall(ident))
        for form in forms:
            if set(PLACEHOLDER.findall(form)) != source:
                problems.append(f"placeholders differ: {ident!r} → {form!r}")
    assert not problems, f"{code}: {len(problems)} problems\n" + "\n".join(problems[:40])


def test_every_shipped_language_has_a_catalogue_and_nothing_else_hides_there() -> None:
    shipped = {p.name for p in TRANSLATIONS.iterdir() if p.is_dir()}
    assert shipped == set(TRANSLATED)

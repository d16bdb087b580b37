"""Every script a phone loads parses as ES2017, so Chromium 58+ (old Android phones) runs it.

Phones in the room are often years old. A single optional chain (``a?.b``), ``??``, object
spread or class field in one file is a syntax error there and the whole file does not run, so
the phone loses its live page without any message. esprima 4 parses ES2017; the few ES2018
forms it still accepts (object rest/spread, regex lookbehind) are rejected by walking the tree.
"""

from __future__ import annotations

from pathlib import Path

import esprima
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "static" / "js").glob("*.js")) + sorted(
    (ROOT / "static" / "vendor").rglob("*.js")
)


def newer_than_es2017(source: str) -> list[str]:
    """What in ``source`` is newer than ES2017 (empty when it all parses as ES2017)."""
    found: list[str] = []

    def visit(node, meta) -> None:
        kind = node.type
        if kind == "ObjectExpression" and any(p.type == "SpreadElement" for p in node.properties):
            found.append(f"object spread at line {meta.start.line}")
        elif kind == "ObjectPattern" and any(p.type == "RestElement" for p in node.properties):
            found.append(f"object rest at line {meta.start.line}")
        elif kind == "Literal" and getattr(node, "regex", None) and "(?<" in node.regex.pattern:
            found.append(f"regex lookbehind or named group at line {meta.start.line}")

    try:
        esprima.parseScript(source, delegate=visit)
    except esprima.Error as err:
        found.append(f"not ES2017: {err}")
    return found


def test_the_scripts_include_the_vendored_socket_io_client():
    assert any("socket.io" in path.name for path in SCRIPTS)
    assert any(path.name == "live.js" for path in SCRIPTS)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_script_parses_as_es2017(path: Path):
    assert newer_than_es2017(path.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "a?.b",
        "a ?? b",
        "x = {...a}",
        "const {a, ...rest} = o",
        "class A { x = 1 }",
        "async function f() { for await (const x of y) {} }",
        "try {} catch {}",
        "/(?<=a)b/",
    ],
)
def test_newer_syntax_is_caught(source: str):
    assert newer_than_es2017(source)

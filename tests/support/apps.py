"""How every test app is configured, importable from any test module.

It lives here and not in ``conftest.py`` because a bare ``import conftest`` resolves to
whichever ``conftest`` module pytest imported first (``tests/realtime/conftest.py`` in a full
run), so the name would only be found when a directory is run on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def app_config(database_url: str, tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    """What every test app is made with (no CSRF, no broadcast loop), plus ``overrides``."""
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test",
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "BROADCAST_AUTOSTART": False,
        "INSTANCE_PATH": tmp_path / "instance",
        **overrides,
    }

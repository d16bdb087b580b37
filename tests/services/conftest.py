"""Helpers for the service-layer tests (the factories and ``postgres_url`` live in
``tests/conftest.py``).

Every service test runs twice: on a fresh SQLite file and on the real PostgreSQL server
(``TAVOLA_TEST_POSTGRES_URL``, default the local ``test`` database). Without a reachable
PostgreSQL the second run is skipped with the reason in pytest's summary; under CI (``CI`` set)
it fails instead, so CI never passes without having used the real database.

Each pytest run works in a schema of its own inside that database (made at the start, dropped at
the end), so two runs at once — CI and a developer, or two worktrees — never drop each other's
tables.
"""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Each service test on SQLite, then on PostgreSQL (in this run's own schema)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_url")

"""Helpers for the service-layer tests (the factories live in ``tests/conftest.py``).

Every service test runs twice: on a fresh SQLite file and on the real PostgreSQL server
(``TAVOLA_TEST_POSTGRES_URL``, default the local ``test`` database). Without a reachable
PostgreSQL the second run is skipped with the reason in pytest's summary; under CI (``CI`` set)
it fails instead, so CI never passes without having used the real database.
"""

from __future__ import annotations

import functools
import os

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

POSTGRES_URL = os.environ.get(
    "TAVOLA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@functools.cache
def postgres_unreachable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return None
    except OperationalError as err:
        return f"PostgreSQL not reachable at {engine.url.render_as_string()}: {err.orig}"
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Each service test on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    reason = postgres_unreachable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the service tests on PostgreSQL)")
        pytest.skip(reason + " — these service tests ran on SQLite only")
    return POSTGRES_URL

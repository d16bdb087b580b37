"""Helpers for the service-layer tests (the factories live in ``tests/conftest.py``).

Every service test runs twice: on a fresh SQLite file and on the real PostgreSQL server
(``TAVOLA_TEST_POSTGRES_URL``, default the local ``test`` database). Without a reachable
PostgreSQL the second run is skipped with the reason in pytest's summary; under CI (``CI`` set)
it fails instead, so CI never passes without having used the real database.

Each pytest run works in a schema of its own inside that database (made at the start, dropped at
the end), so two runs at once — CI and a developer, or two worktrees — never drop each other's
tables.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url
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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL of ``POSTGRES_URL`` whose search path is a schema of this run's own."""
    reason = postgres_unreachable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the service tests on PostgreSQL)")
        pytest.skip(reason + " — these service tests ran on SQLite only")
    schema = f"run_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Each service test on SQLite, then on PostgreSQL (in this run's own schema)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_url")

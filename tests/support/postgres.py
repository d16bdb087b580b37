"""The real PostgreSQL server the service and scale-out tests use, and whether it answers."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

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


def require_postgres(purpose: str) -> None:
    """Skip the test when PostgreSQL does not answer; under CI (``CI`` set) fail instead."""
    reason = postgres_unreachable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must run {purpose} on PostgreSQL)")
        pytest.skip(f"{reason} — {purpose} skipped")


@contextmanager
def own_schema(prefix: str) -> Iterator[str]:
    """A URL of ``POSTGRES_URL`` whose search path is a new, empty schema, dropped afterwards.

    Every user of the shared server gets one (a pytest run's service tests, the scale-out
    cluster, one migration test), so nothing one leaves behind — tables, ``alembic_version`` —
    is found by another, and two runs at once never meet.
    """
    schema = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
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

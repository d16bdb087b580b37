"""The real PostgreSQL server the service and scale-out tests use, and whether it answers."""

from __future__ import annotations

import functools
import os

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

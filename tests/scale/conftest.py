"""Several server processes sharing PostgreSQL and Redis, as a scaled-out deployment does.

Each pytest run uses a PostgreSQL schema and a Redis channel of its own, so CI and a developer
(or two worktrees) never see each other's data or broadcasts. Without PostgreSQL or Redis these
tests are skipped with the reason in pytest's summary; under CI (``CI`` set) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from support.postgres import own_schema, require_postgres
from support.server import LiveServer, start_server

REDIS_URL = os.environ.get("TAVOLA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_unreachable() -> str | None:
    """Why Redis cannot be used, or None when it answers."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as err:
        return f"Redis not reachable at {REDIS_URL}: {err}"
    return None


@pytest.fixture(scope="module")
def cluster_database() -> Iterator[str]:
    """The cluster's PostgreSQL database: a schema of its own, gone after the module."""
    require_postgres("the scale-out tests")
    with own_schema("scale") as url:
        yield url


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, cluster_database) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Two server processes (run.py, gunicorn + gevent) on one PostgreSQL schema and one Redis
    channel: what several processes behind a sticky proxy are."""
    reason = redis_unreachable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the scale-out tests on Redis)")
        pytest.skip(reason)
    shared = {"REDIS_URL": REDIS_URL, "TAVOLA_SOCKETIO_CHANNEL": f"tavola-test-{uuid.uuid4()}"}
    first = start_server(tmp_path_factory.mktemp("a"), cluster_database, **shared)
    second = start_server(
        tmp_path_factory.mktemp("b"), cluster_database, create_facilitator=False, **shared
    )
    yield first, second
    second.stop()
    first.stop()

"""Render workers: exports are made in another process, and a stuck or dead worker never takes
the server's downloads down with it."""

from __future__ import annotations

import json

import pytest

from workshop.reports.worker import RenderFailed, WorkerPool


@pytest.fixture
def pool():
    workers = WorkerPool(1)
    yield workers
    workers.close()


def test_a_worker_makes_the_export_in_another_process(pool, demo_record):
    record = demo_record("workshop")

    assert json.loads(pool.render([record], "json", "en")) == record
    assert pool.all[0].process.pid and pool.all[0].alive()


def test_a_worker_that_does_not_answer_in_time_is_stopped_and_replaced(pool, demo_record):
    record = demo_record("workshop")
    pool.timeout = 0.01  # less than a worker needs to start

    with pytest.raises(RenderFailed, match="no answer within"):
        pool.render([record], "pdf", "en")
    assert pool.all == []

    pool.timeout = 120
    assert pool.render([record], "pdf", "en").startswith(b"%PDF-")


def test_exports_wait_their_turn_for_the_one_worker(pool, demo_record):
    from concurrent.futures import ThreadPoolExecutor

    record = demo_record("workshop")
    with ThreadPoolExecutor(3) as threads:
        answers = list(threads.map(lambda fmt: pool.render([record], fmt, "en"), ["json"] * 3))

    assert all(json.loads(a) == record for a in answers)
    assert len(pool.all) == 1

"""Processes of a scaled-out deployment start together; each migrates the shared database on
start (run.py), so they must take turns rather than race to create the same tables."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, inspect, make_url
from support.postgres import POSTGRES_URL, postgres_unreachable

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_four_processes_migrating_a_new_database_at_once_all_succeed(tmp_path):
    reason = postgres_unreachable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    env = {
        **os.environ,
        "DATABASE_URL": url.render_as_string(hide_password=False),
        "SECRET_KEY": "x",
    }
    try:
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "workshop", "init-db"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(4)
        ]
        outputs = [run.communicate(timeout=120)[0] for run in runs]

        assert [run.returncode for run in runs] == [0, 0, 0, 0], outputs
        assert sum("Created the database" in out for out in outputs) == 1
        check = create_engine(url)
        assert inspect(check).has_table("workshops")
        check.dispose()
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()

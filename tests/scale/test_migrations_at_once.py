"""Processes of a scaled-out deployment start together; each migrates the shared database on
start (run.py), so they must take turns rather than race to create the same tables."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import create_engine, inspect
from support.postgres import own_schema, require_postgres

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_four_processes_migrating_a_new_database_at_once_all_succeed():
    require_postgres("the migration test")
    with own_schema("mig") as url:
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "x"}
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

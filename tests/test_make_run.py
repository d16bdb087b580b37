"""``make run`` on a fresh machine: its own virtualenv with only the runtime dependencies.

The test suite's own environment has extra packages (pytest, playwright …) that can hide a
missing runtime dependency, so this installs into a new virtualenv exactly as ``make run`` does,
starts the server, and follows the printed one-time link as a new trainer would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
from support.server import ROOT, free_port

pytestmark = pytest.mark.server


def test_make_run_installs_starts_and_prints_a_working_first_login_link(tmp_path: Path):
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
        "SECRET_KEY": "",
    }
    env.pop("SECRET_KEY")
    log = (tmp_path / "make-run.log").open("w")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    output = ""
    try:
        deadline = time.monotonic() + 300
        link = None
        while time.monotonic() < deadline and process.poll() is None:
            output = (tmp_path / "make-run.log").read_text()
            match = re.search(rf"http://127\.0\.0\.1:{port}/setup/\S+", output)
            if match and "Booting worker" in output:
                link = match.group(0)
                break
            time.sleep(0.5)
        assert link, f"no set-up link printed:\n{output}"
        assert f"On this computer:  http://127.0.0.1:{port}" in output
        for _ in range(50):
            try:
                page = requests.get(link, timeout=3)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert page.status_code == 200
        assert "Create the first facilitator account" in page.text
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        log.close()

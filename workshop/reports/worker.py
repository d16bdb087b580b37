"""Render exports in separate processes, so a PDF made during a live workshop never stalls a room.

A PDF takes a second or more of pure-Python CPU (WeasyPrint). Run in the server process, it
would hold the event loop (gevent) or the GIL (a thread) while 30 phones wait for their dots.
So the server builds the JSON record (a few fast queries) and hands it to a render worker: a
long-lived child process (``python -m workshop.reports.worker``) that keeps the app, the
templates and WeasyPrint loaded, reads one request per line on stdin and answers on stdout.

Why not ``concurrent.futures.ProcessPoolExecutor``: it hangs under gevent's monkey-patching
(its queues use threads and blocking pipes); gevent supports ``subprocess``, whose pipes it makes
cooperative, so waiting for a worker lets every other greenlet run.

``REPORT_WORKERS`` (default 1) workers at most per server process, started on first use; a
worker idle for ``REPORT_WORKER_IDLE`` seconds (default 300) exits to give its memory back; one
that has not answered within ``REPORT_TIMEOUT`` seconds (default 120) is killed and replaced.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import select
import subprocess
import sys
from typing import IO, Any

from flask import Flask


class RenderFailed(RuntimeError):
    """The worker could not make the export (its message says why)."""


class _Worker:
    """One child process and its pipes."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workshop.reports.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def ask(self, request: dict[str, Any], timeout: float) -> bytes:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(json.dumps(request, ensure_ascii=False).encode() + b"\n")
        stdin.flush()
        # One request at a time, so nothing is buffered yet: waiting on the pipe is safe, and
        # cooperative under gevent (select is patched).
        if not select.select([stdout], [], [], timeout)[0]:
            raise TimeoutError(f"no answer within {timeout:.0f} s")
        header = stdout.readline().decode().split()
        if len(header) != 2:
            raise BrokenPipeError("the render worker stopped")
        status, size = header[0], int(header[1])
        body = _read_exactly(stdout, size)
        if status != "ok":
            raise RenderFailed(body.decode(errors="replace"))
        return body

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise BrokenPipeError("the render worker stopped mid-answer")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class WorkerPool:
    """At most ``size`` workers; callers wait (cooperatively) for a free one."""

    def __init__(self, size: int, timeout: float = 120) -> None:
        self.size = size
        self.timeout = timeout
        self.free: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(size):
            self.free.put(None)  # a slot whose worker starts when first needed
        self.all: list[_Worker] = []
        atexit.register(self.close)

    def render(self, records: list[dict[str, Any]], fmt: str, language: str) -> bytes:
        """The export, made by a worker; a worker that died (idle exit, crash) is replaced."""
        worker = self.free.get()
        try:
            for attempt in (1, 2):
                if worker is not None and not worker.alive():
                    worker = self._discard(worker)  # exited while idle, or crashed
                if worker is None:
                    worker = _Worker()
                    self.all.append(worker)
                try:
                    request = {"records": records, "format": fmt, "language": language}
                    return worker.ask(request, self.timeout)
                except TimeoutError as err:  # stuck: kill it, the next export gets a new one
                    worker = self._discard(worker)
                    raise RenderFailed(str(err)) from None
                except (BrokenPipeError, OSError):
                    worker = self._discard(worker)
                    if attempt == 2:
                        raise RenderFailed("the render worker stopped") from None
            raise AssertionError("unreachable")
        finally:
            self.free.put(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.stop()
        self.all.remove(worker)

    def close(self) -> None:
        for worker in self.all:
            worker.stop()
        self.all.clear()


def render_export(app: Flask, records: list[dict[str, Any]], fmt: str, language: str) -> bytes:
    """Make an export for a web request: in a render worker, off this process's event loop."""
    pool = app.extensions.get("tavola_render_pool")
    if pool is None:
        pool = app.extensions["tavola_render_pool"] = WorkerPool(
            app.config["REPORT_WORKERS"], app.config["REPORT_TIMEOUT"]
        )
    return pool.render(records, fmt, language)


def main() -> None:
    """The worker's loop: one JSON request per line in, ``ok|error <size>`` and the bytes out."""
    from .. import create_app
    from . import render as formats

    app = create_app(
        {"SECRET_KEY": "render-worker", "DATABASE_URL": "sqlite://", "REDIS_URL": None}
    )
    idle = float(os.environ.get("REPORT_WORKER_IDLE", "300"))
    out = sys.stdout.buffer
    with app.test_request_context():
        while True:
            ready, _, _ = select.select([sys.stdin], [], [], idle)
            if not ready:
                return  # idle: give the memory back; the server starts a new one when needed
            line = sys.stdin.buffer.readline()
            if not line:
                return
            try:
                request = json.loads(line)
                body = formats.render(request["records"], request["format"], request["language"])
                status = b"ok"
            except Exception as err:  # the server shows the message; the worker lives on
                body, status = f"{type(err).__name__}: {err}".encode(), b"error"
            out.write(status + b" %d\n" % len(body) + body)
            out.flush()


if __name__ == "__main__":
    main()

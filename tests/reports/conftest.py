"""Records to export: each demo session built once per test run, exported as the JSON record.

Every report format is built from the record alone, so most report tests need no database:
they take a record from here (a deep copy, free to change) and render it inside ``report_app``'s
context, which carries the catalogues and templates.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from workshop import create_app
from workshop.demo import build_demo
from workshop.extensions import db
from workshop.reports.json_export import export_workshop


@pytest.fixture(scope="session")
def report_app(tmp_path_factory) -> Iterator[Flask]:
    """One app for the whole run, on a database holding every demo session."""
    folder = tmp_path_factory.mktemp("reports")
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'reports.db'}",
            "SECRET_KEY": "test",
            "TESTING": True,
            "BROADCAST_AUTOSTART": False,
            "INSTANCE_PATH": folder / "instance",
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def _records(report_app) -> dict[str, dict[str, Any]]:
    records = {}
    with report_app.app_context():
        for template in ("listening", "workshop", "meeting", "review"):
            workshop, _password = build_demo(template, 7)
            db.session.commit()
            records[template] = export_workshop(workshop)
    return records


@pytest.fixture
def demo_record(_records) -> Callable[[str], dict[str, Any]]:
    """``demo_record("workshop")``: a fresh copy of that demo session's JSON record."""
    return lambda template="workshop": copy.deepcopy(_records[template])

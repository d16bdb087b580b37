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

from workshop import create_app, services
from workshop.demo import build_demo
from workshop.extensions import db
from workshop.models import Stage
from workshop.reports.json_export import export_workshop
from workshop.services.actors import Actor
from workshop.services.imports import import_problems

#: The prototype the follow-up workshop builds on a card first raised in the listening session.
FOLLOW_UP_PROTOTYPE = "Enrolment desk open on Saturdays"


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
        records["programme_listening"], records["programme_workshop"] = _programme(
            records["meeting"]
        )
    return records


def _programme(meeting: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The listening session the meeting demo imported from, and a workshop after the meeting
    that imports the meeting's cards and answers one of them with a prototype: a problem's
    whole way, listening session → meeting → prototype."""
    from_listening = {p["id"] for p in meeting["problems"] if p["source"]}
    listening = services.get_workshop_by_code(
        next(p["source"]["workshop_code"] for p in meeting["problems"] if p["source"])
    )
    met = services.get_workshop_by_code(meeting["workshop"]["code"])
    follow_up = services.create_workshop(
        met.facilitator, title="Workshop: the school's welcome", template="workshop"
    )
    cards = import_problems(Actor.trainer(follow_up), met.id)
    card = next(c for c in cards if c.theme_id is not None and c.source_id in from_listening)
    person = services.join(follow_up, role="resident", theme_id=card.theme_id)
    services.advance_stage(follow_up, Stage.PROTOTYPES)
    services.create_prototype(
        person,
        title=FOLLOW_UP_PROTOTYPE,
        problem_ids=[card.id],
        what_changes="The enrolment desk opens on Saturday mornings.",
    )
    db.session.commit()
    return export_workshop(listening), export_workshop(follow_up)


@pytest.fixture
def demo_record(_records) -> Callable[[str], dict[str, Any]]:
    """``demo_record("workshop")``: a fresh copy of that demo session's JSON record (also
    ``"programme_listening"`` and ``"programme_workshop"``, the meeting's neighbours)."""
    return lambda template="workshop": copy.deepcopy(_records[template])

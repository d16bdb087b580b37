"""Fixtures shared by the whole suite: an app on a throw-away database, and factories.

The database is a fresh SQLite file per test, or the PostgreSQL database named by
``TAVOLA_TEST_DATABASE_URL`` (emptied before and after each test, so tests stay isolated).

Factories follow Indico's style: a fixture returns a callable taking keyword overrides, builds
the object through the service layer (so fixtures obey the same rules as the app) and commits.
They need an app context, which they push through ``app_ctx``.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select
from support.apps import app_config
from support.postgres import own_schema, require_postgres

from workshop import create_app, services
from workshop.extensions import db
from workshop.models import (
    Facilitator,
    Participant,
    Problem,
    Prototype,
    Stage,
    TeamRole,
    Theme,
    Workshop,
)

#: The password every factory-made facilitator gets unless told otherwise.
FACILITATOR_PASSWORD = "correct horse battery"


@pytest.fixture
def database_url(tmp_path) -> str:
    """The database the test runs on: PostgreSQL if configured, else a new SQLite file."""
    return os.environ.get("TAVOLA_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app(tmp_path, database_url) -> Iterator[Flask]:
    """The application on an empty database with every table created."""
    app = create_app(app_config(database_url, tmp_path))
    shared = not database_url.startswith("sqlite")
    with app.app_context():
        if shared:  # a shared server database may hold a previous (crashed) run's tables
            db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if shared:
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for ``app``'s CLI commands."""
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    """An app context and a request context, for calling services directly.

    Services raise Flask-Babel lazy strings, which need a request (for the locale) to render.
    """
    with app.app_context(), app.test_request_context():
        yield app


@pytest.fixture
def make_facilitator(app_ctx) -> Callable[..., Facilitator]:
    """``make_facilitator(username=..., password=...)``: a facilitator account."""
    numbers = itertools.count(1)

    def make(username: str | None = None, password: str = FACILITATOR_PASSWORD) -> Facilitator:
        facilitator = services.create_facilitator(username or f"trainer{next(numbers)}", password)
        db.session.commit()
        return facilitator

    return make


@pytest.fixture
def make_workshop(make_facilitator) -> Callable[..., Workshop]:
    """``make_workshop(facilitator=None, title=..., dot_budget=3, stage=None, **kw)``.

    Without a facilitator, all workshops of a test share one; ``stage`` moves the new workshop
    there with :func:`services.advance_stage`; other keywords go to ``create_workshop``.
    """
    default: list[Facilitator] = []

    def make(
        facilitator: Facilitator | None = None,
        title: str = "Living in Prato",
        dot_budget: int = 3,
        stage: Stage | str | None = None,
        **kw: Any,
    ) -> Workshop:
        if facilitator is None:
            if not default:
                default.append(make_facilitator())
            facilitator = default[0]
        workshop = services.create_workshop(facilitator, title=title, dot_budget=dot_budget, **kw)
        if stage is not None:
            services.advance_stage(workshop, stage)
        db.session.commit()
        return workshop

    return make


@pytest.fixture
def make_participant(app_ctx) -> Callable[..., Participant]:
    """``make_participant(workshop, role="resident", theme=None, display_name=None)``.

    ``theme`` is a :class:`Theme` of the workshop, by default its first table.
    """

    def make(
        workshop: Workshop,
        role: str = "resident",
        theme: Theme | None = None,
        display_name: str | None = None,
        **kw: Any,
    ) -> Participant:
        theme = theme or workshop.themes[0]
        participant = services.join(
            workshop, role=role, theme_id=theme.id, display_name=display_name, **kw
        )
        db.session.commit()
        return participant

    return make


@pytest.fixture
def make_problem(app_ctx) -> Callable[..., Problem]:
    """``make_problem(participant, text=...)``: a card at the participant's table.

    Moves the workshop to the Problems stage first if it is elsewhere.
    """
    numbers = itertools.count(1)

    def make(participant: Participant, text: str | None = None) -> Problem:
        services.advance_stage(participant.workshop, Stage.PROBLEMS)
        problem = services.post_problem(
            participant, text or f"Problem {next(numbers)}: the school forms are only in Italian"
        )
        db.session.commit()
        return problem

    return make


@pytest.fixture
def make_prototype(app_ctx) -> Callable[..., Prototype]:
    """``make_prototype(participant, title=..., problems=None, **canvas)``: a prototype.

    Moves the workshop to the Prototypes stage first if it is elsewhere. Without ``problems``
    it answers its table's first problem, if the table has one (a prototype must answer one).
    """
    numbers = itertools.count(1)

    def make(
        participant: Participant,
        title: str | None = None,
        problems: tuple[Problem, ...] | list[Problem] | None = None,
        what_changes: str = "Forms in five languages",
        **kw: Any,
    ) -> Prototype:
        services.advance_stage(participant.workshop, Stage.PROTOTYPES)
        if problems is None:
            first = db.session.scalar(
                select(Problem).where(Problem.theme_id == participant.theme_id).order_by(Problem.id)
            )
            problems = [first] if first else []
        prototype = services.create_prototype(
            participant,
            title=title or f"Prototype {next(numbers)}",
            problem_ids=[p.id for p in problems],
            what_changes=what_changes,
            **kw,
        )
        db.session.commit()
        return prototype

    return make


@pytest.fixture
def member_of(app_ctx) -> Callable[..., services.Actor]:
    """``member_of(workshop, role, theme=None)``: a team member invited with ``role`` (a table
    facilitator at ``theme``), as the :class:`~workshop.services.Actor` they act as."""

    def make(workshop: Workshop, role: TeamRole | str, theme: Theme | None = None):
        member = services.invite(workshop, role, theme_id=theme.id if theme else None)
        db.session.commit()
        return services.Actor.of_member(member)

    return make


@pytest.fixture
def count_rows(app_ctx) -> Callable[[type], int]:
    """``count_rows(Model)``: how many rows of that model are saved."""

    def count(model: type) -> int:
        return db.session.scalar(select(func.count()).select_from(model))

    return count


@pytest.fixture
def move_to(app_ctx) -> Callable[[Workshop, Stage], Workshop]:
    """``move_to(workshop, stage)``: the trainer moves the room, and it is committed."""

    def move(workshop: Workshop, stage: Stage) -> Workshop:
        services.advance_stage(workshop, stage)
        db.session.commit()
        return workshop

    return move


# The real PostgreSQL server (service tests, scale-out tests)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL of ``POSTGRES_URL`` whose search path is a schema of this run's own."""
    require_postgres("the service tests")
    with own_schema("run") as url:
        yield url

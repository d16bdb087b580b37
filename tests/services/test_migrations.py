"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from workshop.cli import ensure_database
from workshop.extensions import db


@pytest.fixture
def empty_app(app):
    """The app with its tables dropped, as a brand-new database would be."""
    with app.app_context():
        db.drop_all()
        yield app
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_migrating_an_empty_database_gives_the_models_schema(empty_app):
    assert ensure_database() is True
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_migrating_twice_keeps_the_data(empty_app, make_workshop):
    ensure_database()
    code = make_workshop(title="Kept across upgrades").code
    assert ensure_database() is False
    from workshop.services import get_workshop_by_code

    assert get_workshop_by_code(code).title == "Kept across upgrades"


def test_the_initial_migration_can_be_undone(empty_app):
    upgrade()
    downgrade(revision="base")
    assert not inspect(db.engine).has_table("workshops")

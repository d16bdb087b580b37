"""Helpers for the service-layer tests (the factories live in ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from workshop import services
from workshop.extensions import db
from workshop.models import Stage, Workshop


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

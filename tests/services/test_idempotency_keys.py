"""The intent door's idempotency keys, on SQLite and PostgreSQL: stored with the change, replayed,
kept per sender, forgotten after a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from workshop import intents
from workshop.extensions import db
from workshop.intents import perform, socket_form
from workshop.models import IdempotencyKey, Problem, Stage, utcnow
from workshop.participate.forms import ProblemForm
from workshop.participate.intents import post_problem


def post(participant, text: str, key: str | None):
    return perform(
        "post_problem", post_problem, participant, socket_form(ProblemForm, {"text": text}), key
    )


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def resident(make_workshop, make_participant):
    return make_participant(make_workshop(stage=Stage.PROBLEMS))


def test_the_key_is_stored_with_the_change_and_a_retry_gets_the_same_ack(resident):
    first = post(resident, "Letters only in Italian", "key-0000001")
    again = post(resident, "Letters only in Italian", "key-0000001")
    assert first["ok"] and again == first
    assert count(Problem) == 1 and count(IdempotencyKey) == 1


def test_a_refusal_leaves_no_key_behind(resident):
    assert post(resident, "", "key-0000002")["error"] == "invalid"
    assert post(resident, "x" * 281, "key-0000002")["error"] == "invalid"
    assert count(IdempotencyKey) == 0


def test_without_a_key_nothing_is_stored(resident):
    assert post(resident, "One", None)["ok"] and post(resident, "One", "")["ok"]
    assert count(Problem) == 2 and count(IdempotencyKey) == 0


def test_keys_older_than_a_day_are_purged_when_the_next_key_is_stored(resident, monkeypatch):
    assert post(resident, "Old", "key-old-0001")["ok"]
    db.session.execute(
        IdempotencyKey.__table__.update().values(created_at=utcnow() - timedelta(days=2))
    )
    db.session.commit()
    monkeypatch.setattr(intents, "_next_purge", 0.0)

    assert post(resident, "New", "key-new-0001")["ok"]

    assert db.session.scalars(select(IdempotencyKey.key)).all() == ["key-new-0001"]
    # The old key is forgotten: the same key is now a new intent.
    assert post(resident, "Old", "key-old-0001")["ok"]
    assert count(Problem) == 3

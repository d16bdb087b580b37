"""Data protection: a participant withdraws their own cards, the trainer deletes a workshop, and
closed workshops are purged of everything personal after the retention period."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from workshop import services
from workshop.extensions import db
from workshop.models import (
    Facilitator,
    ModerationAction,
    Participant,
    Problem,
    ProblemVote,
    Prototype,
    Stage,
    StageChange,
    Support,
    Translation,
    Vote,
    Workshop,
    prototype_problems,
    utcnow,
)
from workshop.services import Actor, changes, privacy, translations


@pytest.fixture
def recorded(app_ctx):
    """The changes each committed transaction handed to the broadcaster."""
    seen: list[changes.Change] = []

    def listener(batch):
        seen.extend(batch)

    changes.subscribe(listener)
    yield seen
    changes.unsubscribe(listener)


def _room(make_workshop, make_participant, make_problem):
    workshop = make_workshop()
    author, other = make_participant(workshop), make_participant(workshop)
    card = make_problem(author, "The school forms are only in Italian")
    services.set_support(other, card.id, True)
    db.session.commit()
    return workshop, author, other, card


# ---- withdraw -----------------------------------------------------------------------------------


def test_a_participant_withdraws_their_card_and_its_me_toos_and_translations_go_too(
    make_workshop, make_participant, make_problem, recorded
):
    workshop, author, _other, card = _room(make_workshop, make_participant, make_problem)
    translations.add_translation(Actor.trainer(workshop), card.id, "it", "I moduli …")
    db.session.commit()
    card_id = card.id

    privacy.withdraw_problem(author, card_id)
    db.session.commit()

    assert db.session.get(Problem, card_id) is None
    for model in (Support, Translation):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    # Every screen learns it: the card comes as a tombstone in the next delta.
    assert changes.Change(workshop.id, "problem", card_id) in recorded
    assert services.live.problems(workshop, {card_id}) == [{"id": card_id, "gone": True}]
    assert services.live.problems(workshop, {card_id}, everything=True) == [
        {"id": card_id, "gone": True}
    ]


def test_only_the_author_can_withdraw_a_card(make_workshop, make_participant, make_problem):
    _workshop, _author, other, card = _room(make_workshop, make_participant, make_problem)

    with pytest.raises(services.Forbidden):
        privacy.withdraw_problem(other, card.id)
    db.session.rollback()
    assert db.session.get(Problem, card.id) is not None
    stranger = make_participant(make_workshop(title="Another room"))
    with pytest.raises(services.NotFound):
        privacy.withdraw_problem(stranger, card.id)


def test_cards_merged_into_a_withdrawn_card_come_back_on_the_wall(
    make_workshop, make_participant, make_problem
):
    workshop, author, other, card = _room(make_workshop, make_participant, make_problem)
    duplicate = make_problem(other, "Forms only in Italian")
    services.merge_problems(Actor.trainer(workshop), duplicate.id, card.id)
    db.session.commit()

    privacy.withdraw_problem(author, card.id)
    db.session.commit()

    assert db.session.get(Problem, duplicate.id).on_wall
    # The log keeps the merge, but nothing left to undo and no card text.
    merge = db.session.scalar(select(ModerationAction).where(ModerationAction.action == "merge"))
    entry = next(e for e in services.live.moderation_log(workshop) if e["id"] == merge.id)
    assert not entry["undoable"]


def test_withdrawing_a_prototype_takes_its_dots_and_links_with_it(
    make_workshop, make_participant, make_problem, make_prototype, move_to
):
    workshop, author, other, card = _room(make_workshop, make_participant, make_problem)
    prototype = make_prototype(author, problems=[card])
    move_to(workshop, Stage.VOTE)
    services.cast_vote(other, prototype.id, 1)
    db.session.commit()

    with pytest.raises(services.Forbidden):
        privacy.withdraw_prototype(other, prototype.id)
    db.session.rollback()
    privacy.withdraw_prototype(author, prototype.id)
    db.session.commit()

    assert db.session.get(Prototype, prototype.id) is None
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0
    assert db.session.scalar(select(func.count()).select_from(prototype_problems)) == 0
    assert services.live.prototypes(workshop, {prototype.id}) == [
        {"id": prototype.id, "gone": True}
    ]


def test_withdrawing_a_card_drops_it_from_the_prototypes_that_answered_it(
    make_workshop, make_participant, make_problem, make_prototype, recorded
):
    workshop, author, other, card = _room(make_workshop, make_participant, make_problem)
    prototype = make_prototype(other, problems=[card])
    services.advance_stage(workshop, Stage.FOCUS)
    db.session.commit()
    services.cast_problem_vote(other, card.id, 1)
    db.session.commit()

    privacy.withdraw_problem(author, card.id)
    db.session.commit()

    assert services.live.prototypes(workshop, {prototype.id})[0]["problem_ids"] == []
    assert changes.Change(workshop.id, "prototype", prototype.id) in recorded
    assert db.session.scalar(select(func.count()).select_from(ProblemVote)) == 0


# ---- delete a workshop ---------------------------------------------------------------------


def test_the_trainer_deletes_a_workshop_and_nothing_of_it_is_left(
    make_workshop, make_participant, make_problem, make_prototype, make_facilitator
):
    workshop, author, _other, card = _room(make_workshop, make_participant, make_problem)
    make_prototype(author, problems=[card])
    services.invite(workshop, "interpreter")
    keep = make_workshop(title="Another session")
    make_participant(keep)
    db.session.commit()
    workshop_id = workshop.id

    with pytest.raises(services.Forbidden):
        privacy.delete_workshop(workshop, make_facilitator())
    db.session.rollback()
    privacy.delete_workshop(workshop, workshop.facilitator)
    db.session.commit()

    assert db.session.get(Workshop, workshop_id) is None
    for table in db.metadata.sorted_tables:
        if "workshop_id" in table.c:
            left = db.session.scalar(
                select(func.count()).select_from(table).where(table.c.workshop_id == workshop_id)
            )
            assert left == 0, table.name
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0
    # The other session is untouched.
    assert db.session.get(Workshop, keep.id) is not None
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 1


# ---- retention and purge -------------------------------------------------------------------


def _closed_days_ago(workshop: Workshop, days: int) -> None:
    services.advance_stage(workshop, Stage.CLOSED)
    db.session.flush()
    change = db.session.scalar(
        select(StageChange)
        .where(StageChange.workshop_id == workshop.id, StageChange.stage == "closed")
        .order_by(StageChange.id.desc())
    )
    change.at = utcnow() - timedelta(days=days)
    db.session.commit()


def _full_workshop(make_workshop, make_participant, make_problem, make_prototype):
    workshop, author, other, card = _room(make_workshop, make_participant, make_problem)
    translations.add_translation(Actor.trainer(workshop), card.id, "it", "I moduli …")
    prototype = make_prototype(author, problems=[card])
    services.advance_stage(workshop, Stage.VOTE)
    services.cast_vote(other, prototype.id, 1)
    services.cast_vote(other, prototype.id, 1)
    services.hide_problem(Actor.trainer(workshop), card.id)
    services.edit_problem(Actor.trainer(workshop), card.id, "Forms only in Italian (edited)")
    services.invite(workshop, "interpreter")
    services.presence.connected(
        "sid-1", workshop_id=workshop.id, view="phone", participant_id=author.id
    )
    db.session.commit()
    return workshop, author


def _closed_with_feedback(parts, days: int) -> Workshop:
    workshop, author = parts
    _closed_days_ago(workshop, days)
    services.give_feedback(author, 4, "I was heard in Italian")
    db.session.commit()
    return workshop


def test_a_workshop_past_retention_keeps_its_shell_and_counts_and_nothing_personal(
    make_workshop, make_participant, make_problem, make_prototype
):
    full = _full_workshop(make_workshop, make_participant, make_problem, make_prototype)
    workshop = _closed_with_feedback(full, 181)
    fresh = _full_workshop(make_workshop, make_participant, make_problem, make_prototype)
    fresh = _closed_with_feedback(fresh, 10)

    assert privacy.due_for_purge(180) == [workshop]
    removed = privacy.purge_workshop(workshop)
    db.session.commit()

    assert removed["participants"] == 2 and removed["problems"] == 1
    for table in privacy.personal_tables():
        left = db.session.scalar(
            select(func.count()).select_from(table).where(table.c.workshop_id == workshop.id)
        )
        assert left == 0, table.name
    assert privacy.personal_rows(workshop) == {}
    # The shell: title, tables, stage history; the log without card text or team members.
    shell = db.session.get(Workshop, workshop.id)
    assert shell.title == "Living in Prato" and shell.themes and shell.stage_changes
    log = db.session.scalars(
        select(ModerationAction).where(ModerationAction.workshop_id == workshop.id)
    ).all()
    assert {e.action for e in log} >= {"hide", "edit", "purge"}
    for entry in log:
        assert "Italian" not in entry.details
        assert entry.member_id is None and entry.problem_id is None
    purge = next(e for e in log if e.action == "purge")
    assert json.loads(purge.details)["participants"] == 2
    assert json.loads(purge.details)["dots"] == 2
    # The session closed ten days ago keeps everything; running again purges nothing.
    assert privacy.personal_rows(fresh)["problems"] == 1
    assert privacy.due_for_purge(180) == []
    assert privacy.purge_workshop(workshop) == {}


def test_a_reopened_or_running_workshop_is_never_purged(
    make_workshop, make_participant, make_problem, make_prototype
):
    workshop, _author = _full_workshop(
        make_workshop, make_participant, make_problem, make_prototype
    )
    _closed_days_ago(workshop, 400)
    services.advance_stage(workshop, Stage.RESULTS)  # the trainer went Back: not closed
    db.session.commit()

    assert privacy.closed_at(workshop) is None
    assert privacy.due_for_purge(180) == []


def test_stage_changes_are_logged_with_who_moved_the_room(make_workshop, member_of):
    from workshop.facilitator.forms import StageForm
    from workshop.facilitator.intents import set_stage
    from workshop.intents import socket_form

    workshop = make_workshop()
    co = member_of(workshop, "co_facilitator")
    from flask import current_app

    with current_app.test_request_context():
        form = socket_form(StageForm, {"stage": "problems"})
        assert form.validate()
        set_stage(co, form)
    db.session.commit()

    entry = services.live.moderation_log(workshop)[0]
    assert entry["action"] == "stage" and entry["role"] == "co_facilitator"
    assert entry["details"] == {"from": "welcome", "to": "problems"}
    assert db.session.scalar(select(func.count()).select_from(Facilitator)) == 1

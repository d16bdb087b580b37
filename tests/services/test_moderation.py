"""Moderation: hide, edit, move, merge, approve, focus, prototypes, pre-moderation and undo."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from workshop import services
from workshop.extensions import db
from workshop.models import (
    ModerationAction,
    Problem,
    Stage,
    Support,
    TeamRole,
)
from workshop.services import Actor, Forbidden, InvalidInput, NotFound, live
from workshop.services.changes import Change


@pytest.fixture
def room(make_workshop, make_participant, make_problem):
    """A workshop in the Problems stage with two cards at the first table, one at the second."""
    workshop = make_workshop()
    school, participation = workshop.themes[0], workshop.themes[1]
    alice = make_participant(workshop, theme=school)
    bob = make_participant(workshop, theme=school)
    carla = make_participant(workshop, theme=participation)
    first = make_problem(alice, "School forms only in Italian")
    second = make_problem(bob, "The school forms are in Italian only")
    other = make_problem(carla, "No evening meetings")

    class Room:
        pass

    r = Room()
    r.workshop, r.school, r.participation = workshop, school, participation
    r.alice, r.bob, r.carla = alice, bob, carla
    r.first, r.second, r.other = first, second, other
    r.trainer = Actor.trainer(workshop)
    return r


def card(workshop, problem_id, *, everything=False):
    return next(
        (p for p in live.problems(workshop, everything=everything) if p["id"] == problem_id), None
    )


def commit(fn, *args):
    result = fn(*args)
    db.session.commit()
    return result


def support(participant, problem):
    services.set_support(participant, problem.id, True)
    db.session.commit()


def log_rows():
    return list(db.session.scalars(select(ModerationAction).order_by(ModerationAction.id)))


# --- hide / unhide ---------------------------------------------------------------------------


def test_a_hidden_card_leaves_the_wall_but_is_kept_and_comes_back(room):
    commit(services.hide_problem, room.trainer, room.first.id)

    assert card(room.workshop, room.first.id) is None
    assert live.problems(room.workshop, {room.first.id}) == [{"id": room.first.id, "gone": True}]
    assert card(room.workshop, room.first.id, everything=True)["hidden"] is True
    assert db.session.get(Problem, room.first.id).text == "School forms only in Italian"

    commit(services.unhide_problem, room.trainer, room.first.id)
    assert card(room.workshop, room.first.id)["text"] == "School forms only in Italian"


def test_hiding_a_hidden_card_is_refused_clearly_and_logs_nothing(room):
    commit(services.hide_problem, room.trainer, room.first.id)
    with pytest.raises(InvalidInput, match="already hidden"):
        services.hide_problem(room.trainer, room.first.id)
    db.session.rollback()
    assert [r.action for r in log_rows()] == ["hide"]


def test_a_card_of_another_workshop_is_not_found(room, make_workshop):
    elsewhere = Actor.trainer(make_workshop(title="Elsewhere"))
    with pytest.raises(NotFound):
        services.hide_problem(elsewhere, room.first.id)
    assert db.session.get(Problem, room.first.id).hidden is False


# --- edit ------------------------------------------------------------------------------------


def test_an_edit_changes_the_wall_and_keeps_the_text_as_posted(room):
    commit(services.edit_problem, room.trainer, room.first.id, "School forms only in Italian.")
    commit(services.edit_problem, room.trainer, room.first.id, "Forms only in Italian")

    problem = db.session.get(Problem, room.first.id)
    assert problem.text == "Forms only in Italian"
    assert problem.original_text == "School forms only in Italian"  # the first original stays
    assert card(room.workshop, room.first.id)["text"] == "Forms only in Italian"


def test_an_empty_or_unchanged_edit_is_refused(room):
    with pytest.raises(InvalidInput):
        services.edit_problem(room.trainer, room.first.id, "   ")
    with pytest.raises(InvalidInput, match="unchanged"):
        services.edit_problem(room.trainer, room.first.id, "School forms only in Italian")
    db.session.rollback()
    assert db.session.get(Problem, room.first.id).original_text is None


# --- move ------------------------------------------------------------------------------------


def test_a_moved_card_appears_in_the_other_table(room):
    commit(services.move_problem, room.trainer, room.first.id, room.participation.id)
    assert card(room.workshop, room.first.id)["theme_id"] == room.participation.id


def test_moving_to_a_table_of_another_workshop_is_refused(room, make_workshop):
    elsewhere = make_workshop(title="Elsewhere")
    with pytest.raises(NotFound):
        services.move_problem(room.trainer, room.first.id, elsewhere.themes[0].id)
    assert db.session.get(Problem, room.first.id).theme_id == room.school.id


# --- merge -----------------------------------------------------------------------------------


def test_a_merged_card_counts_each_person_once(room, make_participant):
    dana = make_participant(room.workshop, theme=room.school)
    eve = make_participant(room.workshop, theme=room.school)
    support(dana, room.first)
    support(dana, room.second)  # dana said "me too" to both duplicates
    support(eve, room.second)
    support(room.alice, room.second)

    commit(services.merge_problems, room.trainer, room.second.id, room.first.id)

    wall = live.problems(room.workshop)
    assert room.second.id not in [p["id"] for p in wall]
    # dana once, eve, alice (who wrote the target and supported the duplicate): three people.
    assert card(room.workshop, room.first.id)["supports"] == 3
    assert live.problems(room.workshop, {room.second.id}) == [{"id": room.second.id, "gone": True}]
    assert db.session.get(Support, (room.second.id, eve.id)) is not None  # nothing deleted


def test_prototype_links_follow_a_merged_card(room, make_prototype, make_participant):
    prototype = make_prototype(room.alice, problems=[room.second])
    commit(services.merge_problems, room.trainer, room.second.id, room.first.id)

    [shown] = live.prototypes(room.workshop, {prototype.id})
    assert shown["problem_ids"] == [room.first.id]


def test_a_merge_broadcasts_both_cards_and_the_linked_prototypes(room, make_prototype):
    prototype = make_prototype(room.alice, problems=[room.second])
    db.session.info.pop("tavola_changes", None)
    services.merge_problems(room.trainer, room.second.id, room.first.id)
    recorded = set(db.session.info["tavola_changes"])
    assert Change(room.workshop.id, "problem", room.first.id) in recorded
    assert Change(room.workshop.id, "problem", room.second.id) in recorded
    assert Change(room.workshop.id, "prototype", prototype.id) in recorded


def test_a_focus_duplicate_passes_its_focus_to_the_card_it_merges_into(room):
    commit(services.set_focus, room.trainer, room.second.id, True)
    commit(services.merge_problems, room.trainer, room.second.id, room.first.id)
    assert card(room.workshop, room.first.id)["focus"] is True


def test_merge_refuses_itself_a_merged_target_and_a_hidden_target(room):
    with pytest.raises(InvalidInput):
        services.merge_problems(room.trainer, room.first.id, room.first.id)
    commit(services.merge_problems, room.trainer, room.second.id, room.first.id)
    with pytest.raises(InvalidInput, match="merged"):
        services.merge_problems(room.trainer, room.other.id, room.second.id)
    with pytest.raises(InvalidInput, match="already merged"):
        services.merge_problems(room.trainer, room.second.id, room.other.id)
    commit(services.hide_problem, room.trainer, room.other.id)
    with pytest.raises(InvalidInput, match="hidden"):
        services.merge_problems(room.trainer, room.first.id, room.other.id)


def test_merge_votes_on_problems_count_for_the_target(room, move_to):
    move_to(room.workshop, Stage.FOCUS)
    services.cast_problem_vote(room.carla, room.other.id, 1)
    services.cast_problem_vote(room.alice, room.second.id, 1)
    services.cast_problem_vote(room.bob, room.first.id, 1)
    db.session.commit()
    commit(services.merge_problems, room.trainer, room.second.id, room.first.id)
    tallies = live.problem_tallies(room.workshop, Stage.FOCUS)
    assert tallies[str(room.first.id)]["total"] == 2
    assert str(room.second.id) not in tallies


# --- undo ------------------------------------------------------------------------------------


def test_undo_brings_back_both_merged_cards_with_their_own_counts(room, make_participant):
    dana = make_participant(room.workshop, theme=room.school)
    support(dana, room.first)
    support(dana, room.second)
    support(room.alice, room.second)
    commit(services.set_focus, room.trainer, room.second.id, True)
    merge = commit(services.merge_problems, room.trainer, room.second.id, room.first.id)

    commit(services.undo, room.trainer, merge.id)

    assert card(room.workshop, room.first.id)["supports"] == 1
    assert card(room.workshop, room.second.id)["supports"] == 2
    assert card(room.workshop, room.second.id)["focus"] is True
    assert card(room.workshop, room.first.id)["focus"] is False
    assert db.session.get(ModerationAction, merge.id).undone_at is not None


@pytest.mark.parametrize(
    "step",
    [
        lambda r: services.hide_problem(r.trainer, r.first.id),
        lambda r: services.move_problem(r.trainer, r.first.id, r.participation.id),
        lambda r: services.edit_problem(r.trainer, r.first.id, "Forms only in Italian"),
        lambda r: services.merge_problems(r.trainer, r.first.id, r.second.id),
    ],
    ids=["hide", "move", "edit", "merge"],
)
def test_undo_restores_exactly_the_state_before(room, step):
    columns = ("text", "original_text", "hidden", "approved", "merged_into_id", "focus", "theme_id")
    commit(services.set_focus, room.trainer, room.first.id, True)
    before = {c: getattr(db.session.get(Problem, room.first.id), c) for c in columns}
    wall_before = live.problems(room.workshop)

    action = step(room)
    db.session.commit()
    commit(services.undo, room.trainer, action.id)

    problem = db.session.get(Problem, room.first.id)
    assert {c: getattr(problem, c) for c in columns} == before
    assert live.problems(room.workshop) == wall_before


def test_undoing_twice_is_refused_clearly(room):
    hide = commit(services.hide_problem, room.trainer, room.first.id)
    commit(services.undo, room.trainer, hide.id)
    with pytest.raises(InvalidInput, match="already undone"):
        services.undo(room.trainer, hide.id)
    db.session.rollback()
    assert db.session.get(Problem, room.first.id).hidden is False
    assert [r.action for r in log_rows()] == ["hide", "undo"]


def test_undo_is_refused_when_the_card_changed_again_since(room):
    first_edit = commit(services.edit_problem, room.trainer, room.first.id, "Forms in Italian")
    commit(services.edit_problem, room.trainer, room.first.id, "Forms only in Italian")
    with pytest.raises(InvalidInput, match="changed since"):
        services.undo(room.trainer, first_edit.id)
    db.session.rollback()
    assert db.session.get(Problem, room.first.id).text == "Forms only in Italian"


def test_approve_and_focus_are_not_undone_by_undo(room):
    focus = commit(services.set_focus, room.trainer, room.first.id, True)
    with pytest.raises(InvalidInput, match="cannot be undone"):
        services.undo(room.trainer, focus.id)


# --- pre-moderation --------------------------------------------------------------------------


def test_under_premoderation_a_card_waits_until_it_is_approved(room):
    commit(services.set_premoderation, room.trainer, True)
    waiting = services.post_problem(room.alice, "Nobody explains the enrolment")
    db.session.commit()

    assert card(room.workshop, waiting.id) is None
    assert card(room.workshop, waiting.id, everything=True)["approved"] is False

    commit(services.approve_problem, room.trainer, waiting.id)
    assert card(room.workshop, waiting.id)["text"] == "Nobody explains the enrolment"
    with pytest.raises(InvalidInput, match="already on the wall"):
        services.approve_problem(room.trainer, waiting.id)


def test_only_someone_who_runs_the_room_switches_premoderation(room, member_of):
    table = member_of(room.workshop, TeamRole.TABLE_FACILITATOR, theme=room.school)
    with pytest.raises(Forbidden):
        services.set_premoderation(table, True)
    db.session.rollback()
    assert room.workshop.premoderation is False
    co = member_of(room.workshop, TeamRole.CO_FACILITATOR)
    commit(services.set_premoderation, co, True)
    assert room.workshop.premoderation is True


# --- focus and prototypes --------------------------------------------------------------------


def test_a_moderator_marks_and_unmarks_a_focus_by_hand(room):
    commit(services.set_focus, room.trainer, room.first.id, True)
    assert card(room.workshop, room.first.id)["focus"] is True
    commit(services.set_focus, room.trainer, room.first.id, False)
    assert card(room.workshop, room.first.id)["focus"] is False


def test_a_hidden_prototype_leaves_the_wall_and_the_vote_and_undo_brings_it_back(
    room, make_prototype
):
    prototype = make_prototype(room.alice)
    hide = commit(services.hide_prototype, room.trainer, prototype.id)
    assert live.prototypes(room.workshop, {prototype.id}) == [{"id": prototype.id, "gone": True}]
    assert str(prototype.id) not in live.tallies(room.workshop)

    commit(services.undo, room.trainer, hide.id)
    assert live.prototypes(room.workshop)[0]["id"] == prototype.id
    hide_again = commit(services.hide_prototype, room.trainer, prototype.id)
    commit(services.unhide_prototype, room.trainer, prototype.id)
    assert db.session.get(ModerationAction, hide_again.id).undone_at is None


# --- who may moderate ------------------------------------------------------------------------


def everything_now(workshop):
    return (live.problems(workshop, everything=True), live.prototypes(workshop, everything=True))


@pytest.mark.parametrize(
    "step",
    [
        lambda r: services.hide_problem(r.actor, r.other.id),
        lambda r: services.edit_problem(r.actor, r.other.id, "changed"),
        lambda r: services.set_focus(r.actor, r.other.id, True),
        lambda r: services.move_problem(r.actor, r.other.id, r.school.id),
        lambda r: services.move_problem(r.actor, r.first.id, r.participation.id),
        lambda r: services.merge_problems(r.actor, r.first.id, r.other.id),
        lambda r: services.merge_problems(r.actor, r.other.id, r.first.id),
    ],
    ids=["hide", "edit", "focus", "move-in", "move-out", "merge-out", "merge-in"],
)
def test_a_table_facilitator_is_refused_outside_their_table_and_nothing_changes(
    room, member_of, step
):
    room.actor = member_of(room.workshop, TeamRole.TABLE_FACILITATOR, theme=room.school)
    before = everything_now(room.workshop)
    with pytest.raises(Forbidden, match="your own table"):
        step(room)
    db.session.rollback()
    assert everything_now(room.workshop) == before
    assert log_rows() == []


def test_a_table_facilitator_moderates_their_own_table(room, member_of):
    table = member_of(room.workshop, TeamRole.TABLE_FACILITATOR, theme=room.school)
    commit(services.merge_problems, table, room.second.id, room.first.id)
    commit(services.hide_problem, table, room.first.id)
    assert card(room.workshop, room.first.id) is None


def test_a_table_facilitator_cannot_undo_a_step_on_another_table(room, member_of):
    hide = commit(services.hide_problem, room.trainer, room.other.id)
    table = member_of(room.workshop, TeamRole.TABLE_FACILITATOR, theme=room.school)
    with pytest.raises(Forbidden):
        services.undo(table, hide.id)
    db.session.rollback()
    assert db.session.get(Problem, room.other.id).hidden is True


@pytest.mark.parametrize("role", [TeamRole.OBSERVER, TeamRole.INTERPRETER])
def test_observers_and_interpreters_never_moderate(room, member_of, role, make_prototype):
    actor = member_of(room.workshop, role)
    hide = commit(services.hide_problem, room.trainer, room.other.id)
    before = everything_now(room.workshop)
    steps = [
        lambda: services.hide_problem(actor, room.first.id),
        lambda: services.unhide_problem(actor, room.other.id),
        lambda: services.edit_problem(actor, room.first.id, "x"),
        lambda: services.move_problem(actor, room.first.id, room.participation.id),
        lambda: services.merge_problems(actor, room.second.id, room.first.id),
        lambda: services.approve_problem(actor, room.first.id),
        lambda: services.set_focus(actor, room.first.id, True),
        lambda: services.set_premoderation(actor, True),
        lambda: services.undo(actor, hide.id),
    ]
    for step in steps:
        with pytest.raises(Forbidden):
            step()
        db.session.rollback()
    assert everything_now(room.workshop) == before
    assert [r.action for r in log_rows()] == ["hide"]


# --- the log ---------------------------------------------------------------------------------


def test_every_step_is_logged_with_who_did_it_and_when(room, member_of):
    co = member_of(room.workshop, TeamRole.CO_FACILITATOR)
    commit(services.hide_problem, room.trainer, room.first.id)
    merge = commit(services.merge_problems, co, room.second.id, room.other.id)
    commit(services.undo, co, merge.id)

    rows = log_rows()
    assert [r.action for r in rows] == ["hide", "merge", "undo"]
    assert rows[0].facilitator_id == room.workshop.facilitator_id and rows[0].member_id is None
    assert rows[1].member_id == co.member_id and rows[1].facilitator_id is None
    assert json.loads(rows[1].details)["role"] == "co_facilitator"
    assert json.loads(rows[1].details)["target_id"] == room.other.id
    assert all(r.at is not None for r in rows)

    log = live.moderation_log(room.workshop)
    assert [e["action"] for e in log] == ["undo", "merge", "hide"]
    assert log[1]["undone"] is True and log[1]["undoable"] is False
    assert log[2]["undoable"] is True and log[2]["role"] == "trainer"
    assert log[1]["details"] == {"target_id": room.other.id}
    assert "moderation" in live.snapshot(room.workshop, moderator=True)
    assert "moderation" not in live.snapshot(room.workshop)

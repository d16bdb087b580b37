"""The team permission matrix: what the trainer and each team role may do."""

from __future__ import annotations

import pytest

from workshop.models import TeamRole
from workshop.services import Actor, Forbidden


def test_the_trainer_may_do_everything(make_workshop):
    workshop = make_workshop()
    trainer = Actor.trainer(workshop)
    assert trainer.role == "trainer"
    assert trainer.may_run_room() and trainer.may_respond()
    assert all(trainer.may_moderate(t.id) for t in workshop.themes)
    assert trainer.may_enter_on_behalf(None)


def test_a_co_facilitator_may_do_what_the_trainer_does(make_workshop, member_of):
    workshop = make_workshop()
    co = member_of(workshop, TeamRole.CO_FACILITATOR)
    assert co.may_run_room() and co.may_respond() and co.may_moderate(workshop.themes[1].id)


def test_a_table_facilitator_moderates_and_enters_input_for_their_table_only(
    make_workshop, member_of
):
    workshop = make_workshop()
    school, other = workshop.themes[0], workshop.themes[1]
    table = member_of(workshop, TeamRole.TABLE_FACILITATOR, theme=school)
    assert table.may_moderate(school.id) and table.may_enter_on_behalf(school.id)
    assert not table.may_moderate(other.id) and not table.may_enter_on_behalf(other.id)
    assert not table.may_run_room() and not table.may_respond()


def test_an_interpreter_enters_input_for_anyone_but_never_moderates(make_workshop, member_of):
    workshop = make_workshop()
    interpreter = member_of(workshop, TeamRole.INTERPRETER)
    assert interpreter.may_enter_on_behalf(workshop.themes[2].id)
    assert not interpreter.may_moderate(workshop.themes[2].id)
    assert not interpreter.may_run_room()


def test_an_observer_writes_nothing(make_workshop, member_of):
    workshop = make_workshop()
    observer = member_of(workshop, TeamRole.OBSERVER)
    theme_id = workshop.themes[0].id
    assert not any(
        [
            observer.may_run_room(),
            observer.may_respond(),
            observer.may_moderate(theme_id),
            observer.may_enter_on_behalf(theme_id),
        ]
    )
    with pytest.raises(Forbidden):
        observer.require(observer.may_moderate(theme_id))

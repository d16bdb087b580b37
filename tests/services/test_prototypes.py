"""Building solution prototypes at a theme table."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workshop import services
from workshop.extensions import db
from workshop.models import Problem, Prototype, Stage, prototype_problems
from workshop.services import InvalidInput, WrongStage
from workshop.session_templates import TEMPLATES

#: The co-projecting workshop's stages, the default template.
WORKSHOP_STAGES = TEMPLATES["workshop"].stages


@pytest.fixture
def table(make_workshop, make_participant, make_problem, move_to):
    """The School table with two problems on its wall, now in the Prototypes stage."""
    workshop = make_workshop()
    amina = make_participant(workshop)
    problems = [make_problem(amina, "Forms only in Italian"), make_problem(amina, "No mediator")]
    move_to(workshop, Stage.PROTOTYPES)
    return workshop, amina, problems


def build(participant, **fields):
    """``create_prototype`` with a complete canvas answering the table's first problem (if it
    has one), overridden by ``fields``."""
    first = db.session.scalar(
        select(Problem.id).where(Problem.theme_id == participant.theme_id).order_by(Problem.id)
    )
    canvas = {
        "problem_ids": [first] if first else [],
        "title": "Welcome desk",
        "what_changes": "A desk with mediators at the school entrance",
        "who_benefits": "Families who just arrived",
        "who_acts": "The school and the cultural mediators' cooperative",
        "first_step": "Ask the headteacher for a room",
    }
    return services.create_prototype(participant, **{**canvas, **fields})


def test_a_table_builds_a_prototype_on_the_canvas(table):
    workshop, amina, problems = table

    prototype = build(amina, problem_ids=[problems[0].id])
    db.session.commit()

    assert prototype.workshop_id == workshop.id
    assert prototype.theme_id == amina.theme_id
    assert prototype.author == amina
    assert prototype.title == "Welcome desk"
    assert prototype.what_changes == "A desk with mediators at the school entrance"
    assert prototype.who_benefits == "Families who just arrived"
    assert prototype.who_acts == "The school and the cultural mediators' cooperative"
    assert prototype.first_step == "Ask the headteacher for a room"
    assert prototype.problems == [problems[0]]


def test_a_prototype_is_placed_at_its_authors_table(make_workshop, make_participant):
    workshop = make_workshop(stage=Stage.PROTOTYPES)
    participant = make_participant(workshop, theme=workshop.themes[2])

    assert build(participant).theme_id == workshop.themes[2].id


@pytest.mark.parametrize("stage", [s for s in WORKSHOP_STAGES if s != Stage.PROTOTYPES])
def test_prototypes_can_only_be_made_in_the_prototypes_stage(table, count_rows, stage):
    workshop, amina, _ = table
    services.advance_stage(workshop, stage)

    with pytest.raises(WrongStage):
        build(amina)

    assert count_rows(Prototype) == 0


def test_the_fields_are_trimmed(table):
    _, amina, _ = table

    prototype = build(amina, title="  Desk  ", what_changes=" A desk ", first_step="  Ask ")

    assert (prototype.title, prototype.what_changes, prototype.first_step) == (
        "Desk",
        "A desk",
        "Ask",
    )


@pytest.mark.parametrize("field", ["title", "what_changes"])
@pytest.mark.parametrize("value", ["", "   ", None])
def test_a_title_and_what_changes_are_required(table, field, value):
    _, amina, _ = table

    with pytest.raises(InvalidInput) as refused:
        build(amina, **{field: value})

    assert refused.value.field == field


@pytest.mark.parametrize("field", ["who_benefits", "who_acts", "first_step"])
def test_the_other_canvas_fields_may_stay_empty(table, field):
    _, amina, _ = table

    assert getattr(build(amina, **{field: "  "}), field) == ""


def test_a_title_of_120_characters_is_accepted(table):
    _, amina, _ = table

    assert build(amina, title="T" * 120).title == "T" * 120


def test_a_title_of_121_characters_is_refused(table):
    _, amina, _ = table

    with pytest.raises(InvalidInput) as refused:
        build(amina, title="T" * 121)

    assert refused.value.field == "title"


@pytest.mark.parametrize("field", ["what_changes", "who_benefits", "who_acts", "first_step"])
def test_a_canvas_field_of_1000_characters_is_accepted(table, field):
    _, amina, _ = table

    assert getattr(build(amina, **{field: "x" * 1000}), field) == "x" * 1000


@pytest.mark.parametrize("field", ["what_changes", "who_benefits", "who_acts", "first_step"])
def test_a_canvas_field_of_1001_characters_is_refused(table, count_rows, field):
    _, amina, _ = table

    with pytest.raises(InvalidInput) as refused:
        build(amina, **{field: "x" * 1001})

    assert refused.value.field == field
    assert "1000" in str(refused.value.message)
    assert count_rows(Prototype) == 0


def test_a_prototype_must_answer_at_least_one_problem_of_its_table(table, count_rows):
    _, amina, _ = table

    with pytest.raises(InvalidInput) as refused:
        build(amina, problem_ids=[])

    assert refused.value.field == "problem_ids"
    assert "at least one problem" in str(refused.value.message)
    assert count_rows(Prototype) == 0


def test_a_table_without_problems_on_its_wall_can_still_prototype(make_workshop, make_participant):
    workshop = make_workshop(stage=Stage.PROTOTYPES)
    amina = make_participant(workshop)

    assert build(amina, problem_ids=[]).problems == []


def test_a_prototype_may_answer_several_problems_of_its_table(table):
    _, amina, problems = table

    prototype = build(amina, problem_ids=[problems[1].id, problems[0].id])

    assert prototype.problems == problems


def test_the_same_problem_named_twice_is_linked_once(table, count_rows):
    _, amina, problems = table

    prototype = build(amina, problem_ids=[problems[0].id, problems[0].id, problems[1].id])
    db.session.commit()

    assert prototype.problems == problems
    assert count_rows(prototype_problems) == 2


def test_a_problem_of_another_table_is_refused(
    make_workshop, make_participant, make_problem, move_to, count_rows
):
    workshop = make_workshop()
    school = make_participant(workshop, theme=workshop.themes[0])
    services_table = make_participant(workshop, theme=workshop.themes[2])
    theirs = make_problem(services_table)
    ours = make_problem(school)
    move_to(workshop, Stage.PROTOTYPES)

    with pytest.raises(InvalidInput) as refused:
        build(school, problem_ids=[ours.id, theirs.id])

    assert refused.value.field == "problem_ids"
    assert count_rows(Prototype) == 0


def test_a_problem_of_another_workshop_is_refused(
    table, make_workshop, make_participant, make_problem
):
    _, amina, _ = table
    elsewhere = make_workshop()
    # Same table name, same position: only the workshop differs.
    theirs = make_problem(make_participant(elsewhere, theme=elsewhere.themes[0]))

    with pytest.raises(InvalidInput) as refused:
        build(amina, problem_ids=[theirs.id])

    assert refused.value.field == "problem_ids"


def test_a_problem_that_does_not_exist_is_refused(table):
    _, amina, problems = table

    with pytest.raises(InvalidInput) as refused:
        build(amina, problem_ids=[problems[0].id, 999_999])

    assert refused.value.field == "problem_ids"


def test_a_refused_prototype_leaves_the_prototypes_already_made(table, count_rows):
    _, amina, problems = table
    build(amina, title="Welcome desk", problem_ids=[problems[0].id])
    db.session.commit()

    with pytest.raises(InvalidInput):
        build(amina, title="T" * 121, problem_ids=[problems[1].id])
    db.session.rollback()

    assert [p.title for p in db.session.scalars(select(Prototype))] == ["Welcome desk"]
    assert count_rows(prototype_problems) == 1

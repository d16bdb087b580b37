"""Creating a workshop, finding it by its join code and moving it through its stages."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from workshop import services
from workshop.extensions import db
from workshop.models import COPROJECTING_STAGES, Stage, StageChange, Theme, Workshop
from workshop.services import InvalidInput, NotFound, ThemeSpec
from workshop.services.workshops import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    next_stage,
    normalise_join_code,
    previous_stage,
)
from workshop.session_templates import TEMPLATES

#: The co-projecting workshop's stages, the default template.
WORKSHOP_STAGES = TEMPLATES["workshop"].stages


def stage_history(workshop: Workshop) -> list[str]:
    return list(
        db.session.scalars(
            select(StageChange.stage)
            .where(StageChange.workshop_id == workshop.id)
            .order_by(StageChange.id)
        )
    )


# --- create_workshop -------------------------------------------------------------------------


def test_a_new_workshop_has_the_school_participation_and_services_tables(make_workshop):
    workshop = make_workshop()

    tables = [(t.position, t.name, t.icon, t.colour) for t in workshop.themes]

    assert tables == [
        (0, "School", "school", "#1f5f99"),
        (1, "Participation", "participation", "#a33b20"),
        (2, "Services", "services", "#2c6e3f"),
    ]


def test_the_default_tables_are_named_in_the_current_language(app_ctx):
    assert [spec.name for spec in services.default_themes()] == [
        "School",
        "Participation",
        "Services",
    ]


def test_a_new_workshop_gives_three_dots_per_person_by_default(make_facilitator):
    workshop = services.create_workshop(make_facilitator(), title="Open day")

    assert workshop.dot_budget == 3


def test_a_new_workshop_belongs_to_its_facilitator(make_facilitator, make_workshop):
    trainer = make_facilitator()

    workshop = make_workshop(facilitator=trainer)

    assert workshop.facilitator_id == trainer.id
    assert trainer.workshops == [workshop]


def test_a_join_code_is_six_characters_from_the_unambiguous_alphabet(make_workshop):
    for _ in range(20):
        code = make_workshop().code
        assert len(code) == JOIN_CODE_LENGTH == 6
        assert set(code) <= set(JOIN_CODE_ALPHABET)


def test_the_join_code_alphabet_leaves_out_look_alike_characters():
    assert not set("0O1IL2Z5S8B") & set(JOIN_CODE_ALPHABET)


def test_join_codes_are_unique(make_workshop):
    codes = [make_workshop().code for _ in range(30)]

    assert len(set(codes)) == len(codes)


def test_a_join_code_already_in_use_is_drawn_again(make_workshop, monkeypatch):
    taken = make_workshop().code
    # The random source first repeats the existing code, then offers a new one.
    fresh = "C" * JOIN_CODE_LENGTH if taken != "C" * JOIN_CODE_LENGTH else "D" * JOIN_CODE_LENGTH
    characters = itertools.chain(taken, fresh)
    monkeypatch.setattr(
        "workshop.services.workshops.secrets.choice", lambda _alphabet: next(characters)
    )

    assert make_workshop().code == fresh


def test_the_title_and_place_are_trimmed(make_workshop):
    workshop = make_workshop(title="  Listening session  ", place="  Prato  ")

    assert (workshop.title, workshop.place) == ("Listening session", "Prato")


@pytest.mark.parametrize("title", ["", "   ", None])
def test_a_workshop_without_a_title_is_refused(make_facilitator, title):
    with pytest.raises(InvalidInput) as refused:
        services.create_workshop(make_facilitator(), title=title)

    assert refused.value.field == "title"


def test_a_title_of_200_characters_is_accepted(make_workshop):
    assert make_workshop(title="T" * 200).title == "T" * 200


def test_a_title_longer_than_200_characters_is_refused(make_facilitator):
    with pytest.raises(InvalidInput) as refused:
        services.create_workshop(make_facilitator(), title="T" * 201)

    assert refused.value.field == "title"
    assert "200" in str(refused.value.message)


def test_a_place_longer_than_200_characters_is_refused(make_facilitator):
    with pytest.raises(InvalidInput) as refused:
        services.create_workshop(make_facilitator(), title="Open day", place="P" * 201)

    assert refused.value.field == "place"


@pytest.mark.parametrize("budget", [1, 20])
def test_a_dot_budget_from_1_to_20_is_accepted(make_workshop, budget):
    assert make_workshop(dot_budget=budget).dot_budget == budget


@pytest.mark.parametrize("budget", [-1, 0, 21, 100])
def test_a_dot_budget_outside_1_to_20_is_refused(make_facilitator, budget):
    with pytest.raises(InvalidInput) as refused:
        services.create_workshop(make_facilitator(), title="Open day", dot_budget=budget)

    assert refused.value.field == "dot_budget"


@pytest.mark.parametrize("themes", [[], [ThemeSpec("")], [ThemeSpec("   "), ThemeSpec("")]])
def test_a_workshop_without_theme_tables_is_refused(make_facilitator, themes):
    with pytest.raises(InvalidInput) as refused:
        services.create_workshop(make_facilitator(), title="Open day", themes=themes)

    assert refused.value.field == "themes"


def test_custom_tables_keep_their_order_and_skip_blank_names(make_workshop):
    workshop = make_workshop(
        themes=[
            ThemeSpec(" Housing ", "housing", "#AABBCC"),
            ThemeSpec("  "),
            ThemeSpec("Health", "health", "#112233"),
        ]
    )

    tables = [(t.position, t.name, t.icon, t.colour) for t in workshop.themes]

    assert tables == [(0, "Housing", "housing", "#aabbcc"), (1, "Health", "health", "#112233")]


def test_a_theme_name_longer_than_80_characters_is_refused(make_facilitator):
    with pytest.raises(InvalidInput) as refused:
        services.create_workshop(
            make_facilitator(), title="Open day", themes=[ThemeSpec("H" * 81, "housing")]
        )

    assert refused.value.field == "themes"


@pytest.mark.parametrize(
    "spec",
    [
        ThemeSpec("Housing", "castle", "#112233"),
        ThemeSpec("Housing", "housing", "red"),
        ThemeSpec("Housing", "housing", "#12345"),
        ThemeSpec("Housing", "housing", "#12345g"),
    ],
)
def test_a_theme_needs_a_known_icon_and_a_hex_colour(make_facilitator, spec):
    with pytest.raises(InvalidInput) as refused:
        services.create_workshop(make_facilitator(), title="Open day", themes=[spec])

    assert refused.value.field == "themes"


def test_a_new_workshop_starts_at_welcome_with_a_stage_change(make_workshop):
    workshop = make_workshop()

    assert workshop.stage == Stage.WELCOME
    assert workshop.results_revealed is False
    assert stage_history(workshop) == ["welcome"]


@pytest.mark.filterwarnings("error")  # SQLAlchemy warns when it meets a half-built workshop
@pytest.mark.parametrize(
    "themes",
    [[ThemeSpec("School", "school"), ThemeSpec("H" * 81)], [ThemeSpec("Health", "castle")]],
    ids=["long-name", "unknown-icon"],
)
def test_a_refused_workshop_leaves_nothing_behind(make_facilitator, count_rows, themes):
    trainer = make_facilitator()
    services.create_workshop(trainer, title="Kept")
    db.session.commit()
    assert [w.title for w in trainer.workshops] == ["Kept"]

    with pytest.raises(InvalidInput):
        services.create_workshop(trainer, title="Refused", themes=themes)

    assert [w.title for w in trainer.workshops] == ["Kept"]
    db.session.commit()

    assert count_rows(Workshop) == 1
    assert count_rows(Theme) == 3
    assert count_rows(StageChange) == 1


# --- get_workshop_by_code --------------------------------------------------------------------


def test_a_workshop_is_found_by_its_join_code(make_workshop):
    workshop = make_workshop()

    assert services.get_workshop_by_code(workshop.code) is workshop


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: f"  {code[:3]} {code[3:]} ",
        lambda code: f"{code[:3]}-{code[3:]}",
        lambda code: f"{code[:3].lower()} - {code[3:]}",
    ],
    ids=["lower-case", "spaces", "dash", "mixed"],
)
def test_a_join_code_is_found_however_it_was_typed(make_workshop, typed):
    workshop = make_workshop()

    assert services.get_workshop_by_code(typed(workshop.code)) is workshop


def test_normalising_a_join_code_upper_cases_and_drops_spaces_and_dashes():
    assert normalise_join_code(" ab-c\tdef ") == "ABCDEF"
    assert normalise_join_code(None) == ""


@pytest.mark.parametrize("code", ["", "   ", "QQQQQQQ", "000000"])
def test_an_unknown_join_code_is_not_found(make_workshop, code):
    make_workshop()

    with pytest.raises(NotFound) as refused:
        services.get_workshop_by_code(code)

    assert refused.value.field == "code"
    assert "no workshop with this code" in str(refused.value.message)


# --- advance_stage, next_stage, previous_stage -----------------------------------------------


def test_the_trainer_moves_the_room_forward_through_every_stage(make_workshop):
    workshop = make_workshop()

    for stage in COPROJECTING_STAGES[1:]:
        services.advance_stage(workshop, stage)
        db.session.commit()
        assert workshop.stage == stage

    assert stage_history(workshop) == [stage.value for stage in COPROJECTING_STAGES]


def test_the_trainer_can_go_back_a_stage(make_workshop):
    workshop = make_workshop(stage=Stage.PROTOTYPES)

    services.advance_stage(workshop, Stage.PROBLEMS)
    db.session.commit()

    assert workshop.stage == Stage.PROBLEMS
    assert stage_history(workshop) == ["welcome", "prototypes", "problems"]


def test_a_stage_may_be_named_by_its_value(make_workshop):
    workshop = make_workshop()

    services.advance_stage(workshop, "vote")

    assert workshop.stage == Stage.VOTE


def test_moving_to_the_current_stage_records_no_stage_change(make_workshop):
    workshop = make_workshop(stage=Stage.PROBLEMS)

    services.advance_stage(workshop, Stage.PROBLEMS)
    db.session.commit()

    assert stage_history(workshop) == ["welcome", "problems"]


@pytest.mark.parametrize("stage", ["lunch", "", "VOTE", None])
def test_an_unknown_stage_is_refused(make_workshop, stage):
    workshop = make_workshop(stage=Stage.PROBLEMS)

    with pytest.raises(InvalidInput) as refused:
        services.advance_stage(workshop, stage)

    assert refused.value.field == "stage"
    assert workshop.stage == Stage.PROBLEMS


@pytest.mark.parametrize("stage", [Stage.RESULTS, Stage.CLOSED])
def test_entering_results_or_close_reveals_the_tallies(make_workshop, stage):
    workshop = make_workshop(stage=Stage.VOTE)
    assert workshop.results_revealed is False

    services.advance_stage(workshop, stage)

    assert workshop.results_revealed is True


@pytest.mark.parametrize(
    "stage", [s for s in WORKSHOP_STAGES if s not in (Stage.RESULTS, Stage.RESPONSE, Stage.CLOSED)]
)
def test_other_stages_keep_the_tallies_hidden(make_workshop, stage):
    assert make_workshop(stage=stage).results_revealed is False


def test_going_back_from_results_to_the_vote_hides_the_tallies_again(make_workshop):
    workshop = make_workshop(stage=Stage.RESULTS)
    assert workshop.results_revealed is True

    services.advance_stage(workshop, Stage.VOTE)

    assert workshop.results_revealed is False


def test_going_back_from_close_to_results_keeps_the_tallies_shown(make_workshop):
    workshop = make_workshop(stage=Stage.CLOSED)

    services.advance_stage(workshop, Stage.RESULTS)

    assert workshop.results_revealed is True


def test_the_next_and_previous_stage_follow_the_template(make_workshop):
    workshop = make_workshop(stage=Stage.PROTOTYPES)

    assert next_stage(workshop) == Stage.PLENARY
    assert previous_stage(workshop) == Stage.FOCUS


def test_there_is_no_stage_before_welcome(make_workshop):
    workshop = make_workshop()

    assert previous_stage(workshop) is None
    assert next_stage(workshop) == Stage.PROBLEMS


def test_there_is_no_stage_after_close(make_workshop):
    workshop = make_workshop(stage=Stage.CLOSED)

    assert next_stage(workshop) is None
    assert previous_stage(workshop) == Stage.RESPONSE


# --- reveal_results --------------------------------------------------------------------------


def test_the_trainer_can_reveal_and_hide_the_tallies(make_workshop):
    workshop = make_workshop(stage=Stage.VOTE)

    services.reveal_results(workshop)
    db.session.commit()
    assert workshop.results_revealed is True

    services.reveal_results(workshop, False)
    db.session.commit()
    assert workshop.results_revealed is False


def test_revealing_twice_keeps_the_tallies_revealed(make_workshop):
    workshop = make_workshop(stage=Stage.VOTE)

    services.reveal_results(workshop, True)
    services.reveal_results(workshop, True)

    assert workshop.results_revealed is True


def test_revealing_does_not_change_the_stage(make_workshop):
    workshop = make_workshop(stage=Stage.VOTE)

    services.reveal_results(workshop)

    assert workshop.stage == Stage.VOTE
    assert stage_history(workshop) == ["welcome", "vote"]

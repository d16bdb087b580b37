"""Joining a workshop from a phone, and finding the phone's participant again."""

from __future__ import annotations

import pytest

from workshop import services
from workshop.models import Participant, Role, Stage
from workshop.services import InvalidInput, WrongStage
from workshop.session_templates import TEMPLATES

#: The co-projecting workshop's stages, the default template.
WORKSHOP_STAGES = TEMPLATES["workshop"].stages


@pytest.mark.parametrize("role", list(Role))
def test_a_participant_joins_with_a_role(make_workshop, role):
    workshop = make_workshop()

    participant = services.join(workshop, role=role.value, theme_id=workshop.themes[0].id)

    assert participant.role == role
    assert participant.workshop_id == workshop.id


def test_a_role_may_be_given_as_a_role(make_workshop):
    workshop = make_workshop()

    participant = services.join(workshop, role=Role.DECISION_MAKER, theme_id=workshop.themes[0].id)

    assert participant.role == Role.DECISION_MAKER


@pytest.mark.parametrize("role", ["mayor", "", None])
def test_an_unknown_role_is_refused(make_workshop, role):
    workshop = make_workshop()

    with pytest.raises(InvalidInput) as refused:
        services.join(workshop, role=role, theme_id=workshop.themes[0].id)

    assert refused.value.field == "role"


def test_a_participant_sits_at_the_table_they_chose(make_workshop):
    workshop = make_workshop()
    services_table = workshop.themes[2]

    participant = services.join(workshop, role="resident", theme_id=services_table.id)

    assert participant.theme == services_table


def test_a_table_of_another_workshop_is_refused(make_workshop, count_rows):
    workshop, elsewhere = make_workshop(), make_workshop()

    with pytest.raises(InvalidInput) as refused:
        services.join(workshop, role="resident", theme_id=elsewhere.themes[0].id)

    assert refused.value.field == "theme_id"
    assert count_rows(Participant) == 0


def test_a_table_that_does_not_exist_is_refused(make_workshop):
    workshop = make_workshop()

    with pytest.raises(InvalidInput) as refused:
        services.join(workshop, role="resident", theme_id=999_999)

    assert refused.value.field == "theme_id"


def test_a_name_is_optional(make_participant, make_workshop):
    assert make_participant(make_workshop()).display_name is None


@pytest.mark.parametrize("typed", ["", "   "])
def test_a_blank_name_counts_as_no_name(make_participant, make_workshop, typed):
    assert make_participant(make_workshop(), display_name=typed).display_name is None


def test_a_name_is_trimmed(make_participant, make_workshop):
    assert make_participant(make_workshop(), display_name="  Amina  ").display_name == "Amina"


def test_a_name_of_40_characters_is_accepted(make_participant, make_workshop):
    name = "N" * 40

    assert make_participant(make_workshop(), display_name=f" {name} ").display_name == name


def test_a_name_longer_than_40_characters_is_refused(make_workshop, count_rows):
    workshop = make_workshop()

    with pytest.raises(InvalidInput) as refused:
        services.join(
            workshop, role="resident", theme_id=workshop.themes[0].id, display_name="N" * 41
        )

    assert refused.value.field == "display_name"
    assert count_rows(Participant) == 0


def test_the_participant_keeps_the_language_they_used(make_participant, make_workshop):
    workshop = make_workshop()

    assert make_participant(workshop).language == "en"
    assert make_participant(workshop, language="ar").language == "ar"


def test_an_over_long_language_tag_is_cut_to_16_characters(make_participant, make_workshop):
    participant = make_participant(make_workshop(), language="x" * 30)

    assert participant.language == "x" * 16


@pytest.mark.parametrize("stage", [s for s in WORKSHOP_STAGES if s != Stage.CLOSED])
def test_a_participant_can_join_in_any_stage_before_close(make_workshop, stage):
    workshop = make_workshop(stage=stage)

    participant = services.join(workshop, role="resident", theme_id=workshop.themes[0].id)

    assert participant.id is not None


def test_a_closed_workshop_refuses_joins(make_workshop, count_rows):
    workshop = make_workshop(stage=Stage.CLOSED)

    with pytest.raises(WrongStage) as refused:
        services.join(workshop, role="resident", theme_id=workshop.themes[0].id)

    assert refused.value.code == "stage"
    assert count_rows(Participant) == 0


def test_every_participant_gets_a_different_long_random_token(make_participant, make_workshop):
    workshop = make_workshop()

    tokens = [make_participant(workshop).token for _ in range(25)]

    assert len(set(tokens)) == len(tokens)
    assert all(len(token) >= 40 for token in tokens)


def test_a_participant_is_found_by_their_token(make_participant, make_workshop):
    workshop = make_workshop()
    amina, _other = make_participant(workshop), make_participant(workshop)

    assert services.participant_for_token(workshop, amina.token) == amina


def test_a_token_is_only_valid_in_its_own_workshop(make_participant, make_workshop):
    workshop, elsewhere = make_workshop(), make_workshop()
    participant = make_participant(elsewhere)

    assert services.participant_for_token(workshop, participant.token) is None


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_a_missing_or_unknown_token_finds_nobody(make_participant, make_workshop, token):
    workshop = make_workshop()
    make_participant(workshop)

    assert services.participant_for_token(workshop, token) is None

"""The trainer's team: invite links with a role, withdrawing them, finding a member by token."""

from __future__ import annotations

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Presence, TeamMember, TeamRole
from workshop.services import InvalidInput, live, presence


def test_an_invite_gives_a_member_with_a_long_random_token(make_workshop):
    workshop = make_workshop()
    first = services.invite(workshop, "observer", display_name="  Councillor Rossi ")
    second = services.invite(workshop, TeamRole.OBSERVER)
    db.session.commit()
    assert first.role is TeamRole.OBSERVER and first.workshop_id == workshop.id
    assert first.display_name == "Councillor Rossi"
    assert len(first.token) >= 40 and first.token != second.token
    assert services.member_for_token(first.token) is first


def test_a_table_facilitator_looks_after_one_table_of_this_workshop(make_workshop):
    workshop = make_workshop()
    school = workshop.themes[0]
    member = services.invite(workshop, "table_facilitator", theme_id=school.id)
    assert member.theme_id == school.id
    assert services.Actor.of_member(member).theme_id == school.id


def test_a_table_facilitator_without_a_table_is_refused(make_workshop, count_rows):
    workshop = make_workshop()
    with pytest.raises(InvalidInput) as refused:
        services.invite(workshop, "table_facilitator")
    assert refused.value.field == "theme_id"
    assert "table" in str(refused.value.message)
    db.session.rollback()
    assert count_rows(TeamMember) == 0


def test_a_table_of_another_workshop_is_refused(make_workshop):
    workshop, other = make_workshop(), make_workshop(title="Elsewhere")
    with pytest.raises(InvalidInput) as refused:
        services.invite(workshop, "table_facilitator", theme_id=other.themes[0].id)
    assert refused.value.field == "theme_id"


def test_other_roles_act_on_the_whole_room_so_a_table_is_ignored(make_workshop):
    workshop = make_workshop()
    member = services.invite(workshop, "interpreter", theme_id=workshop.themes[0].id)
    assert member.theme_id is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"role": "mayor"}, "role"), ({"role": "observer", "display_name": "x" * 41}, "display_name")],
)
def test_an_unknown_role_or_a_long_name_is_refused(make_workshop, kwargs, field):
    workshop = make_workshop()
    with pytest.raises(InvalidInput) as refused:
        services.invite(workshop, **kwargs)
    assert refused.value.field == field


def test_a_withdrawn_link_no_longer_names_anyone_but_the_member_is_kept(make_workshop):
    workshop = make_workshop()
    member = services.invite(workshop, "co_facilitator")
    kept = services.invite(workshop, "observer")
    services.revoke(member)
    services.revoke(member)  # twice is harmless
    db.session.commit()
    assert services.member_for_token(member.token) is None
    assert services.team_member(workshop, member.id) is None
    assert db.session.get(TeamMember, member.id).revoked_at is not None
    assert services.list_team(workshop) == [kept]


def test_the_team_list_is_per_workshop_in_invitation_order(make_workshop):
    workshop, other = make_workshop(), make_workshop(title="Elsewhere")
    a = services.invite(workshop, "observer")
    services.invite(other, "observer")
    b = services.invite(workshop, "table_facilitator", theme_id=workshop.themes[1].id)
    assert services.list_team(workshop) == [a, b]
    assert services.team_member(other, a.id) is None


def test_unknown_or_empty_tokens_name_nobody(make_workshop):
    make_workshop()
    assert services.member_for_token(None) is None
    assert services.member_for_token("") is None
    assert services.member_for_token("not-a-token") is None


def test_presence_counts_people_per_table_and_role_and_never_names_anyone(
    make_workshop, make_participant
):
    workshop = make_workshop()
    school, services_table = workshop.themes[0], workshop.themes[2]
    amina = make_participant(workshop, theme=school)
    li = make_participant(workshop, theme=school)
    official = make_participant(workshop, "decision_maker", theme=services_table)
    observer = services.invite(workshop, "observer")
    presence.connected("s1", workshop_id=workshop.id, view="phone", participant_id=amina.id)
    presence.connected("s2", workshop_id=workshop.id, view="phone", participant_id=amina.id)
    presence.connected("s3", workshop_id=workshop.id, view="phone", participant_id=official.id)
    presence.connected("s4", workshop_id=workshop.id, view="control", member_id=observer.id)
    db.session.commit()

    seen = live.presence(workshop)
    assert seen["by_table"][str(school.id)]["resident"] == 1  # two tabs, one person
    assert seen["by_table"][str(services_table.id)]["decision_maker"] == 1
    assert seen["total"] == 2 and seen["team"]["observer"] == 1
    assert "away" not in seen and "joined" not in seen  # the projector never gets names

    presence.disconnected("s1")
    presence.disconnected("s2")
    db.session.commit()
    control = live.presence(workshop, control=True)
    assert control["by_table"][str(school.id)]["resident"] == 0
    assert control["joined"][str(school.id)]["resident"] == 2
    assert control["team_invited"]["observer"] == 1
    assert "away" not in control  # away people are counted per table, never listed
    assert li.theme_id == school.id


def test_a_server_start_forgets_only_its_own_earlier_rows(make_workshop, count_rows):
    workshop = make_workshop()
    presence.connected("mine", workshop_id=workshop.id, view="screen")
    db.session.add(
        Presence(sid="theirs", server="elsewhere:1 2026", workshop_id=workshop.id, view="screen")
    )
    db.session.commit()
    assert presence.clear_stale() == 1
    db.session.commit()
    assert count_rows(Presence) == 1
    assert presence.clear_stale(everything=True) == 1
    assert count_rows(Presence) == 0

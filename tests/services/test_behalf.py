"""Input the team enters for people without a phone, quotes said aloud, and importing the
problems of earlier sessions."""

from __future__ import annotations

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Origin, Stage, TeamRole
from workshop.services import Actor, Forbidden, InvalidInput, NotFound, WrongStage, live
from workshop.services.behalf import add_person, capture_quote, person_for
from workshop.services.imports import import_problems


def test_an_interpreter_posts_a_card_for_someone_on_paper(make_workshop, member_of, move_to):
    workshop = make_workshop()
    interpreter = member_of(workshop, TeamRole.INTERPRETER)
    person = add_person(interpreter, role="resident", language="ar", theme_id=workshop.themes[1].id)
    move_to(workshop, Stage.PROBLEMS)

    card = services.post_problem(person, "لا أفهم رسائل المدرسة")

    assert person.token is None and person.on_behalf
    assert card.origin == Origin.ON_BEHALF
    assert card.entered_by_id == interpreter.member_id
    assert card.language == "ar" and card.theme_id == workshop.themes[1].id
    assert live.problems(workshop)[0]["origin"] == "on_behalf"


def test_dots_entered_for_someone_count_in_the_tally_and_respect_their_budget(
    make_workshop, make_participant, make_prototype, move_to
):
    workshop = make_workshop(dot_budget=2)
    prototype = make_prototype(make_participant(workshop))
    person = add_person(
        Actor.trainer(workshop),
        role="decision_maker",
        language="it",
        theme_id=workshop.themes[0].id,
    )
    move_to(workshop, Stage.VOTE)

    services.cast_vote(person, prototype.id, 1)
    services.cast_vote(person, prototype.id, 1)
    with pytest.raises(services.OverBudget):
        services.cast_vote(person, prototype.id, 1)

    tally = live.tallies(workshop)[str(prototype.id)]
    assert tally["total"] == 2 and tally["decision_maker"] == 2


def test_a_table_facilitator_enters_input_only_for_their_table(make_workshop, member_of):
    workshop = make_workshop()
    school, services_table = workshop.themes[0], workshop.themes[2]
    table = member_of(workshop, TeamRole.TABLE_FACILITATOR, theme=school)

    add_person(table, role="resident", language="uk", theme_id=school.id)
    with pytest.raises(Forbidden):
        add_person(table, role="resident", language="uk", theme_id=services_table.id)
    someone_else = add_person(
        Actor.trainer(workshop), role="resident", language="uk", theme_id=services_table.id
    )
    with pytest.raises(Forbidden):
        person_for(table, someone_else.id)


def test_an_observer_cannot_add_anyone_and_nothing_is_saved(make_workshop, member_of):
    workshop = make_workshop()
    observer = member_of(workshop, TeamRole.OBSERVER)

    with pytest.raises(Forbidden):
        add_person(observer, role="resident", language="en", theme_id=workshop.themes[0].id)
    assert services.behalf.people(workshop) == []


def test_a_person_needs_a_known_language(make_workshop):
    workshop = make_workshop()
    with pytest.raises(InvalidInput) as refused:
        add_person(
            Actor.trainer(workshop), role="resident", language="", theme_id=workshop.themes[0].id
        )
    assert refused.value.field == "language"


def test_a_phone_participant_cannot_be_acted_for(make_workshop, make_participant):
    workshop = make_workshop()
    phone = make_participant(workshop)

    with pytest.raises(NotFound):
        person_for(Actor.trainer(workshop), phone.id)


def test_a_quote_is_a_card_with_the_speakers_role_and_language_and_no_author(
    make_workshop, move_to
):
    workshop = make_workshop(template="listening")
    move_to(workshop, Stage.LISTEN)

    quote = capture_quote(
        Actor.trainer(workshop),
        "At the town hall nobody explained the form to me",
        role="resident",
        language="bn",
    )

    assert quote.origin == Origin.QUOTE and quote.author_id is None
    assert quote.author_role.value == "resident" and quote.language == "bn"
    assert quote.round_id == workshop.current_round_id
    [card] = live.problems(workshop)
    assert card["origin"] == "quote" and card["role"] == "resident"


def test_quotes_are_refused_outside_posting_stages(make_workshop):
    workshop = make_workshop(template="listening")

    with pytest.raises(WrongStage):
        capture_quote(Actor.trainer(workshop), "Hello", role="resident", language="en")


def test_an_observer_cannot_capture_a_quote(make_workshop, member_of, move_to, count_rows):
    from workshop.models import Problem

    workshop = make_workshop(template="listening")
    move_to(workshop, Stage.LISTEN)
    with pytest.raises(Forbidden):
        capture_quote(
            member_of(workshop, TeamRole.OBSERVER), "Hello", role="resident", language="en"
        )
    assert count_rows(Problem) == 0


# Importing problems into a meeting


@pytest.fixture
def listening_with_cards(make_workshop, make_participant, move_to):
    """A finished listening session: two cards on the wall, one hidden by a moderator."""
    listening = make_workshop(title="Listening in Prato", template="listening")
    move_to(listening, Stage.LISTEN)
    resident = make_participant(listening, language="ar")
    kept = services.post_problem(resident, "رسائل المدرسة بالإيطالية فقط")
    capture_quote(Actor.trainer(listening), "Queues at the registry", role="other", language="en")
    hidden = services.post_problem(resident, "spam")
    hidden.hidden = True
    move_to(listening, Stage.CLOSED)
    db.session.commit()
    return listening, kept


def test_a_meeting_imports_the_wall_of_a_listening_session(listening_with_cards, make_workshop):
    listening, kept = listening_with_cards
    meeting = make_workshop(title="Meeting", template="meeting")

    added = import_problems(Actor.trainer(meeting), listening.id)

    assert sorted(p.text for p in added) == [
        "Queues at the registry",
        "رسائل المدرسة بالإيطالية فقط",
    ]
    copy = next(p for p in added if p.source_id == kept.id)
    assert copy.origin == Origin.IMPORTED and copy.language == "ar"
    assert copy.workshop_id == meeting.id
    assert {c["origin"] for c in live.problems(meeting)} == {"imported"}


def test_importing_twice_adds_nothing_new(listening_with_cards, make_workshop):
    listening, _ = listening_with_cards
    meeting = make_workshop(template="meeting")
    import_problems(Actor.trainer(meeting), listening.id)

    assert import_problems(Actor.trainer(meeting), listening.id) == []
    assert len(live.problems(meeting)) == 2


def test_imported_cards_get_their_own_dots_in_the_meeting(
    listening_with_cards, make_workshop, make_participant, move_to
):
    listening, _ = listening_with_cards
    meeting = make_workshop(template="meeting")
    [copy, *_] = sorted(
        import_problems(Actor.trainer(meeting), listening.id), key=lambda p: p.source_id
    )
    official = make_participant(meeting, role="decision_maker")
    move_to(meeting, Stage.PRIORITISE)

    services.cast_problem_vote(official, copy.id, 1)

    tallies = live.problem_tallies(meeting, Stage.PRIORITISE)
    assert tallies[str(copy.id)]["decision_maker"] == 1


def test_import_is_refused_once_voting_started(listening_with_cards, make_workshop, move_to):
    listening, _ = listening_with_cards
    meeting = make_workshop(template="meeting", stage=Stage.PRIORITISE)

    with pytest.raises(WrongStage):
        import_problems(Actor.trainer(meeting), listening.id)


def test_another_trainers_session_cannot_be_imported(
    listening_with_cards, make_workshop, make_facilitator
):
    listening, _ = listening_with_cards
    stranger_meeting = make_workshop(facilitator=make_facilitator(), template="meeting")

    with pytest.raises(NotFound):
        import_problems(Actor.trainer(stranger_meeting), listening.id)


def test_only_roles_that_run_the_room_import(listening_with_cards, make_workshop, member_of):
    listening, _ = listening_with_cards
    meeting = make_workshop(template="meeting")

    with pytest.raises(Forbidden):
        import_problems(member_of(meeting, TeamRole.INTERPRETER), listening.id)


def test_under_pre_moderation_cards_typed_by_the_team_go_straight_to_the_wall(
    make_workshop, make_participant, move_to
):
    workshop = make_workshop(premoderation=True)
    person = add_person(
        Actor.trainer(workshop), role="resident", language="so", theme_id=workshop.themes[0].id
    )
    phone = make_participant(workshop)
    move_to(workshop, Stage.PROBLEMS)

    typed = services.post_problem(person, "Typed by the interpreter")
    posted = services.post_problem(phone, "Posted from a phone")

    assert typed.approved and not posted.approved
    assert [c["text"] for c in live.problems(workshop)] == ["Typed by the interpreter"]

"""Session templates, Focus and Priorities dots, responses and the closing question."""

from __future__ import annotations

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Decision, Feedback, Stage
from workshop.services import Forbidden, InvalidInput, OverBudget, WrongStage, live


@pytest.fixture
def focus_room(make_workshop, make_participant, make_problem, move_to):
    """School with three cards and two residents, Services with one card, in Focus."""
    workshop = make_workshop(dot_budget=3)
    school, _, services_table = workshop.themes
    amina = make_participant(workshop, theme=school)
    bilal = make_participant(workshop, theme=school)
    ola = make_participant(workshop, role="decision_maker", theme=services_table)
    cards = [make_problem(amina, t) for t in ("Forms", "Mediator", "Homework")]
    queue = make_problem(ola, "Queues")
    move_to(workshop, Stage.FOCUS)
    return workshop, amina, bilal, ola, cards, queue


def dot(participant, problem, times=1):
    for _ in range(times):
        services.cast_problem_vote(participant, problem.id, 1)
    db.session.commit()


def test_a_table_puts_dots_only_on_its_own_problems_in_focus(focus_room):
    _, amina, _, _, _, queue = focus_room

    with pytest.raises(InvalidInput, match="own problems"):
        services.cast_problem_vote(amina, queue.id, 1)


def test_focus_dots_have_their_own_budget(focus_room):
    _, amina, _, _, cards, _ = focus_room
    dot(amina, cards[0], 3)

    with pytest.raises(OverBudget):
        services.cast_problem_vote(amina, cards[1].id, 1)
    assert services.my_problem_votes(amina, Stage.FOCUS) == ({cards[0].id: 3}, 0)


def test_leaving_focus_marks_each_tables_most_dotted_problems(focus_room, move_to):
    workshop, amina, bilal, ola, cards, queue = focus_room
    dot(amina, cards[0], 2)
    dot(bilal, cards[1], 1)
    dot(ola, queue, 1)
    workshop.focus_count = 1

    move_to(workshop, Stage.PROTOTYPES)

    assert [c.focus for c in cards] == [True, False, False]
    assert queue.focus is True


def test_a_tie_at_the_cut_keeps_both_cards_and_undotted_cards_are_never_focus(focus_room, move_to):
    workshop, amina, bilal, _, cards, queue = focus_room
    dot(amina, cards[0], 1)
    dot(bilal, cards[1], 1)
    workshop.focus_count = 1

    move_to(workshop, Stage.PROTOTYPES)

    assert [c.focus for c in cards] == [True, True, False]
    assert queue.focus is False


def test_focus_chosen_by_hand_is_kept(focus_room, move_to):
    workshop, amina, _, _, cards, _ = focus_room
    dot(amina, cards[0], 3)
    cards[2].focus = True

    move_to(workshop, Stage.PROTOTYPES)

    assert [c.focus for c in cards] == [False, False, True]


def test_problem_dots_are_split_by_role(focus_room):
    workshop, amina, _, ola, cards, queue = focus_room
    dot(amina, cards[0], 2)
    dot(ola, queue, 1)

    tallies = live.problem_tallies(workshop, Stage.FOCUS)

    assert tallies[str(cards[0].id)] == {
        "total": 2,
        "resident": 2,
        "decision_maker": 0,
        "other": 0,
    }
    assert tallies[str(queue.id)]["decision_maker"] == 1


def test_in_a_meeting_everyone_puts_dots_on_any_problem(make_facilitator, count_rows):
    facilitator = make_facilitator()
    meeting = services.create_workshop(facilitator, title="Meeting", template="meeting")
    resident = services.join(meeting, role="resident", theme_id=None)
    official = services.join(meeting, role="decision_maker", theme_id=None)
    services.advance_stage(meeting, Stage.PROBLEMS)
    card = services.post_problem(resident, "Documents")
    services.advance_stage(meeting, Stage.PRIORITISE)

    services.cast_problem_vote(official, card.id, 1)
    db.session.commit()

    assert card.theme_id is None
    assert live.problem_tallies(meeting, Stage.PRIORITISE)[str(card.id)]["decision_maker"] == 1


def test_dots_on_problems_are_refused_outside_focus_and_priorities(focus_room, move_to):
    workshop, amina, _, _, cards, _ = focus_room
    move_to(workshop, Stage.PROTOTYPES)

    with pytest.raises(WrongStage):
        services.cast_problem_vote(amina, cards[0].id, 1)


# --- responses and the closing question ------------------------------------------------------


@pytest.fixture
def answered(make_workshop, make_participant, make_problem, make_prototype, move_to):
    workshop = make_workshop()
    amina = make_participant(workshop)
    dario = make_participant(workshop, role="decision_maker")
    make_problem(amina, "Forms")
    prototype = make_prototype(amina, title="Desk")
    return workshop, amina, dario, prototype


def test_a_decision_maker_responds_in_the_response_stage(answered, move_to):
    workshop, _, dario, prototype = answered
    move_to(workshop, Stage.RESPONSE)

    services.record_response(
        workshop, prototype.id, decision="adopt", reason="Budget found", participant=dario
    )
    db.session.commit()

    assert live.prototypes(workshop)[0]["response"] == {
        "decision": "adopt",
        "reason": "Budget found",
        "owner": "",
        "due_on": None,
    }


def test_a_later_response_replaces_the_earlier_one(answered, move_to):
    workshop, _, dario, prototype = answered
    move_to(workshop, Stage.RESPONSE)
    services.record_response(workshop, prototype.id, decision="adopt", participant=dario)
    services.record_response(workshop, prototype.id, decision="study", participant=dario)

    assert prototype.response.decision == Decision.STUDY


def test_residents_do_not_respond(answered, move_to):
    workshop, amina, _, prototype = answered
    move_to(workshop, Stage.RESPONSE)

    with pytest.raises(Forbidden):
        services.record_response(workshop, prototype.id, decision="adopt", participant=amina)


def test_decision_makers_respond_only_from_the_response_stage(answered):
    workshop, _, dario, prototype = answered

    with pytest.raises(WrongStage):
        services.record_response(workshop, prototype.id, decision="adopt", participant=dario)


def test_not_possible_needs_a_reason(answered, move_to):
    workshop, _, dario, prototype = answered
    move_to(workshop, Stage.RESPONSE)

    with pytest.raises(InvalidInput, match="why"):
        services.record_response(workshop, prototype.id, decision="not_possible", participant=dario)


def test_the_trainer_can_type_in_a_response_in_any_stage(answered):
    workshop, _, _, prototype = answered

    services.record_response(
        workshop, prototype.id, decision="study", facilitator=workshop.facilitator
    )

    assert prototype.response.facilitator_id == workshop.facilitator_id


def test_the_closing_question_is_answered_once_per_person(answered, move_to, count_rows):
    workshop, amina, _, _ = answered
    move_to(workshop, Stage.CLOSED)

    services.give_feedback(amina, 3)
    services.give_feedback(amina, 5, "Thank you")
    db.session.commit()

    assert count_rows(Feedback) == 1
    assert db.session.get(Feedback, amina.id).score == 5


@pytest.mark.parametrize("score", [0, 6])
def test_the_closing_score_is_from_1_to_5(answered, move_to, score):
    workshop, amina, _, _ = answered
    move_to(workshop, Stage.CLOSED)

    with pytest.raises(InvalidInput):
        services.give_feedback(amina, score)


def test_the_closing_question_waits_for_the_end(answered):
    _, amina, _, _ = answered

    with pytest.raises(WrongStage):
        services.give_feedback(amina, 4)


# --- templates, settings, duplicates ---------------------------------------------------------


def test_a_listening_session_has_rounds_and_no_tables(make_facilitator):
    session = services.create_workshop(make_facilitator(), title="Listen", template="listening")

    assert session.stages == (Stage.WELCOME, Stage.LISTEN, Stage.RESULTS, Stage.CLOSED)
    assert [r.prompt for r in session.rounds] == [
        "What works well in your experience here?",
        "What should change?",
    ]
    person = services.join(session, role="resident", theme_id=None)
    assert person.theme_id is None


def test_answers_in_a_listening_round_belong_to_the_round_and_await_a_theme(make_facilitator):
    session = services.create_workshop(make_facilitator(), title="Listen", template="listening")
    person = services.join(session, role="resident", theme_id=None)
    services.advance_stage(session, Stage.LISTEN)
    second = session.rounds[1]
    services.open_round(session, second.id)

    card = services.post_problem(person, "The school bus is late")

    assert (card.round_id, card.theme_id) == (second.id, None)


def test_a_round_table_uses_only_the_stages_the_trainer_chose(make_facilitator):
    table = services.create_workshop(
        make_facilitator(),
        title="Open day",
        template="roundtable",
        stages=[Stage.PROBLEMS, Stage.PRIORITISE],
    )

    assert table.stages == (Stage.WELCOME, Stage.PROBLEMS, Stage.PRIORITISE, Stage.CLOSED)
    with pytest.raises(InvalidInput):
        services.advance_stage(table, Stage.VOTE)


def test_a_stage_the_template_does_not_have_is_refused(make_facilitator):
    with pytest.raises(InvalidInput):
        services.create_workshop(
            make_facilitator(), title="Listen", template="listening", stages=[Stage.VOTE]
        )


def test_an_intercultural_review_lists_the_fourteen_index_areas(make_facilitator):
    review = services.create_workshop(make_facilitator(), title="ICC", template="review")

    assert len(review.rating_items) == 14
    assert review.rating_items[0].text == "Intercultural commitment"
    assert [c.name for c in review.criteria] == ["How well does our city do this today?"]


def test_a_prototype_review_rates_an_earlier_workshops_prototypes(answered):
    workshop, _, _, prototype = answered

    review = services.create_workshop(
        workshop.facilitator, title="Review", template="prototype_review", review_of=workshop
    )

    assert [(i.text, i.prototype_id) for i in review.rating_items] == [("Desk", prototype.id)]
    assert [c.name for c in review.criteria] == ["Impact", "Feasibility", "Cost (5 = affordable)"]


def test_settings_change_before_the_session_starts_and_not_after(make_workshop):
    workshop = make_workshop()

    services.update_settings(
        workshop,
        title="New title",
        themes=[services.ThemeSpec("Housing", "housing", "#112233")],
        dot_budget=5,
        stages=[Stage.PROBLEMS, Stage.VOTE],
    )
    assert (workshop.title, [t.name for t in workshop.themes], workshop.dot_budget) == (
        "New title",
        ["Housing"],
        5,
    )
    assert workshop.stages == (Stage.WELCOME, Stage.PROBLEMS, Stage.VOTE, Stage.CLOSED)

    services.advance_stage(workshop, Stage.PROBLEMS)
    with pytest.raises(WrongStage):
        services.update_settings(
            workshop, title="Late", themes=[], dot_budget=3, stages=[Stage.PROBLEMS]
        )


def test_a_duplicate_keeps_the_settings_and_none_of_the_people(answered, count_rows):
    workshop, _, _, _ = answered

    copy = services.duplicate_workshop(workshop, workshop.facilitator)

    assert copy.code != workshop.code
    assert copy.title == f"{workshop.title} (copy)"
    assert [t.name for t in copy.themes] == [t.name for t in workshop.themes]
    assert copy.stages == workshop.stages
    assert copy.copied_from_id == workshop.id
    assert copy.participants == []

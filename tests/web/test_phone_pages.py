"""Phone pages over HTTP: typing the code, joining, and each stage's page and form posts."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from workshop.extensions import db
from workshop.models import Participant, Problem, Prototype, Stage, Support, Vote

from .conftest import csrf_token_for, input_values, location, text_of

UNKNOWN_CODE = "QQQQQQ"


def remaining_dots(page: str) -> int:
    return int(re.search(r"<span data-remaining>(\d+)</span>", page).group(1))


def my_dots_on(page: str, prototype) -> int:
    return int(re.search(rf'data-my-dots="{prototype.id}"[^>]*>(\d+)<', page).group(1))


def join_form(theme=None, role="resident"):
    data = {"role": role}
    if theme is not None:
        data["theme_id"] = str(theme.id)
    return data


# Typing the code


@pytest.mark.parametrize("typed", ["{lower}", "{dashed}", " {spaced} "])
def test_a_typed_code_in_any_case_or_with_a_dash_opens_the_join_page(client, make_workshop, typed):
    workshop = make_workshop()
    code = workshop.code
    variants = {
        "lower": code.lower(),
        "dashed": f"{code[:3]}-{code[3:]}".lower(),
        "spaced": f"{code[:3]} {code[3:]}",
    }

    response = client.post("/join", data={"code": typed.format(**variants)})

    assert location(response) == f"/j/{code}"


def test_a_join_link_in_lower_case_leads_to_the_canonical_join_page(client, make_workshop):
    workshop = make_workshop()

    response = client.get(f"/j/{workshop.code.lower()}")

    assert location(response) == f"/j/{workshop.code}"


def test_an_unknown_typed_code_says_there_is_no_such_workshop(client, make_workshop):
    make_workshop()

    response = client.post("/join", data={"code": UNKNOWN_CODE})

    assert response.status_code == 400
    assert "There is no workshop with this code" in text_of(response)


def test_an_unknown_join_link_says_there_is_no_such_workshop(client, make_workshop):
    make_workshop()

    response = client.get(f"/j/{UNKNOWN_CODE}")

    assert response.status_code == 404
    assert "There is no workshop with this code" in text_of(response)


def test_an_empty_code_asks_for_the_code_on_the_screen(client):
    response = client.post("/join", data={"code": ""})

    assert response.status_code == 400
    assert "Type the code shown on the screen." in text_of(response)


# Joining


def test_the_join_page_offers_the_roles_and_the_workshops_tables(client, make_workshop):
    workshop = make_workshop(title="Living in Prato")

    response = client.get(f"/j/{workshop.code}")

    assert response.status_code == 200
    page = text_of(response)
    assert "Living in Prato" in page
    assert input_values(page, "role", "radio") == ["resident", "decision_maker", "other"]
    assert "Decision maker" in page
    assert input_values(page, "theme_id", "radio") == [str(t.id) for t in workshop.themes]
    for theme in workshop.themes:
        assert theme.name in page


def test_joining_opens_the_phone_page_at_my_table(client, make_workshop, count_rows):
    workshop = make_workshop()
    table = workshop.themes[1]

    response = client.post(f"/j/{workshop.code}", data=join_form(table, role="decision_maker"))

    assert location(response) == f"/w/{workshop.code}"
    [participant] = db.session.scalars(select(Participant))
    assert (participant.theme_id, participant.role.value) == (table.id, "decision_maker")
    page = text_of(client.get(f"/w/{workshop.code}"))
    assert f'data-theme-id="{table.id}"' in page
    assert table.name in page


def test_joining_asks_for_no_name_and_keeps_none_sent_anyway(client, make_workshop):
    workshop = make_workshop()

    page = text_of(client.get(f"/j/{workshop.code}"))
    response = client.post(
        f"/j/{workshop.code}", data={**join_form(workshop.themes[0]), "display_name": "Amina"}
    )

    assert 'name="display_name"' not in page and "Name" not in page
    assert location(response) == f"/w/{workshop.code}"
    [participant] = db.session.scalars(select(Participant))
    assert participant.display_name is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"role": ""}, "Choose who you are.", id="no-role"),
        pytest.param({"theme_id": ""}, "Choose a table.", id="no-table"),
        pytest.param({"role": "mayor"}, "Not a valid choice", id="unknown-role"),
    ],
)
def test_joining_without_a_role_or_a_table_is_refused_with_a_message(
    client, make_workshop, count_rows, data, message
):
    workshop = make_workshop()
    form = {**join_form(workshop.themes[0]), **data}

    response = client.post(f"/j/{workshop.code}", data=form)

    assert response.status_code == 400
    assert message in text_of(response)
    assert count_rows(Participant) == 0


def test_a_table_of_another_workshop_cannot_be_chosen(client, make_workshop, count_rows):
    workshop = make_workshop()
    elsewhere = make_workshop(title="Another room")

    response = client.post(f"/j/{workshop.code}", data=join_form(elsewhere.themes[0]))

    assert response.status_code == 400
    assert count_rows(Participant) == 0


def test_a_returning_phone_goes_straight_in_as_the_same_participant(
    client, make_workshop, count_rows
):
    workshop = make_workshop()
    client.post(f"/j/{workshop.code}", data=join_form(workshop.themes[0]))

    again = client.get(f"/j/{workshop.code}")
    reloaded = client.get(f"/w/{workshop.code}")

    assert location(again) == f"/w/{workshop.code}"
    assert reloaded.status_code == 200
    assert count_rows(Participant) == 1


def test_posting_the_join_form_twice_does_not_make_a_second_participant(
    client, make_workshop, count_rows
):
    workshop = make_workshop()
    client.post(f"/j/{workshop.code}", data=join_form(workshop.themes[0]))

    response = client.post(f"/j/{workshop.code}", data=join_form(workshop.themes[1]))

    assert location(response) == f"/w/{workshop.code}"
    assert count_rows(Participant) == 1


def test_the_phone_page_without_joining_sends_to_the_join_page(client, make_workshop):
    workshop = make_workshop()

    response = client.get(f"/w/{workshop.code}")

    assert location(response) == f"/j/{workshop.code}"


def test_an_action_without_joining_sends_to_the_join_page(client, make_workshop, count_rows):
    workshop = make_workshop(stage=Stage.PROBLEMS)

    response = client.post(f"/w/{workshop.code}/post_problem", data={"text": "No bus at night"})

    assert location(response) == f"/j/{workshop.code}"
    assert count_rows(Problem) == 0


def test_a_participant_of_one_workshop_cannot_act_in_another(
    make_workshop, make_participant, phone_of, count_rows
):
    mine = make_workshop(stage=Stage.PROBLEMS)
    other = make_workshop(title="Another room", stage=Stage.PROBLEMS)
    phone = phone_of(make_participant(mine))

    response = phone.post(f"/w/{other.code}/post_problem", data={"text": "No bus at night"})

    assert location(response) == f"/j/{other.code}"
    assert location(phone.get(f"/w/{other.code}")) == f"/j/{other.code}"
    assert count_rows(Problem) == 0


def test_a_closed_workshop_refuses_new_participants_with_a_message(
    client, make_workshop, count_rows
):
    workshop = make_workshop(stage=Stage.CLOSED)

    response = client.post(f"/j/{workshop.code}", data=join_form(workshop.themes[0]))

    assert response.status_code == 400
    assert "This workshop has ended; you can no longer join." in text_of(response)
    assert count_rows(Participant) == 0


def test_the_join_page_of_a_closed_workshop_says_it_has_ended_and_offers_no_form(
    client, make_workshop
):
    workshop = make_workshop(stage=Stage.CLOSED)

    response = client.get(f"/j/{workshop.code}")

    page = text_of(response)
    assert "This workshop has ended; you can no longer join." in page
    assert input_values(page, "role") == []


def test_a_participant_who_joined_before_the_end_still_sees_the_closing_page(
    make_workshop, make_participant, phone_of, move_to
):
    workshop = make_workshop()
    phone = phone_of(make_participant(workshop))
    move_to(workshop, Stage.CLOSED)

    assert location(phone.get(f"/j/{workshop.code}")) == f"/w/{workshop.code}"
    assert "Thank you for taking part!" in text_of(phone.get(f"/w/{workshop.code}"))


def test_an_unknown_phone_intent_is_not_found(make_workshop, make_participant, phone_of):
    workshop = make_workshop()
    phone = phone_of(make_participant(workshop))

    assert phone.post(f"/w/{workshop.code}/delete_wall").status_code == 404


# What each stage shows


@pytest.fixture
def room(make_workshop, make_participant, make_problem, make_prototype, move_to):
    """A 3-dot workshop with two problems at the school table, one at services, a prototype.

    ``me`` sits at the school table; ``neighbour`` too; ``far`` at the services table.
    It is left in the Welcome stage.
    """
    workshop = make_workshop(dot_budget=3)
    school, services_table = workshop.themes[0], workshop.themes[2]
    me = make_participant(workshop, theme=school)
    neighbour = make_participant(workshop, theme=school, role="decision_maker")
    far = make_participant(workshop, theme=services_table)
    forms = make_problem(neighbour, "The school letters are only in Italian")
    meetings = make_problem(neighbour, "Parent meetings are at 3 pm")
    offices = make_problem(far, "Every office asks for the same documents")
    desk = make_prototype(neighbour, title="Welcome desk", problems=[forms])
    map_ = make_prototype(far, title="Plain-language map", problems=[offices])
    move_to(workshop, Stage.WELCOME)
    return SimpleNamespace(
        workshop=workshop,
        code=workshop.code,
        me=me,
        neighbour=neighbour,
        problems=SimpleNamespace(forms=forms, meetings=meetings, offices=offices),
        desk=desk,
        map=map_,
    )


@pytest.fixture
def my_phone(room, phone_of):
    return phone_of(room.me)


def test_the_welcome_page_says_you_are_in_and_has_nothing_to_post(room, my_phone):
    page = text_of(my_phone.get(f"/w/{room.code}"))

    assert "You are in." in page
    assert "/post_problem" not in page
    assert "/create_prototype" not in page
    assert "data-remaining" not in page


def test_the_problems_page_has_the_post_form_and_me_too_buttons(room, my_phone, move_to):
    move_to(room.workshop, Stage.PROBLEMS)

    page = text_of(my_phone.get(f"/w/{room.code}"))

    assert f'action="/w/{room.code}/post_problem"' in page
    assert re.search(r'<textarea[^>]*name="text"', page)
    assert "The school letters are only in Italian" in page
    assert str(room.problems.forms.id) in input_values(page, "problem_id")
    assert "/create_prototype" not in page
    assert "data-remaining" not in page


def test_the_prototypes_page_offers_only_my_tables_problems_as_checkboxes(room, my_phone, move_to):
    move_to(room.workshop, Stage.PROTOTYPES)

    page = text_of(my_phone.get(f"/w/{room.code}"))

    assert f'action="/w/{room.code}/create_prototype"' in page
    checkboxes = {int(v) for v in input_values(page, "problem_ids", "checkbox")}
    assert checkboxes == {room.problems.forms.id, room.problems.meetings.id}
    assert "/post_problem" not in page
    assert "Welcome desk" in page


def test_the_vote_page_shows_the_dots_left_and_plus_and_minus_for_every_prototype(
    room, my_phone, move_to
):
    move_to(room.workshop, Stage.VOTE)

    page = text_of(my_phone.get(f"/w/{room.code}"))

    assert remaining_dots(page) == 3
    assert "dots left" in page
    for prototype in (room.desk, room.map):
        assert my_dots_on(page, prototype) == 0
    assert page.count(f'action="/w/{room.code}/vote"') == 4
    assert sorted(input_values(page, "delta")) == ["-1", "-1", "1", "1"]
    assert sorted(input_values(page, "prototype_id")) == sorted(
        [str(room.desk.id), str(room.map.id)] * 2
    )
    assert "/post_problem" not in page
    assert "/create_prototype" not in page


def test_the_vote_page_hides_the_rooms_tallies_until_they_are_revealed(
    room, my_phone, move_to, phone_of
):
    move_to(room.workshop, Stage.VOTE)
    phone_of(room.neighbour).post(
        f"/w/{room.code}/vote", data={"prototype_id": room.desk.id, "delta": 1}
    )

    page = text_of(my_phone.get(f"/w/{room.code}"))

    assert "data-tally" not in page


@pytest.mark.parametrize(
    ("stage", "intent", "data", "message", "model"),
    [
        pytest.param(
            Stage.WELCOME,
            "post_problem",
            lambda room: {"text": "No bus at night"},
            "Problems can only be posted in the Problems stage.",
            Problem,
            id="problem-in-welcome",
        ),
        pytest.param(
            Stage.PROTOTYPES,
            "post_problem",
            lambda room: {"text": "No bus at night"},
            "Problems can only be posted in the Problems stage.",
            Problem,
            id="problem-in-prototypes",
        ),
        pytest.param(
            Stage.VOTE,
            "support",
            lambda room: {"problem_id": room.problems.forms.id, "supported": "y"},
            '"Me too" is only possible in the Problems stage.',
            Support,
            id="me-too-in-vote",
        ),
        pytest.param(
            Stage.PROBLEMS,
            "create_prototype",
            lambda room: {"title": "Night bus", "what_changes": "A bus at night"},
            "Prototypes can only be made in the Prototypes stage.",
            Prototype,
            id="prototype-in-problems",
        ),
        pytest.param(
            Stage.PROTOTYPES,
            "vote",
            lambda room: {"prototype_id": room.desk.id, "delta": "1"},
            "Voting is only open in the Vote stage.",
            Vote,
            id="vote-in-prototypes",
        ),
        pytest.param(
            Stage.RESULTS,
            "vote",
            lambda room: {"prototype_id": room.desk.id, "delta": "1"},
            "Voting is only open in the Vote stage.",
            Vote,
            id="vote-in-results",
        ),
    ],
)
def test_an_action_the_stage_does_not_allow_is_refused_and_nothing_is_saved(
    room, my_phone, move_to, count_rows, stage, intent, data, message, model
):
    move_to(room.workshop, stage)
    before = count_rows(model)

    response = my_phone.post(f"/w/{room.code}/{intent}", data=data(room))

    assert response.status_code == 400
    assert message in text_of(response)
    assert count_rows(model) == before


@pytest.fixture
def other_room(make_workshop, make_participant, make_problem, make_prototype):
    """Another workshop with a card and a prototype of its own."""
    workshop = make_workshop(title="Another room")
    someone = make_participant(workshop)
    problem = make_problem(someone, "Someone else's problem")
    prototype = make_prototype(someone, title="Someone else's prototype", problems=[problem])
    return SimpleNamespace(workshop=workshop, problem=problem, prototype=prototype)


@pytest.mark.parametrize(
    ("stage", "intent", "data", "message", "model"),
    [
        pytest.param(
            Stage.PROBLEMS,
            "support",
            lambda other: {"problem_id": other.problem.id, "supported": "y"},
            "This card no longer exists.",
            Support,
            id="me-too",
        ),
        pytest.param(
            Stage.PROTOTYPES,
            "create_prototype",
            lambda other: {
                "title": "Borrowed",
                "problem_ids": [str(other.problem.id)],
                "what_changes": "Something",
            },
            "A prototype can only answer problems of its own table.",
            Prototype,
            id="prototype",
        ),
        pytest.param(
            Stage.VOTE,
            "vote",
            lambda other: {"prototype_id": other.prototype.id, "delta": "1"},
            "This prototype does not exist.",
            Vote,
            id="vote",
        ),
    ],
)
def test_a_participant_cannot_touch_cards_or_prototypes_of_another_workshop(
    room, other_room, my_phone, move_to, count_rows, stage, intent, data, message, model
):
    move_to(room.workshop, stage)
    move_to(other_room.workshop, stage)
    before = count_rows(model)

    response = my_phone.post(f"/w/{room.code}/{intent}", data=data(other_room))

    assert response.status_code == 400
    assert message in text_of(response)
    assert count_rows(model) == before


def test_with_csrf_on_a_post_needs_the_token_of_the_page(app, room, my_phone, move_to, count_rows):
    app.config["WTF_CSRF_ENABLED"] = True
    move_to(room.workshop, Stage.PROBLEMS)
    url = f"/w/{room.code}/post_problem"

    refused = my_phone.post(url, data={"text": "No bus at night"})

    assert refused.status_code == 400
    assert count_rows(Problem) == 3
    token = csrf_token_for(my_phone, f"/w/{room.code}")
    accepted = my_phone.post(url, data={"text": "No bus at night", "csrf_token": token})
    assert location(accepted) == f"/w/{room.code}"
    assert count_rows(Problem) == 4


# Form posts in the right stage


def test_posting_a_problem_puts_it_on_my_tables_wall(room, my_phone, move_to):
    move_to(room.workshop, Stage.PROBLEMS)

    response = my_phone.post(f"/w/{room.code}/post_problem", data={"text": " No bus at night "})

    assert location(response) == f"/w/{room.code}"
    [problem] = db.session.scalars(select(Problem).where(Problem.author_id == room.me.id))
    assert (problem.text, problem.theme_id) == ("No bus at night", room.me.theme_id)
    assert "No bus at night" in text_of(my_phone.get(location(response)))


def test_a_too_long_problem_is_refused_and_the_typed_text_is_kept(
    room, my_phone, move_to, count_rows
):
    move_to(room.workshop, Stage.PROBLEMS)
    typed = "The bus stops at nine " + "x" * 259
    assert len(typed) == 281

    response = my_phone.post(f"/w/{room.code}/post_problem", data={"text": typed})

    assert response.status_code == 400
    page = text_of(response)
    assert "This is too long: at most 280 characters." in page
    assert re.search(rf"<textarea[^>]*>\s*{typed}</textarea>", page)
    assert count_rows(Problem) == 3


def test_a_problem_of_exactly_280_characters_is_accepted(room, my_phone, move_to, count_rows):
    move_to(room.workshop, Stage.PROBLEMS)

    response = my_phone.post(f"/w/{room.code}/post_problem", data={"text": "y" * 280})

    assert location(response) == f"/w/{room.code}"
    assert count_rows(Problem) == 4


def test_an_empty_problem_asks_to_write_it_first(room, my_phone, move_to, count_rows):
    move_to(room.workshop, Stage.PROBLEMS)

    response = my_phone.post(f"/w/{room.code}/post_problem", data={"text": "   "})

    assert response.status_code == 400
    assert "Write the problem first." in text_of(response)
    assert count_rows(Problem) == 3


def test_me_too_on_a_card_counts_once_and_can_be_taken_back(room, my_phone, move_to):
    move_to(room.workshop, Stage.PROBLEMS)
    card = room.problems.forms
    url = f"/w/{room.code}/support"

    first = my_phone.post(url, data={"problem_id": card.id, "supported": "y"})
    my_phone.post(url, data={"problem_id": card.id, "supported": "y"})

    assert location(first) == f"/w/{room.code}#problem-{card.id}"
    assert len(card.supports) == 1
    my_phone.post(url, data={"problem_id": card.id, "supported": ""})
    db.session.refresh(card)
    assert card.supports == []


def test_a_prototype_saved_from_the_canvas_answers_the_ticked_problems(room, my_phone, move_to):
    move_to(room.workshop, Stage.PROTOTYPES)
    ticked = [room.problems.forms.id, room.problems.meetings.id]

    response = my_phone.post(
        f"/w/{room.code}/create_prototype",
        data={
            "title": "Parents' evening",
            "problem_ids": [str(i) for i in ticked],
            "what_changes": "Meetings in the evening with an interpreter",
            "who_acts": "Head teachers",
        },
    )

    assert location(response) == f"/w/{room.code}"
    prototype = db.session.scalar(select(Prototype).where(Prototype.author_id == room.me.id))
    assert [p.id for p in prototype.problems] == ticked
    assert prototype.who_acts == "Head teachers"


def test_a_prototype_cannot_answer_another_tables_problem(room, my_phone, move_to, count_rows):
    move_to(room.workshop, Stage.PROTOTYPES)

    response = my_phone.post(
        f"/w/{room.code}/create_prototype",
        data={
            "title": "One desk",
            "problem_ids": [str(room.problems.offices.id)],
            "what_changes": "One desk for everything",
        },
    )

    assert response.status_code == 400
    page = text_of(response)
    assert "A prototype can only answer problems of its own table." in page
    assert input_values(page, "title") == ["One desk"]
    assert count_rows(Prototype) == 2


def test_voting_updates_the_dots_left_on_the_page(room, my_phone, move_to):
    move_to(room.workshop, Stage.VOTE)
    url = f"/w/{room.code}/vote"

    response = my_phone.post(url, data={"prototype_id": room.desk.id, "delta": "1"})
    assert location(response) == f"/w/{room.code}#vote"
    page = text_of(my_phone.get(f"/w/{room.code}"))
    assert (remaining_dots(page), my_dots_on(page, room.desk)) == (2, 1)

    my_phone.post(url, data={"prototype_id": room.desk.id, "delta": "1"})
    my_phone.post(url, data={"prototype_id": room.map.id, "delta": "1"})
    page = text_of(my_phone.get(f"/w/{room.code}"))
    assert (remaining_dots(page), my_dots_on(page, room.desk), my_dots_on(page, room.map)) == (
        0,
        2,
        1,
    )

    my_phone.post(url, data={"prototype_id": room.desk.id, "delta": "-1"})
    page = text_of(my_phone.get(f"/w/{room.code}"))
    assert (remaining_dots(page), my_dots_on(page, room.desk)) == (1, 1)


def test_a_dot_beyond_the_budget_is_refused_with_a_message(room, my_phone, move_to):
    move_to(room.workshop, Stage.VOTE)
    url = f"/w/{room.code}/vote"
    for _ in range(3):
        my_phone.post(url, data={"prototype_id": room.desk.id, "delta": "1"})

    response = my_phone.post(url, data={"prototype_id": room.map.id, "delta": "1"})

    assert response.status_code == 400
    page = text_of(response)
    assert "You have used all your dots. Take one back to move it." in page
    assert remaining_dots(page) == 0
    assert sum(v.dots for v in db.session.scalars(select(Vote))) == 3


@pytest.mark.parametrize("delta", ["2", "0", "-3", "lots"])
def test_a_vote_of_more_than_one_dot_at_a_time_is_refused(
    room, my_phone, move_to, count_rows, delta
):
    move_to(room.workshop, Stage.VOTE)

    response = my_phone.post(
        f"/w/{room.code}/vote", data={"prototype_id": room.desk.id, "delta": delta}
    )

    assert response.status_code == 400
    assert count_rows(Vote) == 0


def test_the_results_page_shows_the_ranking_on_the_phone(room, my_phone, move_to, phone_of):
    move_to(room.workshop, Stage.VOTE)
    my_phone.post(f"/w/{room.code}/vote", data={"prototype_id": room.map.id, "delta": "1"})
    move_to(room.workshop, Stage.RESULTS)

    page = text_of(my_phone.get(f"/w/{room.code}"))

    assert "Welcome desk" in page
    assert "Plain-language map" in page
    assert "data-tally" in page

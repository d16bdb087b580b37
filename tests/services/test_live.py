"""Read models: what the projector, the control screen and the phones draw."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Stage
from workshop.services import live


@pytest.fixture
def room(make_workshop, make_participant, make_problem, make_prototype, move_to):
    """A co-projecting workshop played through to the Vote stage, plus a second workshop.

    School: Amina (resident) and Dario (decision maker); Participation: Bilal (resident);
    Services: Ola (other). Nothing of the second workshop may show up in the first.
    """
    workshop = make_workshop(dot_budget=5)
    school, participation, services_table = workshop.themes
    r = SimpleNamespace(workshop=workshop, school=school, services_table=services_table)
    r.amina = make_participant(workshop, theme=school)
    r.dario = make_participant(workshop, role="decision_maker", theme=school)
    r.bilal = make_participant(workshop, theme=participation)
    r.ola = make_participant(workshop, role="other", theme=services_table)

    r.forms = make_problem(r.amina, "Forms only in Italian")
    r.mediator = make_problem(r.dario, "No mediator at enrolment")
    r.queues = make_problem(r.ola, "Long queues at the registry")
    for supporter, problem in [(r.bilal, r.forms), (r.ola, r.forms), (r.amina, r.mediator)]:
        services.set_support(supporter, problem.id, True)
    db.session.commit()

    r.desk = make_prototype(r.amina, title="Welcome desk", problems=[r.mediator, r.forms])
    r.board = make_prototype(r.dario, title="Parents' board", problems=[r.forms])
    r.bench = make_prototype(r.amina, title="Homework bench")
    r.app = make_prototype(r.ola, title="One-stop app", problems=[r.queues])
    move_to(workshop, Stage.VOTE)
    for voter, prototype, dots in [
        (r.amina, r.desk, 2),
        (r.dario, r.board, 1),
        (r.bilal, r.board, 1),
        (r.dario, r.bench, 3),
        (r.ola, r.app, 1),
    ]:
        for _ in range(dots):
            services.cast_vote(voter, prototype.id, 1)
    db.session.commit()

    elsewhere = make_workshop(stage=Stage.PROBLEMS)
    stranger = make_participant(elsewhere)
    make_problem(stranger, "Elsewhere")
    theirs = make_prototype(stranger, title="Elsewhere")
    move_to(elsewhere, Stage.VOTE)
    services.cast_vote(stranger, theirs.id, 1)
    db.session.commit()
    return r


def test_the_header_counts_the_people_and_the_dots_of_the_workshop(room):
    assert live.header(room.workshop) == {
        "code": room.workshop.code,
        "template": "workshop",
        "stage": "vote",
        "stages": [s.value for s in room.workshop.stages],
        "revealed": False,
        "dot_budget": 5,
        "participants": 4,
        "dots_cast": 8,
        "timer": None,
        "projector_theme_id": None,
        "round_id": None,
    }


def test_the_header_of_an_empty_workshop_counts_zero(make_workshop):
    header = live.header(make_workshop())

    assert (header["stage"], header["participants"], header["dots_cast"]) == ("welcome", 0, 0)


def test_the_header_follows_the_stage_and_the_reveal(room, move_to):
    move_to(room.workshop, Stage.RESULTS)

    assert live.header(room.workshop)["stage"] == "results"
    assert live.header(room.workshop)["revealed"] is True


def test_the_tables_are_listed_in_wall_order(room):
    assert live.themes(room.workshop) == [
        {"id": t.id, "name": t.name, "icon": t.icon, "colour": t.colour}
        for t in room.workshop.themes
    ]
    assert [t["name"] for t in live.themes(room.workshop)] == [
        "School",
        "Participation",
        "Services",
    ]


def test_problem_cards_carry_their_me_too_count_and_the_authors_role(room):
    assert live.problems(room.workshop) == [
        {
            "id": room.forms.id,
            "theme_id": room.school.id,
            "text": "Forms only in Italian",
            "role": "resident",
            "supports": 2,
            "origin": "phone",
            "focus": False,
            "round_id": None,
            "language": "en",
            "translations": {},
        },
        {
            "id": room.mediator.id,
            "theme_id": room.school.id,
            "text": "No mediator at enrolment",
            "role": "decision_maker",
            "supports": 1,
            "origin": "phone",
            "focus": False,
            "round_id": None,
            "language": "en",
            "translations": {},
        },
        {
            "id": room.queues.id,
            "theme_id": room.services_table.id,
            "text": "Long queues at the registry",
            "role": "other",
            "supports": 0,
            "origin": "phone",
            "focus": False,
            "round_id": None,
            "language": "en",
            "translations": {},
        },
    ]


def test_only_the_problem_cards_asked_for_are_read(room):
    cards = live.problems(room.workshop, {room.queues.id, room.forms.id})

    assert [card["id"] for card in cards] == [room.forms.id, room.queues.id]


def test_prototypes_carry_their_canvas_and_the_ids_of_their_problems(room):
    prototypes = {p["id"]: p for p in live.prototypes(room.workshop)}

    assert list(prototypes) == [room.desk.id, room.board.id, room.bench.id, room.app.id]
    assert prototypes[room.desk.id] == {
        "id": room.desk.id,
        "theme_id": room.school.id,
        "title": "Welcome desk",
        "what_changes": "Forms in five languages",
        "who_benefits": "",
        "who_acts": "",
        "first_step": "",
        "language": "en",
        "translations": {},
        "problem_ids": sorted([room.forms.id, room.mediator.id]),
        "role": "resident",
        "origin": "phone",
        "response": None,
        "photo": None,
    }
    assert prototypes[room.board.id]["role"] == "decision_maker"
    assert prototypes[room.bench.id]["problem_ids"] == [room.forms.id]
    assert prototypes[room.app.id]["problem_ids"] == [room.queues.id]


def test_only_the_prototypes_asked_for_are_read(room):
    assert [p["id"] for p in live.prototypes(room.workshop, {room.app.id})] == [room.app.id]


def test_tallies_split_the_dots_by_the_voters_role(room):
    assert live.tallies(room.workshop) == {
        str(room.desk.id): {"total": 2, "resident": 2, "decision_maker": 0, "other": 0},
        str(room.board.id): {"total": 2, "resident": 1, "decision_maker": 1, "other": 0},
        str(room.bench.id): {"total": 3, "resident": 0, "decision_maker": 3, "other": 0},
        str(room.app.id): {"total": 1, "resident": 0, "decision_maker": 0, "other": 1},
    }


def test_a_prototype_without_dots_has_a_zero_tally(make_workshop, make_participant, make_prototype):
    workshop = make_workshop()
    prototype = make_prototype(make_participant(workshop))

    assert live.tallies(workshop) == {
        str(prototype.id): {"total": 0, "resident": 0, "decision_maker": 0, "other": 0}
    }


def test_a_dot_taken_back_leaves_the_tally(room):
    services.cast_vote(room.amina, room.desk.id, -1)
    db.session.commit()

    assert live.tallies(room.workshop)[str(room.desk.id)]["total"] == 1
    assert live.header(room.workshop)["dots_cast"] == 7


def test_results_rank_each_tables_prototypes_with_ties_to_the_earlier_one(room):
    results = live.results(room.workshop)

    assert [entry["theme"]["name"] for entry in results] == [
        "School",
        "Participation",
        "Services",
    ]
    ranked = [[p["id"] for p in entry["prototypes"]] for entry in results]
    # Bench has 3 dots; Desk and Board tie on 2, and Desk was made first.
    assert ranked == [[room.bench.id, room.desk.id, room.board.id], [], [room.app.id]]
    assert results[0]["prototypes"][0]["tally"] == {
        "total": 3,
        "resident": 0,
        "decision_maker": 3,
        "other": 0,
    }
    assert results[0]["prototypes"][0]["title"] == "Homework bench"


def test_participation_counts_people_by_role_and_by_table(room, make_participant):
    make_participant(room.workshop, theme=room.school)

    assert live.participation(room.workshop) == {
        "total": 5,
        "by_role": {"resident": 3, "decision_maker": 1, "other": 1},
        "by_theme": {
            str(room.school.id): 3,
            str(room.workshop.themes[1].id): 1,
            str(room.services_table.id): 1,
        },
        "by_table": {
            str(room.school.id): {"resident": 2, "decision_maker": 1, "other": 0},
            str(room.workshop.themes[1].id): {"resident": 1, "decision_maker": 0, "other": 0},
            str(room.services_table.id): {"resident": 0, "decision_maker": 0, "other": 1},
        },
    }


def test_participation_of_an_empty_workshop_lists_every_table_at_zero(make_workshop):
    workshop = make_workshop()

    assert live.participation(workshop) == {
        "total": 0,
        "by_role": {"resident": 0, "decision_maker": 0, "other": 0},
        "by_theme": {str(t.id): 0 for t in workshop.themes},
        "by_table": {
            str(t.id): {"resident": 0, "decision_maker": 0, "other": 0} for t in workshop.themes
        },
    }


def test_a_snapshot_draws_the_whole_workshop_without_tallies_or_me(room):
    snapshot = live.snapshot(room.workshop)

    assert set(snapshot) == {
        "seq",
        "pseq",
        "workshop",
        "themes",
        "rounds",
        "problems",
        "prototypes",
    }
    assert snapshot["seq"] == room.workshop.seq
    assert snapshot["pseq"] == room.workshop.phone_seq
    assert snapshot["workshop"] == live.header(room.workshop)
    assert snapshot["themes"] == live.themes(room.workshop)
    assert snapshot["problems"] == live.problems(room.workshop)
    assert snapshot["prototypes"] == live.prototypes(room.workshop)


def test_a_snapshot_has_tallies_only_when_asked(room):
    snapshot = live.snapshot(room.workshop, with_tallies=True)

    assert snapshot["tallies"] == live.tallies(room.workshop)
    assert "me" not in snapshot


def test_a_phones_snapshot_has_its_own_state(room):
    snapshot = live.snapshot(room.workshop, participant=room.dario)

    assert "tallies" not in snapshot
    assert snapshot["me"] == {
        "role": "decision_maker",
        "theme_id": room.school.id,
        "mine": [room.mediator.id],
        "supported": [],
        "votes": {str(room.board.id): 1, str(room.bench.id): 3},
        "remaining": 1,
    }


def test_a_phones_snapshot_lists_its_own_cards_and_those_it_said_me_too_to(room):
    me = live.snapshot(room.workshop, participant=room.ola)["me"]

    assert me["mine"] == [room.queues.id]
    assert me["supported"] == [room.forms.id]
    assert me["votes"] == {str(room.app.id): 1}
    assert me["remaining"] == 4


def test_the_rooms_view_of_moderator_cards_is_what_the_room_would_read(
    make_workshop, make_participant, make_problem, make_prototype
):
    from workshop.services import moderation

    workshop = make_workshop(premoderation=True)
    author = make_participant(workshop)
    kept, hidden, merged, waiting = (make_problem(author, f"Card {n}") for n in range(4))
    trainer = services.Actor.trainer(workshop)
    for card in (kept, hidden, merged):
        moderation.approve_problem(trainer, card.id)
    moderation.hide_problem(trainer, hidden.id)
    moderation.merge_problems(trainer, merged.id, kept.id)
    shown, gone = make_prototype(author, problems=[kept]), make_prototype(author, problems=[kept])
    moderation.hide_prototype(trainer, gone.id)
    ids = {kept.id, hidden.id, merged.id, waiting.id}
    pids = {shown.id, gone.id}

    assert live.room_view(live.problems(workshop, ids, everything=True)) == live.problems(
        workshop, ids
    )
    assert live.room_view(live.prototypes(workshop, pids, everything=True)) == live.prototypes(
        workshop, pids
    )

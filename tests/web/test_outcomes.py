"""What the room sees at the end: results of meetings and listening sessions (their cards,
most wanted first) and the public results page the QR code opens after the session."""

from __future__ import annotations

import re

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Stage
from workshop.services import Actor
from workshop.services.behalf import capture_quote

from .conftest import text_of


@pytest.fixture
def browser(client, trainer, log_in):
    return log_in(trainer)


def order_of(page: str, *texts: str) -> list[int]:
    return [page.index(t) for t in texts]


def test_a_meetings_results_rank_problems_by_dots_split_by_role(
    browser, trainer, make_workshop, make_participant, move_to
):
    meeting = make_workshop(facilitator=trainer, template="meeting", dot_budget=3)
    resident = make_participant(meeting)
    official = make_participant(meeting, role="decision_maker")
    move_to(meeting, Stage.PROBLEMS)
    letters = services.post_problem(resident, "Letters only in Italian")
    queues = services.post_problem(resident, "Queues at the registry")
    move_to(meeting, Stage.PRIORITISE)
    services.cast_problem_vote(resident, queues.id, 1)
    for _ in range(2):
        services.cast_problem_vote(official, letters.id, 1)
    move_to(meeting, Stage.RESULTS)

    page = text_of(browser.get(f"/f/{meeting.code}/screen"))

    assert "These are the problems the room put first." in page
    first, second = order_of(page, "Letters only in Italian", "Queues at the registry")
    assert first < second
    card = page[page.index("Letters only in Italian") :]
    assert re.search(r"Decision maker: <b[^>]*>2</b>", card)


def test_a_listening_sessions_results_list_cards_by_me_too_with_unsorted_ones_last(
    browser, trainer, make_workshop, make_participant, move_to
):
    listening = make_workshop(facilitator=trainer, template="listening")
    a, b = make_participant(listening), make_participant(listening)
    move_to(listening, Stage.LISTEN)
    services.post_problem(a, "The bus stops early")
    popular = services.post_problem(a, "No one explains the forms")
    services.set_support(b, popular.id, True)
    capture_quote(Actor.trainer(listening), "We feel welcome here", role="other", language="en")
    move_to(listening, Stage.RESULTS)
    db.session.commit()

    projector = text_of(browser.get(f"/f/{listening.code}/screen"))

    assert "Not sorted yet" in projector
    first, second = order_of(projector, "No one explains the forms", "The bus stops early")
    assert first < second
    assert "Said aloud" in projector


def test_after_the_session_the_qr_code_opens_what_was_decided(
    client, make_workshop, make_participant, make_prototype, move_to
):
    workshop = make_workshop(title="Living in Prato")
    prototype = make_prototype(make_participant(workshop), title="Welcome desk at school")
    move_to(workshop, Stage.RESPONSE)
    services.record_response(
        workshop,
        prototype.id,
        decision="adopt",
        reason="In the 2027 budget",
        facilitator=workshop.facilitator,
    )
    move_to(workshop, Stage.CLOSED)

    page = text_of(client.get(f"/j/{workshop.code}"))

    assert "This workshop has ended; you can no longer join." in page
    assert "Welcome desk at school" in page
    assert "We adopt it" in page and "In the 2027 budget" in page
    assert 'name="role"' not in page


def test_hidden_prototypes_stay_off_the_public_results(
    client, make_workshop, make_participant, make_prototype, move_to
):
    workshop = make_workshop()
    hidden = make_prototype(make_participant(workshop), title="Off-topic advert")
    hidden.hidden = True
    move_to(workshop, Stage.CLOSED)

    assert "Off-topic advert" not in text_of(client.get(f"/j/{workshop.code}"))


def test_a_closed_meetings_qr_code_lists_its_problems(
    client, make_workshop, make_participant, move_to
):
    meeting = make_workshop(template="meeting")
    person = make_participant(meeting)
    move_to(meeting, Stage.PROBLEMS)
    services.post_problem(person, "Letters only in Italian")
    move_to(meeting, Stage.CLOSED)

    assert "Letters only in Italian" in text_of(client.get(f"/j/{meeting.code}"))

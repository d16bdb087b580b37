"""The trainer's pages for input from people without a phone, quotes, and imports."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workshop import services
from workshop.extensions import db
from workshop.models import Origin, Participant, Problem, Stage, Vote

from .conftest import location, text_of


@pytest.fixture
def browser(client, trainer, log_in):
    return log_in(trainer)


@pytest.fixture
def workshop(make_workshop, trainer):
    return make_workshop(facilitator=trainer)


def add_person(browser, workshop, **fields):
    data = {"role": "resident", "language": "ar", "theme_id": str(workshop.themes[0].id)}
    data.update(fields, back="behalf")
    return browser.post(f"/f/{workshop.code}/add_person", data=data)


def test_the_trainer_adds_a_person_without_a_phone(browser, workshop):
    response = add_person(browser, workshop, label="paper 1")

    assert location(response) == f"/f/{workshop.code}/behalf"
    page = text_of(browser.get(location(response)))
    assert "paper 1" in page and "العربية" in page
    [person] = db.session.scalars(select(Participant)).all()
    assert person.on_behalf and person.token is None and person.language == "ar"


def test_a_person_without_a_language_is_refused_with_a_message(browser, workshop):
    response = add_person(browser, workshop, language="")

    page = text_of(browser.get(location(response)))
    assert "Choose the language the person speaks." in page
    assert db.session.scalars(select(Participant)).all() == []


def test_the_team_posts_a_card_as_the_person_and_it_is_marked(browser, workshop, move_to):
    add_person(browser, workshop)
    person = db.session.scalars(select(Participant)).one()
    move_to(workshop, Stage.PROBLEMS)

    page = text_of(browser.get(f"/f/{workshop.code}/for/{person.id}"))
    assert "Entering for someone without a phone" in page
    assert f"/f/{workshop.code}/for/{person.id}/post_problem" in page

    response = browser.post(
        f"/f/{workshop.code}/for/{person.id}/post_problem", data={"text": "No interpreter at A&E"}
    )

    assert location(response) == f"/f/{workshop.code}/for/{person.id}"
    card = db.session.scalars(select(Problem)).one()
    assert card.author_id == person.id and card.origin == Origin.ON_BEHALF
    assert "Entered for someone" in text_of(browser.get(f"/f/{workshop.code}/screen"))


def test_a_refused_post_for_a_person_keeps_the_text(browser, workshop, move_to):
    add_person(browser, workshop)
    person = db.session.scalars(select(Participant)).one()
    move_to(workshop, Stage.PROBLEMS)
    too_long = "Kept text " * 30

    response = browser.post(
        f"/f/{workshop.code}/for/{person.id}/post_problem", data={"text": too_long}
    )

    assert response.status_code == 400
    page = text_of(response)
    assert "at most 280 characters" in page and too_long.strip() in page
    assert db.session.scalars(select(Problem)).all() == []


def test_before_the_problems_stage_a_post_for_a_person_is_refused(browser, workshop):
    add_person(browser, workshop)
    person = db.session.scalars(select(Participant)).one()

    response = browser.post(
        f"/f/{workshop.code}/for/{person.id}/post_problem", data={"text": "Too early"}
    )

    assert response.status_code == 400
    assert "Problems can only be posted in the Problems stage." in text_of(response)


def test_the_team_votes_as_the_person(browser, workshop, make_participant, make_prototype, move_to):
    prototype = make_prototype(make_participant(workshop))
    add_person(browser, workshop, role="decision_maker")
    person = db.session.scalars(select(Participant).where(Participant.on_behalf)).one()
    move_to(workshop, Stage.VOTE)

    browser.post(
        f"/f/{workshop.code}/for/{person.id}/vote",
        data={"prototype_id": str(prototype.id), "delta": "1"},
    )

    vote = db.session.scalars(select(Vote)).one()
    assert vote.participant_id == person.id and vote.dots == 1


def test_a_phone_participant_cannot_be_acted_for(browser, workshop, make_participant):
    phone = make_participant(workshop)

    assert browser.get(f"/f/{workshop.code}/for/{phone.id}").status_code == 404
    assert browser.post(f"/f/{workshop.code}/for/{phone.id}/post_problem").status_code == 404


def test_another_trainer_cannot_act_for_the_person(
    client, browser, workshop, make_facilitator, log_in
):
    add_person(browser, workshop)
    person = db.session.scalars(select(Participant)).one()
    client.get("/logout")
    log_in(make_facilitator(username="stranger", password="a long enough password"))

    assert client.get(f"/f/{workshop.code}/for/{person.id}").status_code == 404
    assert client.get(f"/f/{workshop.code}/behalf").status_code == 404


def test_the_trainer_captures_a_quote_in_a_listening_round(
    browser, trainer, make_workshop, move_to
):
    listening = make_workshop(facilitator=trainer, template="listening")
    move_to(listening, Stage.LISTEN)
    assert "Capture a quote" in text_of(browser.get(f"/f/{listening.code}/behalf"))

    browser.post(
        f"/f/{listening.code}/quote",
        data={"text": "Nobody told us", "role": "resident", "language": "ti", "back": "behalf"},
    )

    quote = db.session.scalars(select(Problem)).one()
    assert quote.origin == Origin.QUOTE and quote.language == "ti" and quote.author_id is None
    assert "Said aloud" in text_of(browser.get(f"/f/{listening.code}/screen"))


def test_the_meeting_control_screen_imports_a_listening_sessions_cards(
    browser, trainer, make_workshop, make_participant, move_to
):
    listening = make_workshop(facilitator=trainer, title="Listening May", template="listening")
    move_to(listening, Stage.LISTEN)
    services.post_problem(make_participant(listening), "Letters only in Italian")
    db.session.commit()
    meeting = make_workshop(facilitator=trainer, title="Meeting June", template="meeting")

    page = text_of(browser.get(f"/f/{meeting.code}/control"))
    assert "Listening May" in page and "Import its problems" in page
    response = browser.post(f"/f/{meeting.code}/import_problems", data={"source_id": listening.id})

    assert location(response) == f"/f/{meeting.code}/control"
    copy = db.session.scalars(select(Problem).where(Problem.workshop_id == meeting.id)).one()
    assert copy.text == "Letters only in Italian" and copy.source_id is not None
    assert "From an earlier session" in text_of(browser.get(f"/f/{meeting.code}/control"))


def test_a_back_value_that_is_not_a_known_page_goes_to_the_control_screen(browser, workshop):
    response = browser.post(
        f"/f/{workshop.code}/reveal", data={"revealed": "", "back": "https://evil.example"}
    )

    assert location(response) == f"/f/{workshop.code}/control"

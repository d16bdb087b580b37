"""Setting up a session: the kind-of-session picker, its stages and lists, settings until the
session starts, and duplicating a past session."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workshop.extensions import db
from workshop.models import Stage, Workshop

from .conftest import input_values, location, text_of
from .test_facilitator_pages import DEFAULT_THEMES, workshop_form


@pytest.fixture
def browser(client, trainer, log_in):
    return log_in(trainer)


def newest(trainer) -> Workshop:
    return db.session.scalars(
        select(Workshop).where(Workshop.facilitator_id == trainer.id).order_by(Workshop.id.desc())
    ).first()


def test_the_new_session_page_offers_every_kind_of_session(browser):
    page = text_of(browser.get("/f/new"))

    for label in (
        "Co-projecting workshop",
        "Listening session",
        "Face-to-face meeting",
        "Round table or open day",
        "Intercultural review",
        "Prototype review",
    ):
        assert label in page


def test_a_listening_session_starts_with_its_two_prompts_and_no_focus_setting(browser):
    page = text_of(browser.get("/f/new?template=listening"))

    assert "What works well in your experience here?\nWhat should change?" in page
    assert 'name="focus_count"' not in page
    assert input_values(page, "stages", "checkbox") == ["listen", "results"]


def test_creating_a_listening_session_keeps_the_prompts_the_trainer_wrote(browser, trainer):
    data = workshop_form(
        title="Listening in Prato",
        themes=DEFAULT_THEMES,
        template="listening",
        stages=["welcome", "listen", "results", "closed"],
        rounds="What helps you at school?\n\nWhat is hard at the town hall?\n",
    )

    response = browser.post("/f/new?template=listening", data=data)

    workshop = newest(trainer)
    assert location(response) == f"/f/{workshop.code}/control"
    assert workshop.template == "listening"
    assert [r.prompt for r in workshop.rounds] == [
        "What helps you at school?",
        "What is hard at the town hall?",
    ]
    assert workshop.stages == (Stage.WELCOME, Stage.LISTEN, Stage.RESULTS, Stage.CLOSED)


def test_unticking_stages_leaves_them_out_of_the_session(browser, trainer):
    data = workshop_form(stages=["welcome", "problems", "prototypes", "vote", "closed"])

    browser.post("/f/new", data=data)

    assert newest(trainer).stages == (
        Stage.WELCOME,
        Stage.PROBLEMS,
        Stage.PROTOTYPES,
        Stage.VOTE,
        Stage.CLOSED,
    )


def test_a_listening_session_without_prompts_is_refused_with_a_message(browser, trainer):
    data = workshop_form(
        template="listening", stages=["welcome", "listen", "closed"], rounds="  \n "
    )

    response = browser.post("/f/new?template=listening", data=data)

    assert response.status_code == 400
    assert "Write at least one prompt for the listening rounds." in text_of(response)
    assert newest(trainer) is None


def test_an_intercultural_review_lists_the_fourteen_areas_to_rate(browser, trainer):
    page = text_of(browser.get("/f/new?template=review"))
    assert "Welcoming new arrivals" in page and "Mediation and conflict resolution" in page

    items = "Education\nPublic spaces"
    data = workshop_form(
        template="review", items=items, criteria="How well do we do this?", themes=[]
    )
    browser.post("/f/new?template=review", data=data)

    workshop = newest(trainer)
    assert [i.text for i in workshop.rating_items] == ["Education", "Public spaces"]
    assert [c.name for c in workshop.criteria] == ["How well do we do this?"]


def test_a_prototype_review_rates_the_prototypes_of_the_chosen_workshop(
    browser, trainer, make_workshop, make_participant, make_prototype
):
    earlier = make_workshop(facilitator=trainer, title="Spring workshop")
    make_prototype(make_participant(earlier), title="Welcome desk")
    assert "Spring workshop" in text_of(browser.get("/f/new?template=prototype_review"))

    data = workshop_form(
        title="Peer review",
        template="prototype_review",
        review_of=str(earlier.id),
        criteria="Impact\nFeasibility",
        themes=[],
    )
    response = browser.post("/f/new?template=prototype_review", data=data)

    review = newest(trainer)
    assert location(response) == f"/f/{review.code}/control"
    assert [i.text for i in review.rating_items] == ["Welcome desk"]


def test_a_prototype_review_without_a_workshop_to_review_is_refused(browser, trainer):
    data = workshop_form(template="prototype_review", review_of="0", criteria="Impact", themes=[])

    response = browser.post("/f/new?template=prototype_review", data=data)

    assert response.status_code == 400
    assert "Choose the workshop whose prototypes are reviewed." in text_of(response)


# Settings


@pytest.fixture
def session(make_workshop, trainer) -> Workshop:
    return make_workshop(facilitator=trainer, title="Living in Prato")


def test_the_settings_page_shows_the_sessions_settings(browser, session):
    page = text_of(browser.get(f"/f/{session.code}/settings"))

    assert input_values(page, "title") == ["Living in Prato"]
    assert "School" in input_values(page, "themes-0-name")


def test_settings_change_themes_stages_and_budget_before_the_start(browser, session):
    themes = [
        ("Housing", "housing", "#1f5f99"),
        *DEFAULT_THEMES[1:],
        ("Health", "health", "#2c6e3f"),
    ]
    data = workshop_form(
        title="Living in Prato (May)",
        themes=themes,
        dot_budget=5,
        stages=["welcome", "problems", "prototypes", "vote", "results", "closed"],
    )

    response = browser.post(f"/f/{session.code}/settings", data=data)

    assert location(response) == f"/f/{session.code}/control"
    db.session.refresh(session)
    assert session.title == "Living in Prato (May)"
    assert session.dot_budget == 5
    assert [t.name for t in session.themes] == ["Housing", "Participation", "Services", "Health"]
    assert Stage.FOCUS not in session.stages


def test_settings_are_refused_once_the_session_started_and_nothing_changes(
    browser, session, move_to
):
    move_to(session, Stage.PROBLEMS)
    page = text_of(browser.get(f"/f/{session.code}/settings"))
    assert "The session has started: its settings can no longer change." in page

    response = browser.post(f"/f/{session.code}/settings", data=workshop_form(dot_budget=9))

    assert response.status_code == 400
    db.session.refresh(session)
    assert session.dot_budget == 3


def test_another_trainer_cannot_open_the_settings(client, session, make_facilitator, log_in):
    stranger = make_facilitator(username="stranger", password="a long enough password")
    log_in(stranger)

    assert client.get(f"/f/{session.code}/settings").status_code == 404


# Duplicate


def test_duplicating_a_session_opens_the_copys_settings(browser, trainer, session):
    response = browser.post(f"/f/{session.code}/duplicate")

    copy = newest(trainer)
    assert copy.id != session.id and copy.copied_from_id == session.id
    assert location(response) == f"/f/{copy.code}/settings"
    assert copy.title == "Living in Prato (copy)"
    assert [t.name for t in copy.themes] == [t.name for t in session.themes]
    assert "Duplicate" in text_of(browser.get("/f/"))


def test_another_trainer_cannot_duplicate_a_session(client, session, make_facilitator, log_in):
    stranger = make_facilitator(username="stranger", password="a long enough password")
    log_in(stranger)

    assert client.post(f"/f/{session.code}/duplicate").status_code == 404
    assert newest(stranger) is None


def test_settings_change_a_listening_sessions_prompts_before_the_start(
    browser, trainer, make_workshop
):
    listening = make_workshop(facilitator=trainer, template="listening")
    data = workshop_form(
        title=listening.title,
        template="listening",
        stages=["welcome", "listen", "closed"],
        rounds="What helps?\nWhat hurts?\nWhat would you try first?",
    )

    browser.post(f"/f/{listening.code}/settings", data=data)

    db.session.refresh(listening)
    assert [r.prompt for r in listening.rounds] == [
        "What helps?",
        "What hurts?",
        "What would you try first?",
    ]
    assert Stage.RESULTS not in listening.stages

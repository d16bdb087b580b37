"""Moderation over plain HTTP forms: the control screen's controls work without JavaScript."""

from __future__ import annotations

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import ModerationAction, Problem, Stage

from .conftest import location, text_of


@pytest.fixture
def workshop(make_workshop, trainer):
    return make_workshop(facilitator=trainer)


@pytest.fixture
def browser(client, trainer, log_in):
    return log_in(trainer)


@pytest.fixture
def cards(workshop, make_participant, make_problem):
    alice = make_participant(workshop, theme=workshop.themes[0])
    bob = make_participant(workshop, theme=workshop.themes[0])
    return (
        make_problem(alice, "School forms only in Italian"),
        make_problem(bob, "The school forms are in Italian only"),
    )


def act(browser, workshop, intent, **data):
    return browser.post(f"/f/{workshop.code}/{intent}", data=data)


def test_the_control_screen_shows_moderation_controls_and_hidden_cards_greyed(
    browser, workshop, cards
):
    first, _ = cards
    act(browser, workshop, "hide", problem_id=first.id)
    page = text_of(browser.get(f"/f/{workshop.code}/control"))

    assert "School forms only in Italian" in page  # the moderator still sees it …
    assert 'class="card problem is-hidden"' in page  # … greyed, labelled
    assert "Show again" in page and "Merge into" in page and "Move to" in page
    assert "Turn pre-moderation on" in page
    assert "Undo" in page


def test_the_projector_and_phones_do_not_show_a_hidden_card(
    browser, workshop, cards, make_participant, phone_of
):
    first, _ = cards
    act(browser, workshop, "hide", problem_id=first.id)
    phone = phone_of(make_participant(workshop))
    assert "School forms only in Italian" not in text_of(phone.get(f"/w/{workshop.code}"))
    assert "School forms only in Italian" not in text_of(browser.get(f"/f/{workshop.code}/screen"))
    assert "The school forms are in Italian only" in text_of(
        browser.get(f"/f/{workshop.code}/screen")
    )


@pytest.mark.parametrize(
    ("intent", "data", "check"),
    [
        ("hide", {}, lambda p, w: p.hidden),
        ("edit", {"text": "Forms only in Italian"}, lambda p, w: p.text == "Forms only in Italian"),
        ("move", {"theme_id": "second"}, lambda p, w: p.theme_id == w.themes[1].id),
        ("merge", {"target_id": "other"}, lambda p, w: p.merged_into_id is not None),
        ("set_focus", {"focus": "y"}, lambda p, w: p.focus),
    ],
)
def test_each_moderation_form_works_as_a_plain_post(browser, workshop, cards, intent, data, check):
    first, second = cards
    data = {
        k: (workshop.themes[1].id if v == "second" else second.id if v == "other" else v)
        for k, v in data.items()
    }
    response = act(browser, workshop, intent, problem_id=first.id, **data)
    assert location(response) == f"/f/{workshop.code}/control"
    db.session.expire_all()
    assert check(db.session.get(Problem, first.id), workshop)


def test_undo_as_a_plain_post_and_a_second_undo_is_refused_with_a_message(browser, workshop, cards):
    first, second = cards
    act(browser, workshop, "merge", problem_id=second.id, target_id=first.id)
    merge = db.session.query(ModerationAction).one()

    act(browser, workshop, "undo", action_id=merge.id)
    db.session.expire_all()
    assert db.session.get(Problem, second.id).merged_into_id is None

    again = act(browser, workshop, "undo", action_id=merge.id)
    page = text_of(browser.get(location(again)))
    assert "This step was already undone." in page


def test_a_refused_step_shows_a_clear_message_and_changes_nothing(browser, workshop, cards):
    first, _ = cards
    response = act(browser, workshop, "edit", problem_id=first.id, text="   ")
    page = text_of(browser.get(location(response)))
    assert "Write the text." in page
    db.session.expire_all()
    assert db.session.get(Problem, first.id).text == "School forms only in Italian"
    assert db.session.query(ModerationAction).count() == 0


def test_premoderation_holds_a_phone_card_until_approved(
    browser, workshop, make_participant, phone_of, move_to
):
    act(browser, workshop, "premoderation", on="y")
    move_to(workshop, Stage.PROBLEMS)
    author = make_participant(workshop)
    phone = phone_of(author)

    posted = phone.post(f"/w/{workshop.code}/post_problem", data={"text": "Nobody explains it"})
    page = text_of(phone.get(location(posted)))
    assert "Sent — it will appear on the wall once the facilitator approves it." in page
    assert "Nobody explains it" not in text_of(browser.get(f"/f/{workshop.code}/screen"))
    control = text_of(browser.get(f"/f/{workshop.code}/control"))
    assert "Nobody explains it" in control and "Waiting for approval" in control

    card = db.session.query(Problem).one()
    act(browser, workshop, "approve", problem_id=card.id)
    assert "Nobody explains it" in text_of(browser.get(f"/f/{workshop.code}/screen"))


def test_hiding_a_prototype_as_a_plain_post(browser, workshop, make_participant, make_prototype):
    author = make_participant(workshop)
    prototype = make_prototype(author, title="Welcome desk")
    act(browser, workshop, "hide_prototype", prototype_id=prototype.id)
    assert "Welcome desk" not in text_of(browser.get(f"/f/{workshop.code}/screen"))
    control = text_of(browser.get(f"/f/{workshop.code}/control"))
    assert "Welcome desk" in control and "Show again" in control
    act(browser, workshop, "unhide_prototype", prototype_id=prototype.id)
    assert "Welcome desk" in text_of(browser.get(f"/f/{workshop.code}/screen"))
    assert services.live.tallies(workshop).keys() == {str(prototype.id)}

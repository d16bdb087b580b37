"""Trainer pages over HTTP: who may see them, creating a workshop, moving the room, exporting."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from workshop import services
from workshop.extensions import db
from workshop.facilitator.qr import qr_svg
from workshop.models import Stage, Workshop

from .conftest import PASSWORD, location, text_of

DEFAULT_THEMES = [
    ("School", "school", "#1f5f99"),
    ("Participation", "participation", "#a33b20"),
    ("Services", "services", "#2c6e3f"),
]


def workshop_form(title="Living in Prato", dot_budget=3, themes=DEFAULT_THEMES, **extra):
    """What the new-workshop form posts: the fields and one row per theme table."""
    data = {"title": title, "place": "Biblioteca Lazzerini", "dot_budget": str(dot_budget)}
    for index, (name, icon, colour) in enumerate(themes):
        data[f"themes-{index}-name"] = name
        data[f"themes-{index}-icon"] = icon
        data[f"themes-{index}-colour"] = colour
    data.update(extra)
    return data


def workshops_of(facilitator) -> list[Workshop]:
    return list(
        db.session.scalars(select(Workshop).where(Workshop.facilitator_id == facilitator.id))
    )


@pytest.fixture
def workshop(make_workshop, trainer) -> Workshop:
    """A workshop the logged-in trainer runs."""
    return make_workshop(facilitator=trainer)


@pytest.fixture
def browser(client, trainer, log_in):
    """The trainer's logged-in browser."""
    return log_in(trainer)


@pytest.fixture
def room_in_vote(workshop, make_participant, make_prototype, move_to):
    """The trainer's workshop in the Vote stage with one prototype that has two dots."""
    author = make_participant(workshop, theme=workshop.themes[0])
    prototype = make_prototype(author, title="Welcome desk at every school")
    voter = make_participant(workshop, role="decision_maker")
    move_to(workshop, Stage.VOTE)
    services.cast_vote(author, prototype.id, 1)
    services.cast_vote(voter, prototype.id, 1)
    db.session.commit()
    return workshop


# Who may see the trainer pages


@pytest.mark.parametrize(
    "path",
    ["/f/", "/f/new", "/f/{code}/control", "/f/{code}/screen", "/f/{code}/export.json"],
)
def test_anonymous_visitors_are_sent_to_log_in(client, workshop, path):
    response = client.get(path.format(code=workshop.code))

    assert location(response).startswith("/login?next=")


def test_an_anonymous_stage_change_is_sent_to_log_in_and_changes_nothing(client, workshop):
    response = client.post(f"/f/{workshop.code}/set_stage", data={"stage": "problems"})

    assert location(response).startswith("/login")
    db.session.refresh(workshop)
    assert workshop.stage == Stage.WELCOME


@pytest.fixture
def other_trainer(app, make_facilitator, log_in):
    """A second facilitator, logged in in their own browser."""
    intruder = make_facilitator(username="other", password=PASSWORD)
    return log_in(intruder, into=app.test_client())


@pytest.mark.parametrize("path", ["control", "screen"])
def test_another_facilitator_cannot_see_someone_elses_workshop(other_trainer, workshop, path):
    assert other_trainer.get(f"/f/{workshop.code}/{path}").status_code == 404


@pytest.mark.parametrize("fmt", ["json", "pdf", "csv"])
def test_another_facilitator_is_refused_the_export_in_plain_words(other_trainer, workshop, fmt):
    response = other_trainer.get(f"/f/{workshop.code}/export.{fmt}")

    assert response.status_code == 403
    assert response.mimetype == "text/plain"
    assert "not yours to export" in response.get_data(as_text=True)


def test_another_facilitator_cannot_move_someone_elses_workshop(other_trainer, workshop):
    response = other_trainer.post(f"/f/{workshop.code}/set_stage", data={"stage": "problems"})

    assert response.status_code == 404
    db.session.refresh(workshop)
    assert workshop.stage == Stage.WELCOME


def test_another_facilitator_cannot_reveal_someone_elses_votes(other_trainer, room_in_vote):
    response = other_trainer.post(f"/f/{room_in_vote.code}/reveal", data={"revealed": "y"})

    assert response.status_code == 404
    db.session.refresh(room_in_vote)
    assert room_in_vote.results_revealed is False


def test_another_facilitators_workshop_is_not_on_the_dashboard(other_trainer, workshop):
    page = text_of(other_trainer.get("/f/"))

    assert workshop.code not in page
    assert "No workshops yet." in page


def test_an_unknown_code_is_not_found_for_a_facilitator(browser, workshop):
    assert browser.get("/f/QQQQQQ/control").status_code == 404


def test_an_unknown_facilitator_intent_is_not_found(browser, workshop):
    assert browser.post(f"/f/{workshop.code}/delete_everything").status_code == 404


# Dashboard and creating a workshop


def test_the_dashboard_lists_the_facilitators_workshops(browser, workshop):
    page = text_of(browser.get("/f/"))

    assert workshop.title in page
    assert workshop.code in page
    assert f"/f/{workshop.code}/control" in page


def test_the_new_workshop_form_starts_with_the_three_default_tables(browser):
    response = browser.get("/f/new")

    assert response.status_code == 200
    page = text_of(response)
    for index, (name, icon, colour) in enumerate(DEFAULT_THEMES):
        assert re.search(rf'name="themes-{index}-name"[^>]*value="{name}"', page)
        assert re.search(rf'value="{colour}"', page)
        assert re.search(rf'<option selected value="{icon}"|<option value="{icon}" selected', page)


def test_creating_a_workshop_opens_its_control_screen(browser, trainer):
    response = browser.post("/f/new", data=workshop_form(title="Living in Prato"))

    [workshop] = workshops_of(trainer)
    assert location(response) == f"/f/{workshop.code}/control"
    assert workshop.title == "Living in Prato"
    assert workshop.place == "Biblioteca Lazzerini"
    assert workshop.stage == Stage.WELCOME
    assert workshop.dot_budget == 3
    assert [(t.name, t.icon, t.colour) for t in workshop.themes] == DEFAULT_THEMES
    assert workshop.title in text_of(browser.get(location(response)))


def test_a_workshop_without_a_title_is_refused_and_nothing_is_created(browser, trainer):
    response = browser.post("/f/new", data=workshop_form(title="  "))

    assert response.status_code == 400
    assert "Give the workshop a title." in text_of(response)
    assert workshops_of(trainer) == []


def test_a_theme_row_with_an_empty_name_is_dropped(browser, trainer):
    themes = [DEFAULT_THEMES[0], ("", "participation", "#a33b20"), DEFAULT_THEMES[2]]

    response = browser.post("/f/new", data=workshop_form(themes=themes))

    [workshop] = workshops_of(trainer)
    assert location(response) == f"/f/{workshop.code}/control"
    assert [t.name for t in workshop.themes] == ["School", "Services"]


def test_a_workshop_without_any_table_is_refused_with_a_message(browser, trainer):
    themes = [("", icon, colour) for _, icon, colour in DEFAULT_THEMES]

    response = browser.post("/f/new", data=workshop_form(themes=themes))

    assert response.status_code == 400
    assert workshops_of(trainer) == []
    assert "A workshop needs at least one theme table." in text_of(response)


@pytest.mark.parametrize("dot_budget", [0, 21, -1])
def test_a_dot_budget_outside_one_to_twenty_is_refused(browser, trainer, dot_budget):
    response = browser.post("/f/new", data=workshop_form(dot_budget=dot_budget))

    assert response.status_code == 400
    assert "Between 1 and 20." in text_of(response)
    assert workshops_of(trainer) == []


@pytest.mark.parametrize("dot_budget", [1, 20])
def test_a_dot_budget_of_one_to_twenty_is_accepted(browser, trainer, dot_budget):
    response = browser.post("/f/new", data=workshop_form(dot_budget=dot_budget))

    [workshop] = workshops_of(trainer)
    assert location(response) == f"/f/{workshop.code}/control"
    assert workshop.dot_budget == dot_budget


def test_a_theme_colour_that_is_not_a_colour_is_refused(browser, trainer):
    themes = [DEFAULT_THEMES[0], ("Participation", "participation", "red"), DEFAULT_THEMES[2]]

    response = browser.post("/f/new", data=workshop_form(themes=themes))

    assert response.status_code == 400
    assert "Choose a colour." in text_of(response)
    assert workshops_of(trainer) == []


# The projector and the control screen


def test_the_projector_shows_the_qr_code_and_the_join_code(browser, workshop):
    response = browser.get(f"/f/{workshop.code}/screen")

    assert response.status_code == 200
    page = text_of(response)
    assert '<svg class="qr"' in page
    assert f'<span class="code">{workshop.code}</span>' in page


def test_in_the_welcome_stage_the_projector_qr_code_opens_the_join_page(browser, workshop):
    page = text_of(browser.get(f"/f/{workshop.code}/screen"))

    expected = qr_svg(f"http://localhost/j/{workshop.code}")
    path = re.search(r'<path d="([^"]+)"', str(expected)).group(1)
    assert f'd="{path}"' in page
    assert "http://localhost/join" in page


def test_the_control_screen_shows_the_join_link(browser, workshop):
    page = text_of(browser.get(f"/f/{workshop.code}/control"))

    assert f'href="http://localhost/j/{workshop.code}"' in page
    assert workshop.code in page


def test_a_public_url_is_used_for_the_join_link(app, browser, workshop):
    app.config["PUBLIC_URL"] = "https://tavola.example.org"

    page = text_of(browser.get(f"/f/{workshop.code}/control"))

    assert f"https://tavola.example.org/j/{workshop.code}" in page


# Moving the room through its stages


def test_the_next_stage_button_moves_the_room(browser, workshop):
    response = browser.post(f"/f/{workshop.code}/set_stage", data={"stage": "problems"})

    assert location(response) == f"/f/{workshop.code}/control"
    db.session.refresh(workshop)
    assert workshop.stage == Stage.PROBLEMS
    assert 'data-stage="problems"' in text_of(browser.get(location(response)))


def test_the_trainer_can_go_back_a_stage(browser, workshop, move_to):
    move_to(workshop, Stage.PROTOTYPES)

    browser.post(f"/f/{workshop.code}/set_stage", data={"stage": "problems"})

    db.session.refresh(workshop)
    assert workshop.stage == Stage.PROBLEMS


@pytest.mark.parametrize(
    ("stage", "message"), [("party", "Not a valid choice."), ("", "Which stage?")]
)
def test_an_unknown_stage_shows_an_error_and_changes_nothing(browser, workshop, stage, message):
    response = browser.post(f"/f/{workshop.code}/set_stage", data={"stage": stage})

    assert location(response) == f"/f/{workshop.code}/control"
    db.session.refresh(workshop)
    assert workshop.stage == Stage.WELCOME
    page = text_of(browser.get(location(response)))
    assert f'<p class="flash error" role="status">{message}</p>' in page


def test_a_stage_button_pressed_after_the_session_ended_leads_back_to_a_page(
    client, trainer, workshop
):
    asked = client.post(f"/f/{workshop.code}/set_stage", data={"stage": "problems"})
    logged_in = client.post(location(asked), data={"username": "trainer", "password": PASSWORD})

    assert client.get(location(logged_in)).status_code == 200


def test_reveal_shows_and_hides_the_votes(browser, room_in_vote):
    code = room_in_vote.code

    browser.post(f"/f/{code}/reveal", data={"revealed": "y"})
    db.session.refresh(room_in_vote)
    assert room_in_vote.results_revealed is True
    assert "Hide votes on the projector" in text_of(browser.get(f"/f/{code}/control"))

    browser.post(f"/f/{code}/reveal", data={"revealed": ""})
    db.session.refresh(room_in_vote)
    assert room_in_vote.results_revealed is False
    assert "Reveal votes on the projector" in text_of(browser.get(f"/f/{code}/control"))


def test_the_projector_hides_vote_tallies_until_they_are_revealed(browser, room_in_vote):
    page = text_of(browser.get(f"/f/{room_in_vote.code}/screen"))

    assert "Welcome desk at every school" in page
    assert "data-tally" not in page
    assert 'data-field="total"' not in page
    assert "Votes stay hidden until the facilitator reveals them." in page


def test_the_control_screen_shows_vote_tallies_before_the_reveal(browser, room_in_vote):
    page = text_of(browser.get(f"/f/{room_in_vote.code}/control"))

    assert "data-tally" in page
    assert '<span data-field="total">2</span>' in page


def test_the_projector_shows_vote_tallies_once_revealed(browser, room_in_vote):
    browser.post(f"/f/{room_in_vote.code}/reveal", data={"revealed": "y"})

    page = text_of(browser.get(f"/f/{room_in_vote.code}/screen"))

    assert "data-tally" in page
    assert '<span data-field="total">2</span>' in page
    assert "Votes stay hidden" not in page


# Export


def test_the_json_export_is_a_versioned_download(browser, workshop):
    response = browser.get(f"/f/{workshop.code}/export.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"tavola-{workshop.code}.json" in disposition
    record = response.get_json()
    assert record["schema"] == "tavola.workshop"
    assert record["version"] == 2
    assert record["workshop"]["code"] == workshop.code
    assert record["workshop"]["title"] == workshop.title


def test_the_json_export_never_contains_display_names(browser, workshop, make_participant):
    make_participant(workshop, display_name="Amina Secret")
    make_participant(workshop, role="decision_maker", display_name="Assessore Rossi")

    response = browser.get(f"/f/{workshop.code}/export.json")

    body = response.get_data(as_text=True)
    assert "Amina Secret" not in body
    assert "Assessore Rossi" not in body
    record = json.loads(body)
    assert [p["id"] for p in record["participants"]] == ["P1", "P2"]
    assert [p["role"] for p in record["participants"]] == ["resident", "decision_maker"]

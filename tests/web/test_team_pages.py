"""The trainer's team over HTTP: the Team page, opening an invite link, what each role's control
screen offers, and the permission matrix over every facilitator intent.

Every refusal must say why and change nothing; the matrix is the one in
``workshop/services/actors.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from workshop import services
from workshop.extensions import db
from workshop.models import (
    Participant,
    Problem,
    Prototype,
    PrototypeTranslation,
    Response,
    Stage,
    TeamMember,
    Translation,
    Workshop,
)

from .conftest import PASSWORD, location, text_of

ROLE_REFUSED = "Your role in this workshop cannot do that."


@pytest.fixture
def workshop(make_workshop, trainer) -> Workshop:
    return make_workshop(facilitator=trainer)


@pytest.fixture
def browser(client, trainer, log_in) -> FlaskClient:
    """The trainer's logged-in browser."""
    return log_in(trainer)


@pytest.fixture
def member_browser(app) -> Callable[..., FlaskClient]:
    """``member_browser(workshop, role, theme=None)``: a new browser that opened an invite link."""

    def open_link(workshop: Workshop, role: str, theme=None) -> FlaskClient:
        member = services.invite(workshop, role, theme_id=theme.id if theme else None)
        db.session.commit()
        other = app.test_client()
        response = other.get(f"/t/{member.token}")
        assert location(response) == f"/f/{workshop.code}/control"
        other.member = member  # type: ignore[attr-defined]
        return other

    return open_link


def words(page: str) -> str:
    """The page's text without tags, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def buttons(page: str) -> list[str]:
    """The page's buttons that act on the workshop (the language picker's do not)."""
    page = re.sub(r'<details class="lang-picker">.*?</details>', "", page, flags=re.S)
    return re.findall(r"<button\b[^>]*>(.*?)</button>", page, re.S)


# The Team page


def test_the_trainer_creates_an_invite_link_and_sees_it_in_the_team_list(browser, workshop):
    school = workshop.themes[0]
    response = browser.post(
        f"/f/{workshop.code}/team/invite",
        data={"role": "table_facilitator", "theme_id": school.id, "display_name": "Giulia"},
    )
    assert location(response) == f"/f/{workshop.code}/team"
    page = text_of(browser.get(f"/f/{workshop.code}/team"))
    member = db.session.scalar(select(TeamMember))
    assert member.role.value == "table_facilitator" and member.theme_id == school.id
    assert f"/t/{member.token}" in page
    assert "Table facilitator" in page and "School" in page and "Giulia" in page


def test_a_table_facilitator_invite_without_a_table_is_refused_with_a_message(
    browser, workshop, count_rows
):
    response = browser.post(
        f"/f/{workshop.code}/team/invite", data={"role": "table_facilitator"}, follow_redirects=True
    )
    assert "Choose the table this table facilitator looks after." in text_of(response)
    assert count_rows(TeamMember) == 0


def test_the_control_screen_links_to_the_team_page(browser, workshop):
    page = text_of(browser.get(f"/f/{workshop.code}/control"))
    assert f'href="/f/{workshop.code}/team"' in page


def test_only_the_trainer_and_co_facilitators_manage_the_team(workshop, member_browser):
    co = member_browser(workshop, "co_facilitator")
    assert co.get(f"/f/{workshop.code}/team").status_code == 200
    observer = member_browser(workshop, "observer")
    refused = observer.get(f"/f/{workshop.code}/team", follow_redirects=True)
    assert ROLE_REFUSED in text_of(refused) and "Create invite link" not in text_of(refused)
    response = observer.post(
        f"/f/{workshop.code}/team/invite", data={"role": "co_facilitator"}, follow_redirects=True
    )
    assert ROLE_REFUSED in text_of(response)
    assert len(services.list_team(workshop)) == 2


def test_another_trainer_cannot_see_the_team_page(workshop, make_facilitator, client):
    other = make_facilitator(username="other", password=PASSWORD)
    client.post("/login", data={"username": other.username, "password": PASSWORD})
    assert client.get(f"/f/{workshop.code}/team").status_code == 404


# Opening a link, withdrawing it


def test_an_unknown_invite_link_says_it_does_not_work(client):
    response = client.get("/t/not-a-real-token")
    assert response.status_code == 403
    assert "This invite link does not work" in text_of(response)


def test_a_withdrawn_link_stops_working_at_once(browser, workshop, member_browser):
    observer = member_browser(workshop, "observer")
    assert observer.get(f"/f/{workshop.code}/control").status_code == 200
    response = browser.post(
        f"/f/{workshop.code}/team/revoke",
        data={"member_id": observer.member.id},
        follow_redirects=True,
    )
    assert "The invite link no longer works." in text_of(response)
    page = observer.get(f"/f/{workshop.code}/control")
    assert page.status_code == 403 and "This invite link does not work" in text_of(page)
    assert observer.get(f"/t/{observer.member.token}").status_code == 403
    assert observer.get(f"/f/{workshop.code}/export.json").status_code != 200


def test_a_co_facilitator_sees_the_whole_control_screen(workshop, member_browser):
    co = member_browser(workshop, "co_facilitator")
    page = text_of(co.get(f"/f/{workshop.code}/control"))
    assert "You are: Co-facilitator" in words(page)
    assert any("Next: Problems" in b for b in buttons(page))
    assert f'href="/f/{workshop.code}/team"' in page


def test_an_observer_sees_everything_and_has_no_button_but_the_downloads(
    workshop, member_browser, make_participant, make_problem
):
    make_problem(make_participant(workshop), text="Forms only in Italian")
    observer = member_browser(workshop, "observer")
    page = text_of(observer.get(f"/f/{workshop.code}/control"))
    assert "Forms only in Italian" in page and "You are: Observer" in words(page)
    # The report and the data change nothing: an observer may take them home.
    downloads = ["PDF", "DOCX", "Web page to print", "XLSX", "CSV (zip)", "JSON"]
    assert buttons(page) == downloads and "data-intent" not in page
    assert f'href="/f/{workshop.code}/team"' not in page
    assert observer.get(f"/f/{workshop.code}/screen").status_code == 200


def test_a_table_facilitator_sees_only_their_table(
    workshop, member_browser, make_participant, make_problem
):
    school, services_table = workshop.themes[0], workshop.themes[2]
    make_problem(make_participant(workshop, theme=school), text="School forms")
    make_problem(make_participant(workshop, theme=services_table), text="Office hours")
    table = member_browser(workshop, "table_facilitator", theme=school)
    page = text_of(table.get(f"/f/{workshop.code}/control"))
    assert "School forms" in page and "Office hours" not in page
    assert f'data-problems-of="{services_table.id}"' not in page
    assert not any("Next:" in b for b in buttons(page))


def test_an_interpreter_gets_the_place_for_input_on_behalf_and_the_wall(workshop, member_browser):
    interpreter = member_browser(workshop, "interpreter")
    page = text_of(interpreter.get(f"/f/{workshop.code}/control"))
    assert 'id="on-behalf"' in page and "Input on behalf of someone" in page
    assert "data-problems-of" in page


# The permission matrix over every facilitator intent (HTTP door; the socket door is in
# tests/realtime/test_team_live.py)


def _setup_set_stage(ws: Workshop, **_: Any) -> dict[str, Any]:
    return {"stage": "problems"}


def _setup_reveal(ws: Workshop, move_to, **_: Any) -> dict[str, Any]:
    move_to(ws, Stage.VOTE)
    return {"revealed": "y"}


def _setup_show_table(ws: Workshop, **_: Any) -> dict[str, Any]:
    return {"theme_id": str(ws.themes[1].id)}


def _setup_open_round(ws: Workshop, move_to, **_: Any) -> dict[str, Any]:
    move_to(ws, Stage.LISTEN)
    return {"round_id": str(ws.rounds[1].id)}


def _setup_respond(ws: Workshop, make_participant, make_prototype, **_: Any) -> dict[str, Any]:
    prototype = make_prototype(make_participant(ws), title="Welcome desk")
    return {"prototype_id": str(prototype.id), "decision": "adopt", "reason": "Yes"}


def _setup_add_person(ws: Workshop, **_: Any) -> dict[str, Any]:
    return {"role": "resident", "language": "it", "theme_id": str(ws.themes[1].id)}


def _setup_quote(ws: Workshop, move_to, **_: Any) -> dict[str, Any]:
    move_to(ws, Stage.PROBLEMS)
    return {"text": "Said aloud", "role": "resident", "language": "it", "theme_id": ws.themes[1].id}


def _setup_import_problems(ws: Workshop, make_workshop, make_participant, make_problem, **_: Any):
    earlier = make_workshop(facilitator=ws.facilitator, title="Earlier session")
    make_problem(make_participant(earlier), text="Raised last month")
    return {"source_id": str(earlier.id)}


def _own_card(ws: Workshop, make_participant, make_problem) -> Problem:
    return make_problem(make_participant(ws, theme=ws.themes[1]), text="Card at table two")


def _setup_hide(ws: Workshop, make_participant, make_problem, **_: Any) -> dict[str, Any]:
    return {"problem_id": str(_own_card(ws, make_participant, make_problem).id)}


def _setup_edit(ws: Workshop, make_participant, make_problem, **_: Any) -> dict[str, Any]:
    card = _own_card(ws, make_participant, make_problem)
    return {"problem_id": str(card.id), "text": "Corrected text"}


def _setup_set_focus(ws: Workshop, make_participant, make_problem, **_: Any) -> dict[str, Any]:
    return {"problem_id": str(_own_card(ws, make_participant, make_problem).id), "focus": "y"}


def _setup_translate(ws: Workshop, make_participant, make_problem, **_: Any) -> dict[str, Any]:
    card = _own_card(ws, make_participant, make_problem)
    return {"problem_id": str(card.id), "language": "ar", "text": "بطاقة على الطاولة الثانية"}


def _setup_translate_prototype(ws: Workshop, make_participant, make_prototype, **_: Any):
    prototype = make_prototype(make_participant(ws, theme=ws.themes[1]), title="Desk")
    return {"prototype_id": str(prototype.id), "language": "ar", "title": "مكتب"}


def _setup_hide_prototype(ws: Workshop, make_participant, make_prototype, **_: Any):
    prototype = make_prototype(make_participant(ws, theme=ws.themes[1]), title="Desk")
    return {"prototype_id": str(prototype.id)}


def _setup_premoderation(ws: Workshop, **_: Any) -> dict[str, Any]:
    return {"on": "y"}


def _setup_start_timer(ws: Workshop, **_: Any) -> dict[str, Any]:
    return {"minutes": "5"}


def _running_timer(ws: Workshop) -> None:
    services.start_timer(ws, 300)
    db.session.commit()


def _setup_add_time(ws: Workshop, **_: Any) -> dict[str, Any]:
    _running_timer(ws)
    return {"seconds": "60"}


def _setup_stop_timer(ws: Workshop, **_: Any) -> dict[str, Any]:
    _running_timer(ws)
    return {}


def _setup_timer_lock(ws: Workshop, **_: Any) -> dict[str, Any]:
    return {"locked": "y"}


def _count(model: type, ws: Workshop) -> int:
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.workshop_id == ws.id)
    )


def _state(ws: Workshop) -> tuple:
    db.session.expire_all()
    return (
        ws.stage,
        ws.results_revealed,
        ws.projector_theme_id,
        ws.current_round_id,
        _count(Response, ws),
        _count(Participant, ws),
        _count(Problem, ws),
        _count(Translation, ws),
        _count(PrototypeTranslation, ws),
        ws.premoderation,
        (ws.timer_ends_at, ws.timer_seconds, ws.lock_at_zero),
        sorted(
            db.session.execute(
                select(Problem.id, Problem.hidden, Problem.text, Problem.focus).where(
                    Problem.workshop_id == ws.id
                )
            ).all()
        ),
        sorted(
            db.session.execute(
                select(Prototype.id, Prototype.hidden).where(Prototype.workshop_id == ws.id)
            ).all()
        ),
    )


INTENT_SETUPS = {
    "set_stage": _setup_set_stage,
    "reveal": _setup_reveal,
    "show_table": _setup_show_table,
    "open_round": _setup_open_round,
    "respond": _setup_respond,
    "add_person": _setup_add_person,
    "quote": _setup_quote,
    "import_problems": _setup_import_problems,
    "hide": _setup_hide,
    "edit": _setup_edit,
    "set_focus": _setup_set_focus,
    "translate": _setup_translate,
    "translate_prototype": _setup_translate_prototype,
    "hide_prototype": _setup_hide_prototype,
    "premoderation": _setup_premoderation,
    "start_timer": _setup_start_timer,
    "add_time": _setup_add_time,
    "stop_timer": _setup_stop_timer,
    "timer_lock": _setup_timer_lock,
}

RUN_ROOM = {"trainer", "co_facilitator"}
ON_BEHALF = {"trainer", "co_facilitator", "table_facilitator_own_table", "interpreter"}
ON_BEHALF_REFUSED = "You can enter input only for people at your table."
MODERATE = {"trainer", "co_facilitator", "table_facilitator_own_table"}
MODERATE_REFUSED = "You can moderate only the cards of your own table."
#: Moderation intents whose role checks the moderation tests cover with their own fixtures
#: (a card hidden, pending or merged first); here the ones that need only a card on the wall.
COVERED_BY_MODERATION_TESTS = {"unhide", "move", "merge", "approve", "unhide_prototype", "undo"}
#: Machine translation needs a translation server: tests/services/test_translations.py and the
#: browser test of translations cover it.
COVERED_BY_MODERATION_TESTS |= {"machine_translate", "machine_translate_prototype"}

#: intent → (who may, the message everyone else gets); the matrix of services/actors.py.
MATRIX = {
    "set_stage": (RUN_ROOM, ROLE_REFUSED),
    "reveal": (RUN_ROOM, ROLE_REFUSED),
    "show_table": (RUN_ROOM, ROLE_REFUSED),
    "open_round": (RUN_ROOM, ROLE_REFUSED),
    "respond": (RUN_ROOM, ROLE_REFUSED),
    "add_person": (ON_BEHALF, ON_BEHALF_REFUSED),
    "quote": (ON_BEHALF, ON_BEHALF_REFUSED),
    "import_problems": (RUN_ROOM, ROLE_REFUSED),
    "hide": (MODERATE, MODERATE_REFUSED),
    "edit": (MODERATE, MODERATE_REFUSED),
    "set_focus": (MODERATE, MODERATE_REFUSED),
    "translate": (ON_BEHALF, "You can translate only the cards of your own table."),
    "translate_prototype": (ON_BEHALF, "You can translate only the cards of your own table."),
    "hide_prototype": (MODERATE, MODERATE_REFUSED),
    "premoderation": (RUN_ROOM, ROLE_REFUSED),
    "start_timer": (RUN_ROOM, ROLE_REFUSED),
    "add_time": (RUN_ROOM, ROLE_REFUSED),
    "stop_timer": (RUN_ROOM, ROLE_REFUSED),
    "timer_lock": (RUN_ROOM, ROLE_REFUSED),
}
TEAM = [
    "trainer",
    "co_facilitator",
    "table_facilitator_own_table",
    "table_facilitator_other_table",
    "interpreter",
    "observer",
]


def test_the_matrix_covers_every_facilitator_intent():
    from workshop.facilitator.intents import INTENTS

    assert set(MATRIX) | COVERED_BY_MODERATION_TESTS == set(INTENTS)
    assert set(MATRIX) == set(INTENT_SETUPS)


@pytest.mark.parametrize("intent", INTENT_SETUPS)
@pytest.mark.parametrize("who", [*TEAM, "another_trainer", "participant"])
def test_every_facilitator_intent_follows_the_team_matrix(
    who,
    intent,
    trainer,
    make_workshop,
    make_facilitator,
    make_participant,
    make_prototype,
    make_problem,
    move_to,
    browser,
    member_browser,
    phone_of,
    app,
):
    template = "listening" if intent == "open_round" else "workshop"
    ws = make_workshop(facilitator=trainer, template=template)
    payload = INTENT_SETUPS[intent](
        ws,
        move_to=move_to,
        make_participant=make_participant,
        make_prototype=make_prototype,
        make_problem=make_problem,
        make_workshop=make_workshop,
    )
    # A table facilitator's own table is the one the intents name where they name one.
    own, other = ws.themes[1 % len(ws.themes)], ws.themes[0]
    if who == "trainer":
        actor = browser
    elif who.startswith("table_facilitator"):
        actor = member_browser(ws, "table_facilitator", theme=own if "own" in who else other)
    elif who == "another_trainer":
        actor = app.test_client()
        stranger = make_facilitator(username="stranger", password=PASSWORD)
        actor.post("/login", data={"username": stranger.username, "password": PASSWORD})
    elif who == "participant":
        actor = phone_of(make_participant(ws))
    else:
        actor = member_browser(ws, who)

    before = _state(ws)
    response = actor.post(f"/f/{ws.code}/{intent}", data=payload)

    allowed, message = MATRIX[intent]
    if who in allowed:
        assert location(response) == f"/f/{ws.code}/control"
        assert _state(ws) != before, f"{who} should be able to {intent}"
        return
    if who == "another_trainer":
        assert response.status_code == 404
    elif who == "participant":
        assert location(response).startswith("/login")
    else:
        page = actor.get(location(response))
        assert message in text_of(page)
    assert _state(ws) == before, f"{who}'s refused {intent} changed something"


def test_a_co_facilitator_changes_the_settings_before_the_start(member_browser, make_workshop):
    from .test_facilitator_pages import workshop_form

    workshop = make_workshop(title="Before")
    co = member_browser(workshop, "co_facilitator")
    assert "Settings" in words(co.get(f"/f/{workshop.code}/control").get_data(as_text=True))

    response = co.post(f"/f/{workshop.code}/settings", data=workshop_form(title="After"))

    assert location(response) == f"/f/{workshop.code}/control"
    db.session.refresh(workshop)
    assert workshop.title == "After"


@pytest.mark.parametrize("role", ["interpreter", "observer"])
def test_other_team_roles_cannot_change_the_settings(member_browser, make_workshop, role):
    from .test_facilitator_pages import workshop_form

    workshop = make_workshop(title="Before")
    member = member_browser(workshop, role)

    response = member.post(f"/f/{workshop.code}/settings", data=workshop_form(title="After"))

    assert location(response) == f"/f/{workshop.code}/control"
    db.session.refresh(workshop)
    assert workshop.title == "Before"
    page = member.get(f"/f/{workshop.code}/control").get_data(as_text=True)
    assert "Your role in this workshop cannot do that." in page

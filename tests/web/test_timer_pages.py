"""The timer over plain HTTP: the control panel's forms, and the time left every page shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Stage, Workshop
from workshop.services import live

from .conftest import location, text_of


@pytest.fixture
def workshop(make_workshop, trainer) -> Workshop:
    """The trainer's workshop in the Problems stage."""
    return make_workshop(facilitator=trainer, stage=Stage.PROBLEMS)


@pytest.fixture
def browser(client, trainer, log_in):
    """The trainer's logged-in browser."""
    return log_in(trainer)


def remaining_seconds(workshop: Workshop) -> float:
    return live.timer(workshop)["remaining_ms"] / 1000


def timer_box(page: str) -> str:
    """The countdown element of a page (the first ``data-timer`` element, up to its end)."""
    match = re.search(r'<div class="timer[^"]*"[^>]*data-timer\b.*?</div>', page, re.S)
    assert match, "no countdown on the page"
    return match.group(0)


def test_the_control_screen_has_presets_a_custom_length_and_the_lock_setting(browser, workshop):
    page = text_of(browser.get(f"/f/{workshop.code}/control"))

    assert "Timer" in page and "No timer is running." in page
    for minutes in (1, 3, 5, 10, 15):
        assert f'aria-label="Start a {minutes}-minute timer"' in page
        assert f'name="minutes" value="{minutes}"' in page
    assert '<input type="number" id="timer-minutes" name="minutes"' in page
    assert "Lock input at zero" in page
    assert "data-timer-running-only hidden" in page  # no +1 min or Stop before a timer runs


def test_a_preset_starts_the_timer_and_returns_to_the_control_screen(browser, workshop):
    response = browser.post(f"/f/{workshop.code}/start_timer", data={"minutes": "5"})

    assert location(response) == f"/f/{workshop.code}/control"
    assert workshop.timer_seconds == 300
    assert 298 < remaining_seconds(workshop) <= 300


def test_a_custom_number_of_seconds_starts_the_timer(browser, workshop):
    browser.post(f"/f/{workshop.code}/start_timer", data={"seconds": "45"})

    assert workshop.timer_seconds == 45


def test_a_timer_too_long_is_refused_with_a_message_on_the_control_screen(browser, workshop):
    response = browser.post(
        f"/f/{workshop.code}/start_timer", data={"minutes": "121"}, follow_redirects=True
    )

    assert "A timer runs from 10 seconds to 120 minutes." in text_of(response)
    assert workshop.timer_ends_at is None


def test_a_start_without_a_length_is_refused(browser, workshop):
    response = browser.post(f"/f/{workshop.code}/start_timer", data={}, follow_redirects=True)

    assert "How many minutes?" in text_of(response)
    assert workshop.timer_ends_at is None


def test_one_more_minute_and_stop(browser, workshop):
    browser.post(f"/f/{workshop.code}/start_timer", data={"minutes": "1"})

    browser.post(f"/f/{workshop.code}/add_time", data={"seconds": "60"})
    assert 118 < remaining_seconds(workshop) <= 120

    browser.post(f"/f/{workshop.code}/stop_timer", data={})
    assert live.timer(workshop) is None


def test_the_lock_checkbox_turns_the_lock_on_and_off(browser, workshop):
    browser.post(f"/f/{workshop.code}/timer_lock", data={"locked": "y"})
    assert workshop.lock_at_zero is True
    page = text_of(browser.get(f"/f/{workshop.code}/control"))
    assert re.search(r'name="locked" value="y" data-timer-lock checked', page)

    browser.post(f"/f/{workshop.code}/timer_lock", data={})
    assert workshop.lock_at_zero is False


def test_another_facilitator_cannot_start_a_timer(app, make_facilitator, log_in, workshop):
    other = log_in(make_facilitator(password="a long enough password"), into=app.test_client())

    response = other.post(f"/f/{workshop.code}/start_timer", data={"minutes": "5"})

    assert response.status_code == 404
    assert workshop.timer_ends_at is None


def test_a_phone_cannot_start_a_timer(phone_of, make_participant, workshop):
    phone = phone_of(make_participant(workshop))

    response = phone.post(f"/w/{workshop.code}/start_timer", data={"minutes": "5"})

    assert response.status_code == 404
    assert workshop.timer_ends_at is None


def test_every_page_renders_the_time_left(browser, workshop, make_participant, phone_of):
    services.start_timer(workshop, 300)
    db.session.commit()
    phone = phone_of(make_participant(workshop))

    for page in (
        text_of(browser.get(f"/f/{workshop.code}/control")),
        text_of(browser.get(f"/f/{workshop.code}/screen")),
        text_of(phone.get(f"/w/{workshop.code}")),
    ):
        box = timer_box(page)
        assert re.search(r'role="timer"[^>]*>(5:00|4:5\d)</span>', box), box
        assert 'data-timer-ms="' in box and " hidden" not in box.split(">")[0]
        assert "js/timer.js" in page


def test_pages_without_a_timer_render_it_hidden(browser, workshop, make_participant, phone_of):
    phone = phone_of(make_participant(workshop))

    for page in (
        text_of(browser.get(f"/f/{workshop.code}/screen")),
        text_of(phone.get(f"/w/{workshop.code}")),
    ):
        assert timer_box(page).split(">")[0].endswith("hidden")


def test_after_a_locking_zero_the_phone_says_time_is_up_and_refuses_a_post(
    workshop, make_participant, phone_of
):
    services.set_timer_lock(workshop, True)
    services.start_timer(workshop, 10)
    workshop.timer_ends_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    phone = phone_of(make_participant(workshop))

    page = text_of(phone.get(f"/w/{workshop.code}"))
    assert "Time is up" in timer_box(page)
    assert re.search(r'data-timer-locked role="alert" >Time is up for this stage', page)

    response = phone.post(f"/w/{workshop.code}/post_problem", data={"text": "Too late"})
    assert response.status_code == 400
    assert "Time is up for this stage. Wait for the facilitator." in text_of(response)
    assert "Too late" in text_of(response)  # what was typed is kept


def test_a_team_member_who_may_not_run_the_room_sees_the_countdown_without_its_controls(
    workshop, app
):
    services.start_timer(workshop, 300)
    member = services.invite(workshop, "observer")
    db.session.commit()
    observer = app.test_client()
    observer.get(f"/t/{member.token}")

    page = text_of(observer.get(f"/f/{workshop.code}/control"))

    assert re.search(r'role="timer"[^>]*>(5:00|4:5\d)</span>', timer_box(page))
    assert "start_timer" not in page and "Lock input at zero" not in page

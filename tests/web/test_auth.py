"""Facilitator log-in, log-out and the one-time first-run set-up link."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from workshop import services
from workshop.auth.session import SETUP_LINK_MAX_AGE, setup_token
from workshop.extensions import db
from workshop.models import Facilitator

from .conftest import PASSWORD, csrf_token_for, location, text_of


def facilitator_in_session(browser) -> int | None:
    with browser.session_transaction() as session:
        return session.get("facilitator_id")


@pytest.fixture
def setup_link(app) -> str:
    """The first-run set-up link ``make run`` prints."""
    with app.test_request_context():
        return f"/setup/{setup_token()}"


def facilitators(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Facilitator.username)))


# Log-in


def test_the_login_page_asks_for_user_name_and_password(client):
    response = client.get("/login")

    assert response.status_code == 200
    page = text_of(response)
    assert "Facilitator log-in" in page
    assert 'name="username"' in page
    assert 'name="password"' in page


def test_right_credentials_open_the_dashboard(client, trainer):
    response = client.post("/login", data={"username": "trainer", "password": PASSWORD})

    assert location(response) == "/f/"
    assert facilitator_in_session(client) == trainer.id
    assert "My workshops" in text_of(client.get("/f/"))


def test_the_user_name_is_not_case_sensitive(client, trainer):
    response = client.post("/login", data={"username": " Trainer ", "password": PASSWORD})

    assert location(response) == "/f/"


def test_after_log_in_the_facilitator_lands_on_the_page_they_asked_for(client, trainer):
    asked = client.get("/f/new")
    login_url = location(asked)
    assert login_url.startswith("/login?next=")

    response = client.post(login_url, data={"username": "trainer", "password": PASSWORD})

    assert location(response).startswith("/f/new")


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/f/",
        "http://evil.example",
        "https://evil.example/login",
        "javascript:alert(1)",
    ],
)
def test_an_external_next_address_is_ignored_after_log_in(client, trainer, target):
    response = client.post(
        "/login", query_string={"next": target}, data={"username": "trainer", "password": PASSWORD}
    )

    assert location(response) == "/f/"


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("/\\evil.example", id="backslash"),
        pytest.param("/\t/evil.example", id="tab"),
        pytest.param("/\n/evil.example", id="newline"),
    ],
)
def test_a_next_address_browsers_could_read_as_another_site_stays_on_this_site(
    client, trainer, target
):
    response = client.post(
        "/login", query_string={"next": target}, data={"username": "trainer", "password": PASSWORD}
    )

    sent = location(response)
    assert sent.startswith("/")
    assert not sent.startswith("//")
    assert not any(char in sent for char in "\\\t\n")


def test_a_wrong_password_is_refused_with_a_message_and_no_session(client, trainer):
    response = client.post("/login", data={"username": "trainer", "password": "not it at all"})

    assert response.status_code == 400
    assert "Wrong user name or password." in text_of(response)
    assert facilitator_in_session(client) is None
    assert location(client.get("/f/")).startswith("/login")


def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(client, trainer):
    response = client.post("/login", data={"username": "nobody", "password": PASSWORD})

    assert response.status_code == 400
    assert "Wrong user name or password." in text_of(response)
    assert facilitator_in_session(client) is None


def test_an_empty_log_in_form_says_what_is_missing(client):
    response = client.post("/login", data={"username": "", "password": ""})

    assert response.status_code == 400
    page = text_of(response)
    assert "Type your user name." in page
    assert "Type your password." in page


# Log-out


def test_log_out_ends_the_facilitator_session_but_keeps_the_phone_identity(
    client, trainer, log_in, make_workshop
):
    workshop = make_workshop(facilitator=trainer)
    joined = client.post(
        f"/j/{workshop.code}", data={"role": "resident", "theme_id": workshop.themes[0].id}
    )
    assert location(joined) == f"/w/{workshop.code}"
    log_in(trainer)
    with client.session_transaction() as session:
        participants = dict(session["participants"])

    response = client.post("/logout")

    assert location(response) == "/"
    assert facilitator_in_session(client) is None
    with client.session_transaction() as session:
        assert session["participants"] == participants
    assert location(client.get(f"/f/{workshop.code}/control")).startswith("/login")
    assert client.get(f"/w/{workshop.code}").status_code == 200


def test_with_csrf_on_log_out_needs_the_token_of_the_page(app, client, trainer, log_in):
    log_in(trainer)
    app.config["WTF_CSRF_ENABLED"] = True

    assert client.post("/logout").status_code == 400
    assert facilitator_in_session(client) == trainer.id

    token = csrf_token_for(client, "/f/")
    assert location(client.post("/logout", data={"csrf_token": token})) == "/"
    assert facilitator_in_session(client) is None


def test_logging_in_keeps_a_phone_identity_of_the_same_browser(
    client, trainer, log_in, make_workshop
):
    workshop = make_workshop(facilitator=trainer)
    client.post(f"/j/{workshop.code}", data={"role": "other", "theme_id": workshop.themes[1].id})

    log_in(trainer)

    assert client.get(f"/w/{workshop.code}").status_code == 200
    assert client.get(f"/f/{workshop.code}/control").status_code == 200


# First-run set-up


def test_the_setup_link_shows_the_account_form_while_no_facilitator_exists(client, setup_link):
    response = client.get(setup_link)

    assert response.status_code == 200
    assert "Create the first facilitator account" in text_of(response)


def test_the_setup_link_creates_an_account_logs_in_and_opens_a_new_workshop(
    app, client, setup_link
):
    response = client.post(
        setup_link, data={"username": "Giulia", "password": PASSWORD, "confirm": PASSWORD}
    )

    assert location(response) == "/f/new"
    assert facilitators(app) == ["giulia"]
    assert facilitator_in_session(client) is not None
    page = text_of(client.get("/f/new"))
    assert "Welcome! Create your first workshop." in page
    assert "New session" in page
    with app.app_context():
        assert services.authenticate("giulia", PASSWORD) is not None


def test_the_setup_link_works_only_once(app, client, setup_link):
    client.post(setup_link, data={"username": "giulia", "password": PASSWORD, "confirm": PASSWORD})

    again = app.test_client()
    assert again.get(setup_link).status_code == 404
    response = again.post(
        setup_link, data={"username": "intruder", "password": PASSWORD, "confirm": PASSWORD}
    )

    assert response.status_code == 404
    assert facilitators(app) == ["giulia"]


def test_the_setup_link_is_gone_once_a_facilitator_exists(app, client, trainer, setup_link):
    assert client.get(setup_link).status_code == 404
    response = client.post(
        setup_link, data={"username": "intruder", "password": PASSWORD, "confirm": PASSWORD}
    )

    assert response.status_code == 404
    assert facilitators(app) == ["trainer"]


def test_setup_refuses_two_different_passwords(app, client, setup_link):
    response = client.post(
        setup_link,
        data={"username": "giulia", "password": PASSWORD, "confirm": PASSWORD + " typo"},
    )

    assert response.status_code == 400
    assert "The two passwords differ." in text_of(response)
    assert facilitators(app) == []
    assert facilitator_in_session(client) is None


def test_setup_refuses_a_short_password(app, client, setup_link):
    response = client.post(
        setup_link, data={"username": "giulia", "password": "short", "confirm": "short"}
    )

    assert response.status_code == 400
    assert "The password needs at least 8 characters." in text_of(response)
    assert facilitators(app) == []


def test_setup_refuses_an_empty_user_name(app, client, setup_link):
    response = client.post(
        setup_link, data={"username": "", "password": PASSWORD, "confirm": PASSWORD}
    )

    assert response.status_code == 400
    assert "Choose a user name." in text_of(response)
    assert facilitators(app) == []


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda app: "not-a-token", id="garbage"),
        pytest.param(
            lambda app: URLSafeTimedSerializer("another key", salt="tavola-first-setup").dumps(
                "first-facilitator"
            ),
            id="signed-with-another-key",
        ),
        pytest.param(
            lambda app: URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="other").dumps(
                "first-facilitator"
            ),
            id="signed-for-another-purpose",
        ),
        pytest.param(
            lambda app: URLSafeTimedSerializer(
                app.config["SECRET_KEY"], salt="tavola-first-setup"
            ).dumps("someone-else"),
            id="signed-for-another-payload",
        ),
    ],
)
def test_a_forged_setup_link_is_not_found(app, client, forge):
    token = forge(app)

    assert client.get(f"/setup/{token}").status_code == 404
    response = client.post(
        f"/setup/{token}", data={"username": "giulia", "password": PASSWORD, "confirm": PASSWORD}
    )

    assert response.status_code == 404
    assert facilitators(app) == []


def test_an_expired_setup_link_is_not_found(app, client, monkeypatch):
    long_ago = int(time.time()) - SETUP_LINK_MAX_AGE - 60
    with monkeypatch.context() as patch, app.test_request_context():
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: long_ago)
        token = setup_token()

    assert client.get(f"/setup/{token}").status_code == 404

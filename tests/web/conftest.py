"""Helpers for the HTTP-route and CLI tests (the factories live in ``tests/conftest.py``).

Requests made while ``app_ctx`` is active share its app context, hence its database session:
what a request committed is visible to the test at once, and factory-made objects stay usable.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from workshop.models import Facilitator, Participant

#: The password of the facilitators these tests log in as.
PASSWORD = "a long enough password"


def text_of(response: TestResponse) -> str:
    """The page as a person reads it: HTML entities (quotes, ampersands) decoded."""
    return html.unescape(response.get_data(as_text=True))


def location(response: TestResponse) -> str:
    """Where a redirect points, as the path (and query) the app wrote."""
    assert response.status_code in (301, 302, 303, 307, 308), response.status_code
    return response.headers["Location"]


def input_values(page: str, name: str, type: str | None = None) -> list[str]:
    """The values of the ``<input>`` elements called ``name`` (of that ``type``) on a page."""
    values = []
    for tag in re.findall(r"<input\b[^>]*>", page):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if attributes.get("name") == name and type in (None, attributes.get("type")):
            values.append(attributes.get("value", ""))
    return values


def csrf_token_for(browser: FlaskClient, path: str) -> str:
    """The CSRF token the page at ``path`` gives this browser.

    Requests made under ``app_ctx`` share its ``g``, where Flask-WTF caches the token of the
    first page rendered; drop it so this browser gets the token of its own session.
    """
    if has_app_context():
        g.pop("csrf_token", None)
    [token, *_] = input_values(text_of(browser.get(path)), "csrf_token")
    return token


@pytest.fixture
def trainer(make_facilitator) -> Facilitator:
    """The facilitator who runs the workshops of a test."""
    return make_facilitator(username="trainer", password=PASSWORD)


@pytest.fixture
def log_in(client: FlaskClient) -> Callable[..., FlaskClient]:
    """``log_in(facilitator, into=client)``: log in through the log-in page."""

    def log_in_as(facilitator: Facilitator, into: FlaskClient | None = None) -> FlaskClient:
        browser = into or client
        response = browser.post(
            "/login", data={"username": facilitator.username, "password": PASSWORD}
        )
        assert response.status_code == 302, text_of(response)
        return browser

    return log_in_as


@pytest.fixture
def phone_of(app: Flask) -> Callable[[Participant], FlaskClient]:
    """``phone_of(participant)``: a browser that joined as this participant earlier."""

    def phone(participant: Participant) -> FlaskClient:
        browser = app.test_client()
        with browser.session_transaction() as session:
            tokens = dict(session.get("participants", {}))
            tokens[str(participant.workshop_id)] = participant.token
            session["participants"] = tokens
        return browser

    return phone


@pytest.fixture(autouse=True)
def _each_request_picks_its_language(app: Flask) -> None:
    """A real request has its own ``g``; requests under ``app_ctx`` share one, where Flask-Babel
    caches the locale of the first. Forget it, so each request chooses its language anew."""

    @app.before_request
    def _forget_locale() -> None:
        g.pop("_flask_babel", None)
        g.pop("lang_scope", None)

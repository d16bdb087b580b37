"""HTTP hardening a browser enforces: security headers, cookie flags, the proxy in front, and
throttling of the guessable doors (join codes, facilitator passwords)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from support.apps import app_config

from workshop import create_app

from .conftest import PASSWORD, location, text_of

SLOW_DOWN = "Too many tries from this network. Wait a minute, then try again."


@pytest.fixture
def app_factory(app, database_url, tmp_path) -> Callable[..., Flask]:
    """Another app on the test's database, configured as a deployment would be."""

    def make(**config) -> Flask:
        return create_app(app_config(database_url, tmp_path, **config))

    return make


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy as directive → sources."""
    header = response.headers["Content-Security-Policy"]
    return dict([*part.strip().split(" ", 1), ""][:2] for part in header.split(";") if part.strip())


@pytest.mark.parametrize("path", ["/", "/join", "/login", "/static/js/live.js"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)

    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == "'self'"
    # Scripts only from this site's files: no inline code, no eval, no other host.
    assert csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    # The only place a page may talk to: this site, and its own WebSocket.
    assert csp["connect-src"].split() == ["'self'", "ws://localhost", "wss://localhost"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain http: no promise


def test_a_phone_page_has_no_inline_script_the_policy_would_block(client, make_workshop):
    workshop = make_workshop()
    page = text_of(client.get(f"/j/{workshop.code}"))

    # Only data blocks (labels for the scripts) and files from static/ are in <script> tags.
    for tag in page.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert 'type="application/json"' in opening or "src=" in opening, opening
    assert " onclick=" not in page and " onload=" not in page


def test_the_session_cookie_is_http_only_and_same_site(client, trainer):
    response = client.post("/login", data={"username": "trainer", "password": PASSWORD})

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # served over plain http (a laptop on the venue's wifi)


def test_behind_https_the_cookie_is_secure_and_hsts_is_sent(app_factory, trainer):
    app = app_factory(PUBLIC_URL="https://tavola.example.org", PROXY_HOPS=1)
    client = app.test_client()
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tavola.example.org"}

    response = client.post(
        "/login", data={"username": "trainer", "password": PASSWORD}, headers=https
    )

    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "wss://tavola.example.org" in policy(response)["connect-src"]


# Guessing join codes


def test_wrong_join_codes_from_one_network_are_slowed_in_the_visitors_language(client):
    for n in range(30):
        assert client.get(f"/j/WRONG{n}").status_code == 404

    refused = client.get("/j/WRONG99")

    assert refused.status_code == 429
    assert SLOW_DOWN in text_of(refused)
    # The typed code is still in the box, ready to send again later.
    assert 'value="WRONG99"' in text_of(refused)
    italian = client.get("/j/WRONG99", headers={"Accept-Language": "it"})
    assert italian.status_code == 429
    assert SLOW_DOWN not in text_of(italian)


def test_another_network_still_joins_while_one_is_slowed(client, make_workshop):
    workshop = make_workshop()
    for n in range(31):
        client.post("/join", data={"code": f"WRONG{n}"})
    assert client.post("/join", data={"code": workshop.code}).status_code == 429

    elsewhere = client.post(
        "/join", data={"code": workshop.code}, environ_base={"REMOTE_ADDR": "10.0.0.7"}
    )

    assert location(elsewhere).endswith(f"/j/{workshop.code}")


def test_a_whole_venue_joining_through_one_address_is_never_slowed(client, make_workshop):
    workshop = make_workshop()

    # 120 phones behind the venue's one wifi address open the QR link and join; some forget
    # to pick a role first (a 400 is not a wrong guess).
    for n in range(120):
        phone = client.application.test_client()
        assert phone.get(f"/j/{workshop.code}").status_code == 200
        if n % 10 == 0:
            assert phone.post(f"/j/{workshop.code}", data={}).status_code == 400
        joined = phone.post(
            f"/j/{workshop.code}",
            data={"role": "resident", "theme_id": str(workshop.themes[0].id)},
        )
        assert location(joined).endswith(f"/p/{workshop.code}") or joined.status_code == 302


def test_a_spoofed_forwarded_address_does_not_escape_the_limit_without_a_proxy(client):
    for n in range(30):
        client.get(f"/j/WRONG{n}", headers={"X-Forwarded-For": f"10.0.{n}.1"})

    assert client.get("/j/WRONG99", headers={"X-Forwarded-For": "10.9.9.9"}).status_code == 429


def test_behind_a_trusted_proxy_each_phone_counts_by_its_own_address(app_factory):
    client = app_factory(PROXY_HOPS=1).test_client()
    for n in range(30):
        client.get(f"/j/WRONG{n}", headers={"X-Forwarded-For": "203.0.113.5"})

    assert client.get("/j/WRONG", headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 429
    assert client.get("/j/WRONG", headers={"X-Forwarded-For": "203.0.113.6"}).status_code == 404


# Guessing passwords


def test_wrong_passwords_are_slowed_and_the_user_name_stays_in_the_form(client, trainer):
    for _ in range(10):
        wrong = client.post("/login", data={"username": "trainer", "password": "guess"})
        assert wrong.status_code == 400

    refused = client.post("/login", data={"username": "trainer", "password": PASSWORD})

    assert refused.status_code == 429
    page = text_of(refused)
    assert SLOW_DOWN in page
    assert 'value="trainer"' in page
    assert client.get("/f/").status_code == 302  # not logged in


def test_one_account_guessed_from_many_addresses_is_slowed(client, trainer):
    for n in range(30):
        client.post(
            "/login",
            data={"username": "trainer", "password": f"guess{n}"},
            environ_base={"REMOTE_ADDR": f"10.1.{n}.1"},
        )

    refused = client.post(
        "/login",
        data={"username": "Trainer", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.2.0.1"},
    )

    assert refused.status_code == 429
    # Another facilitator's account is untouched.
    other = client.post(
        "/login",
        data={"username": "someone", "password": "x"},
        environ_base={"REMOTE_ADDR": "10.3.0.1"},
    )
    assert other.status_code == 400


def test_right_passwords_do_not_count(client, trainer):
    for _ in range(15):
        assert location(client.post("/login", data={"username": "trainer", "password": PASSWORD}))
        client.post("/logout")

"""Facilitator accounts: the only passwords in Tavola."""

from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash

from workshop import services
from workshop.extensions import db
from workshop.models import Facilitator
from workshop.services import InvalidInput


def test_there_is_no_facilitator_until_one_is_created(app_ctx):
    assert services.facilitator_exists() is False

    services.create_facilitator("anna", "long enough")

    assert services.facilitator_exists() is True


def test_a_password_is_stored_only_as_a_hash(app_ctx):
    facilitator = services.create_facilitator("anna", "s3cret-passphrase")
    db.session.commit()

    assert "s3cret-passphrase" not in facilitator.password_hash
    assert facilitator.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert check_password_hash(facilitator.password_hash, "s3cret-passphrase")


def test_the_same_password_is_hashed_differently_for_two_people(app_ctx):
    anna = services.create_facilitator("anna", "same password")
    ben = services.create_facilitator("ben", "same password")

    assert anna.password_hash != ben.password_hash


def test_a_user_name_is_stored_trimmed_and_lower_case(app_ctx):
    assert services.create_facilitator("  Anna.Rossi@Comune.Prato.it ", "long enough").username == (
        "anna.rossi@comune.prato.it"
    )


@pytest.mark.parametrize("taken", ["anna", "ANNA", " Anna "])
def test_a_user_name_that_is_taken_is_refused_whatever_its_case(app_ctx, count_rows, taken):
    services.create_facilitator("Anna", "long enough")
    db.session.commit()

    with pytest.raises(InvalidInput) as refused:
        services.create_facilitator(taken, "another password")

    assert refused.value.field == "username"
    assert count_rows(Facilitator) == 1


@pytest.mark.parametrize("username", ["", "   ", None, "u" * 121])
def test_an_empty_or_over_long_user_name_is_refused(app_ctx, username):
    with pytest.raises(InvalidInput) as refused:
        services.create_facilitator(username, "long enough")

    assert refused.value.field == "username"


def test_a_user_name_of_120_characters_is_accepted(app_ctx):
    assert services.create_facilitator("u" * 120, "long enough").username == "u" * 120


@pytest.mark.parametrize("password", ["", None, "1234567"])
def test_a_password_shorter_than_8_characters_is_refused(app_ctx, count_rows, password):
    with pytest.raises(InvalidInput) as refused:
        services.create_facilitator("anna", password)

    assert refused.value.field == "password"
    assert "8" in str(refused.value.message)
    assert count_rows(Facilitator) == 0


def test_a_password_of_8_characters_is_accepted(app_ctx):
    assert services.create_facilitator("anna", "12345678").id is not None


def test_the_right_password_logs_the_facilitator_in(make_facilitator):
    anna = make_facilitator(username="anna", password="right password")

    assert services.authenticate("anna", "right password") == anna


def test_the_user_name_is_matched_whatever_its_case(make_facilitator):
    anna = make_facilitator(username="anna", password="right password")

    assert services.authenticate("  ANNA ", "right password") == anna


@pytest.mark.parametrize("password", ["wrong password", "RIGHT PASSWORD", "", None])
def test_a_wrong_password_logs_nobody_in(make_facilitator, password):
    make_facilitator(username="anna", password="right password")

    assert services.authenticate("anna", password) is None


@pytest.mark.parametrize("username", ["bruno", "", None])
def test_an_unknown_user_logs_nobody_in(make_facilitator, username):
    make_facilitator(username="anna", password="right password")

    assert services.authenticate(username, "right password") is None

"""The errors a service raises when the rules refuse an intent."""

from __future__ import annotations

import pytest
from flask_babel import lazy_gettext as _l

from workshop.services import (
    Forbidden,
    InvalidInput,
    NotFound,
    OverBudget,
    ServiceError,
    WrongStage,
)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ServiceError, "error"),
        (InvalidInput, "invalid"),
        (NotFound, "not_found"),
        (Forbidden, "forbidden"),
        (WrongStage, "stage"),
        (OverBudget, "budget"),
    ],
)
def test_every_refusal_has_a_stable_code(error, code):
    assert error.code == code
    assert issubclass(error, ServiceError)


def test_an_acknowledgement_carries_the_code_the_message_and_the_field(app_ctx):
    error = InvalidInput(_l("Write the problem first."), field="text")

    assert error.as_ack() == {
        "ok": False,
        "error": "invalid",
        "message": "Write the problem first.",
        "field": "text",
    }


def test_an_acknowledgement_without_a_field_names_none(app_ctx):
    assert OverBudget(_l("You have used all your dots.")).as_ack() == {
        "ok": False,
        "error": "budget",
        "message": "You have used all your dots.",
    }


def test_a_message_stays_lazy_so_each_reader_gets_their_language(app_ctx):
    message = _l("Unknown stage.")

    error = InvalidInput(message)

    assert error.message is message
    assert str(error) == "Unknown stage."

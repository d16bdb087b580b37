"""The intent door shared by HTTP and Socket.IO: payload shapes, refusals, races."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from workshop.intents import formdata_from_payload, perform, socket_form
from workshop.participate.forms import ProblemForm, PrototypeForm, VoteForm
from workshop.services.errors import InvalidInput


def test_a_flat_payload_becomes_form_data():
    data = formdata_from_payload({"title": "Desk", "problem_ids": [1, 2], "supported": True})
    assert data == MultiDict(
        [("title", "Desk"), ("problem_ids", "1"), ("problem_ids", "2"), ("supported", "y")]
    )


@pytest.mark.parametrize(
    "payload",
    [["a", "list"], "text", 42, {"text": {"nested": 1}}, {"ids": [[1]]}, {"ids": list(range(101))}],
)
def test_payloads_of_the_wrong_shape_are_refused_before_any_form(payload):
    with pytest.raises(InvalidInput):
        formdata_from_payload(payload)


def test_a_missing_payload_is_an_empty_form(app_ctx):
    form = socket_form(ProblemForm, None)
    assert form.validate() is False
    assert form.errors["text"] == ["Write the problem first."]


def test_the_canvas_form_takes_several_problems(app_ctx):
    form = socket_form(PrototypeForm, {"title": "T", "what_changes": "W", "problem_ids": [3, 5]})
    assert form.validate(), form.errors
    assert form.problem_ids.data == [3, 5]


def test_a_vote_moves_one_dot_at_a_time(app_ctx):
    assert not socket_form(VoteForm, {"prototype_id": 1, "delta": 2}).validate()
    assert socket_form(VoteForm, {"prototype_id": 1, "delta": -1}).validate()


def test_an_invalid_form_is_acknowledged_with_the_field_and_its_message(app_ctx):
    ack = perform("post_problem", lambda s, f: {}, None, socket_form(ProblemForm, {"text": ""}))
    assert ack == {
        "ok": False,
        "error": "invalid",
        "field": "text",
        "message": "Write the problem first.",
    }


def test_a_race_caught_by_the_database_is_a_calm_conflict_not_a_crash(app_ctx):
    def racing(subject, form):
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    ack = perform("support", racing, None, socket_form(ProblemForm, {"text": "ok"}))

    assert ack["ok"] is False and ack["error"] == "conflict"
    assert "try again" in ack["message"]


def test_surrounding_spaces_do_not_count_towards_the_limit(app_ctx):
    form = socket_form(ProblemForm, {"text": "   " + "x" * 280 + "\n\n"})
    assert form.validate(), form.errors
    assert form.text.data == "x" * 280
    again = socket_form(ProblemForm, {"text": "  y  "})
    assert again.validate() and again.text.data == "y"

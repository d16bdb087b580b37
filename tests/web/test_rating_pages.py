"""Rating rounds over HTTP: the phone's faces in the Rating stage, plain posts, and results."""

from __future__ import annotations

import json
import re

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Stage

from .conftest import location, text_of


@pytest.fixture
def review(make_workshop, trainer):
    """The trainer's intercultural review (14 areas, one question), in the Rating stage."""
    return make_workshop(
        facilitator=trainer, title="ICC review", template="review", stage=Stage.RATE
    )


@pytest.fixture
def person(app_ctx):
    def join(workshop, role="resident"):
        participant = services.join(workshop, role=role, theme_id=None)
        db.session.commit()
        return participant

    return join


def rate_over_http(phone, review, item, criterion, score):
    return phone.post(
        f"/w/{review.code}/rate",
        data={"item_id": item.id, "criterion_id": criterion.id, "score": str(score)},
    )


def checked_scores(page: str) -> list[str]:
    return re.findall(r'<input type="radio" name="score" value="(\d)"[^>]*checked', page)


def test_the_phone_shows_every_area_with_five_labelled_choices_and_the_progress(
    review, person, phone_of
):
    page = text_of(phone_of(person(review)).get(f"/w/{review.code}"))

    assert page.count('data-intent="rate"') == 14
    assert page.count('type="radio" name="score"') == 14 * 5
    assert page.count("<fieldset>") == 14 and page.count("<legend>") == 14
    for word in ("Very bad", "Bad", "So-so", "Good", "Very good"):
        assert f'<span class="rate-word">{word}</span>' in page
    assert page.count('<svg class="face"') == 14 * 5
    assert re.search(r"<span data-rated>0</span> of <span data-items>14</span> rated", page)


def test_a_plain_post_rates_marks_the_choice_and_counts_the_item_as_rated(review, person, phone_of):
    amina = person(review)
    phone = phone_of(amina)
    area, question = review.rating_items[3], review.criteria[0]

    response = rate_over_http(phone, review, area, question, 4)

    assert location(response) == f"/w/{review.code}#item-{area.id}"
    page = text_of(phone.get(f"/w/{review.code}"))
    assert checked_scores(page) == ["4"]
    assert re.search(r"<span data-rated>1</span> of <span data-items>14</span> rated", page)
    assert services.my_ratings(amina) == {(area.id, question.id): 4}


def test_a_score_out_of_range_comes_back_with_a_clear_message(review, person, phone_of):
    phone = phone_of(person(review))

    response = rate_over_http(phone, review, review.rating_items[0], review.criteria[0], 9)

    assert response.status_code == 400
    assert "Choose a score from 1 to 5." in text_of(response)


def test_rating_after_the_round_is_refused_on_the_page(review, person, phone_of, move_to):
    phone = phone_of(person(review))
    move_to(review, Stage.RESULTS)

    response = rate_over_http(phone, review, review.rating_items[0], review.criteria[0], 3)

    assert response.status_code == 400
    assert "Rating is only open in the Rating stage." in text_of(response)


def test_projector_and_control_show_progress_not_averages_during_the_round(
    review, person, client, trainer, log_in
):
    amina = person(review)
    services.rate(amina, review.rating_items[0].id, review.criteria[0].id, 5)
    db.session.commit()
    log_in(trainer)

    for view in ("screen", "control"):
        page = text_of(client.get(f"/f/{review.code}/{view}"))
        assert re.search(r'<b data-bind="raters">1</b> of <span data-bind="participants">1', page)
        assert "Education" in page  # what is being rated, listed
        assert "/ 5" not in page


@pytest.fixture
def rated_review(review, person, move_to):
    """Three residents and one councillor rated the first area; the room is in Results."""
    area, question = review.rating_items[0], review.criteria[0]
    for score in (4, 5, 3):
        services.rate(person(review), area.id, question.id, score)
    services.rate(person(review, "decision_maker"), area.id, question.id, 1)
    db.session.commit()
    move_to(review, Stage.RESULTS)
    return review


def first_result(page: str) -> str:
    return page.split('class="card rate-result"', 2)[1]


def test_the_projector_shows_residents_average_and_fewer_than_3_for_one_councillor(
    rated_review, client, trainer, log_in
):
    log_in(trainer)

    page = text_of(client.get(f"/f/{rated_review.code}/screen"))

    card = first_result(page)
    assert "Intercultural commitment" in card
    resident = card.split('data-role="resident"')[1].split("</tr>")[0]
    assert '<b data-field="average">4.0</b> / 5' in resident
    assert 'class="dist"' in resident
    councillor = card.split('data-role="decision_maker"')[1].split("</tr>")[0]
    assert "fewer than 3" in councillor and "1.0" not in councillor
    assert "Overall not shown" in card


def test_the_control_screen_shows_the_exact_numbers(rated_review, client, trainer, log_in):
    log_in(trainer)

    card = first_result(text_of(client.get(f"/f/{rated_review.code}/control")))

    assert '<b data-field="average">3.2</b> / 5' in card  # (4 + 5 + 3 + 1) / 4 = 3.25
    councillor = card.split('data-role="decision_maker"')[1].split("</tr>")[0]
    assert '<b data-field="average">1.0</b> / 5' in councillor
    assert re.search(r'aria-label="How many gave each score: 1: 1, 2: 0, 3: 1, 4: 1, 5: 1"', card)


def test_phones_see_the_protected_results_in_results(rated_review, person, phone_of):
    page = text_of(phone_of(person(rated_review)).get(f"/w/{rated_review.code}"))

    card = first_result(page)
    assert '<b data-field="average">4.0</b> / 5' in card
    assert "fewer than 3" in card


def test_the_json_export_has_items_criteria_each_rating_and_exact_results(
    rated_review, client, trainer, log_in
):
    log_in(trainer)

    data = json.loads(client.get(f"/f/{rated_review.code}/export.json").get_data(as_text=True))

    area, question = rated_review.rating_items[0], rated_review.criteria[0]
    assert data["rating_items"][0] == {
        "id": area.id,
        "text": "Intercultural commitment",
        "prototype_id": None,
    }
    assert len(data["rating_items"]) == 14
    assert data["criteria"] == [{"id": question.id, "name": question.name}]
    assert [(r["participant"], r["role"], r["score"]) for r in data["ratings"]] == [
        ("P1", "resident", 4),
        ("P2", "resident", 5),
        ("P3", "resident", 3),
        ("P4", "decision_maker", 1),
    ]
    assert {r["item_id"] for r in data["ratings"]} == {area.id}
    cell = data["rating_results"][0]["criteria"][0]
    assert (cell["criterion_id"], cell["count"], cell["average"]) == (question.id, 4, 3.25)
    assert cell["distribution"] == [1, 0, 1, 1, 1]
    assert cell["by_role"]["decision_maker"]["average"] == 1.0  # exact: not suppressed here


def test_after_the_session_the_join_link_shows_the_rooms_rating_results(
    rated_review, client, move_to
):
    move_to(rated_review, Stage.CLOSED)

    page = text_of(client.get(f"/j/{rated_review.code}"))

    card = first_result(page)
    assert '<b data-field="average">4.0</b> / 5' in card
    assert "fewer than 3" in card and "1.0" not in card

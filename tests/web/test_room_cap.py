"""A full room: past ``ROOM_CAP`` phones connected, new people are asked to try again later;
nobody already in is turned away, and a seat freed is a seat offered."""

from __future__ import annotations

import itertools

import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Participant

from .conftest import text_of

FULL = "This room is full right now. Try again in a few minutes, or ask the facilitator."
_sids = itertools.count(1)


@pytest.fixture
def app(app):
    app.config["ROOM_CAP"] = 2
    return app


def open_phone(participant: Participant) -> str:
    """The participant's phone connects (its presence row, as the socket handshake writes it)."""
    sid = f"sid-{next(_sids)}"
    services.presence.connected(
        sid, workshop_id=participant.workshop_id, view="phone", participant_id=participant.id
    )
    db.session.commit()
    return sid


def join(client, workshop):
    return client.post(
        f"/j/{workshop.code}", data={"role": "resident", "theme_id": str(workshop.themes[0].id)}
    )


def test_a_new_person_is_asked_to_try_again_when_the_room_is_full(
    app, client, make_workshop, make_participant, count_rows
):
    workshop = make_workshop()
    for _ in range(2):
        open_phone(make_participant(workshop))

    response = join(client, workshop)

    assert response.status_code == 503
    assert FULL in text_of(response)
    assert count_rows(Participant) == 2  # nobody was added


def test_the_cap_counts_phones_connected_not_people_who_ever_joined(
    app, client, make_workshop, make_participant
):
    workshop = make_workshop()
    first, second = make_participant(workshop), make_participant(workshop)
    open_phone(first)
    sid = open_phone(second)
    assert join(client, workshop).status_code == 503

    services.presence.disconnected(sid)  # someone left: a seat is free again
    db.session.commit()

    assert join(client, workshop).headers["Location"] == f"/w/{workshop.code}"


def test_someone_already_in_gets_back_to_their_page_when_the_room_is_full(
    app, client, make_workshop, make_participant
):
    workshop = make_workshop()
    response = join(client, workshop)  # this browser joins first
    assert response.status_code == 302
    for _ in range(2):
        open_phone(make_participant(workshop))

    assert client.get(f"/j/{workshop.code}").headers["Location"] == f"/w/{workshop.code}"
    assert client.get(f"/w/{workshop.code}").status_code == 200


def test_a_full_room_is_told_in_the_readers_language(app, client, make_workshop, make_participant):
    workshop = make_workshop()
    for _ in range(2):
        open_phone(make_participant(workshop))

    response = client.post(
        f"/j/{workshop.code}",
        data={"role": "resident", "theme_id": str(workshop.themes[0].id)},
        headers={"Accept-Language": "it"},
    )

    assert response.status_code == 503
    assert FULL not in text_of(response)
    assert "piena" in text_of(response)


def test_the_team_can_still_enter_someone_without_a_phone_when_the_room_is_full(
    app, make_workshop, make_participant
):
    workshop = make_workshop()
    for _ in range(2):
        open_phone(make_participant(workshop))

    person = services.join(workshop, role="resident", theme_id=workshop.themes[0].id)

    assert person.id is not None


def test_without_a_cap_the_room_takes_everyone(app, client, make_workshop, make_participant):
    app.config["ROOM_CAP"] = 0
    workshop = make_workshop()
    for _ in range(3):
        open_phone(make_participant(workshop))

    assert join(client, workshop).status_code == 302

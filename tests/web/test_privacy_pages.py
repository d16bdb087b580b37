"""Data protection over HTTP and the command line: the join page's notice, withdrawing one's own
card from a phone without JavaScript, deleting a workshop, the action log, and ``purge``."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from workshop import services
from workshop.extensions import db
from workshop.models import (
    ModerationAction,
    Problem,
    Stage,
    StageChange,
    Support,
    Workshop,
    utcnow,
)
from workshop.services import live, privacy

from .conftest import csrf_token_for, location, text_of


@pytest.fixture
def room(make_workshop, make_participant, make_problem, trainer):
    """A workshop of ``trainer`` with my card, someone else's card and a "me too" on mine."""
    workshop = make_workshop(facilitator=trainer)
    me, other = make_participant(workshop), make_participant(workshop)
    mine = make_problem(me, "The bus stops at 8 pm")
    theirs = make_problem(other, "No forms in Arabic")
    services.set_support(other, mine.id, True)
    db.session.commit()
    return workshop, me, other, mine, theirs


# ---- the join page ---------------------------------------------------------------------------


def test_the_join_page_says_what_is_stored_who_sees_it_and_for_how_long(app, client, make_workshop):
    app.config["RETENTION_DAYS"] = 90
    workshop = make_workshop()

    page = text_of(client.get(f"/j/{workshop.code}"))

    assert "You give no name and no contact details." in page
    assert "the report for decision makers" in page
    assert "deleted 90 days after the session ends" in page
    assert "withdraw your cards from your phone" in page
    assert "IP address" in page


def test_the_join_page_notice_is_in_the_participants_language(client, make_workshop):
    workshop = make_workshop()

    page = text_of(client.get(f"/j/{workshop.code}", headers={"Accept-Language": "ar"}))

    assert "IP address" not in page
    assert 'dir="rtl"' in page
    assert "180" in page


# ---- withdrawing a card ----------------------------------------------------------------------


def test_a_phone_without_javascript_withdraws_its_own_card(room, phone_of, count_rows):
    workshop, me, _other, mine, _theirs = room
    phone = phone_of(me)
    page = text_of(phone.get(f"/w/{workshop.code}"))
    assert "Withdraw" in page and "Your cards" in page

    response = phone.post(f"/w/{workshop.code}/withdraw_problem", data={"problem_id": mine.id})

    assert location(response) == f"/w/{workshop.code}"
    assert db.session.get(Problem, mine.id) is None
    assert count_rows(Support) == 0
    after = text_of(phone.get(location(response)))
    assert "The bus stops at 8 pm" not in after
    assert "Withdrawn: it is gone from every screen." in after
    assert "No forms in Arabic" in after
    entry = live.moderation_log(workshop)[0]
    assert (entry["action"], entry["role"]) == ("withdraw", "participant")


def test_a_phone_cannot_withdraw_someone_elses_card(room, phone_of, count_rows):
    workshop, me, _other, _mine, theirs = room

    response = phone_of(me).post(
        f"/w/{workshop.code}/withdraw_problem", data={"problem_id": theirs.id}
    )

    assert response.status_code == 400
    assert "Only the person who wrote a card can withdraw it." in text_of(response)
    assert db.session.get(Problem, theirs.id) is not None
    assert count_rows(Problem) == 2


def test_withdrawing_needs_the_pages_csrf_token(app, room, phone_of):
    app.config["WTF_CSRF_ENABLED"] = True
    workshop, me, _other, mine, _theirs = room
    phone = phone_of(me)
    url = f"/w/{workshop.code}/withdraw_problem"

    assert phone.post(url, data={"problem_id": mine.id}).status_code == 400
    assert db.session.get(Problem, mine.id) is not None
    token = csrf_token_for(phone, f"/w/{workshop.code}")
    assert phone.post(url, data={"problem_id": mine.id, "csrf_token": token}).status_code == 302
    assert db.session.get(Problem, mine.id) is None


# ---- deleting a workshop ---------------------------------------------------------------------


def test_the_trainer_deletes_a_workshop_after_a_confirmation_that_names_it(
    room, log_in, trainer, client, count_rows
):
    workshop, *_ = room
    code, workshop_id = workshop.code, workshop.id
    log_in(trainer)
    assert "Delete this workshop" in text_of(client.get(f"/f/{code}/control"))

    confirm = text_of(client.get(f"/f/{code}/delete"))
    assert "Living in Prato" in confirm and code in confirm

    wrong = client.post(f"/f/{code}/delete", data={"code": "ABCDEF"})
    assert wrong.status_code == 400
    assert "The code does not match: nothing was deleted." in text_of(wrong)
    assert db.session.get(Workshop, workshop_id) is not None

    done = client.post(f"/f/{code}/delete", data={"code": code.lower()})
    assert location(done) == "/f/"
    assert db.session.get(Workshop, workshop_id) is None
    assert count_rows(Problem) == 0
    assert "was deleted" in text_of(client.get("/f/"))
    assert client.get(f"/f/{code}/control").status_code == 404


def test_only_its_owner_can_delete_a_workshop(
    room, log_in, make_facilitator, client, app, member_of, count_rows
):
    workshop, *_ = room
    code = workshop.code
    log_in(make_facilitator(username="someone", password="a long enough password"))

    assert client.get(f"/f/{code}/delete").status_code == 404
    assert client.post(f"/f/{code}/delete", data={"code": code}).status_code == 404
    # A co-facilitator runs the room but cannot delete it.
    co = member_of(workshop, "co_facilitator")
    team = app.test_client()
    team.get(f"/t/{co.member.token}")
    assert team.post(f"/f/{code}/delete", data={"code": code}).status_code in (302, 403, 404)
    assert db.session.get(Workshop, workshop.id) is not None
    assert count_rows(Problem) == 2


def test_deleting_needs_the_pages_csrf_token(app, room, log_in, trainer, client):
    workshop, *_ = room
    log_in(trainer)
    app.config["WTF_CSRF_ENABLED"] = True

    refused = client.post(f"/f/{workshop.code}/delete", data={"code": workshop.code})

    assert refused.status_code == 400
    assert db.session.get(Workshop, workshop.id) is not None


def test_a_phone_of_a_deleted_workshop_is_sent_to_the_join_page(room, phone_of, trainer):
    workshop, me, *_ = room
    code = workshop.code
    phone = phone_of(me)
    privacy.delete_workshop(workshop, trainer)
    db.session.commit()

    response = phone.get(f"/w/{code}")

    assert location(response) == f"/j/{code}"
    assert phone.get(location(response)).status_code == 404


@pytest.mark.parametrize("screen", ["screen", "control"])
def test_the_trainers_screens_of_a_deleted_workshop_say_so_in_their_language(
    room, log_in, trainer, client, screen
):
    workshop, *_ = room
    code = workshop.code
    log_in(trainer)
    privacy.delete_workshop(workshop, trainer)
    db.session.commit()

    english = client.get(f"/f/{code}/{screen}")
    arabic = client.get(f"/f/{code}/{screen}", headers={"Accept-Language": "ar"})

    assert english.status_code == arabic.status_code == 404
    assert "the workshop may have ended and been deleted" in text_of(english)
    assert 'name="code"' in text_of(english)  # the way on: type another code
    assert 'dir="rtl"' in text_of(arabic) and "Not Found" not in text_of(arabic)
    assert "the workshop may have ended" not in text_of(arabic)


# ---- the action log --------------------------------------------------------------------------


def test_exports_and_stage_changes_are_in_the_action_log_with_who_did_them(
    room, log_in, trainer, client
):
    workshop, *_ = room
    log_in(trainer)

    assert client.get(f"/f/{workshop.code}/export.json").status_code == 200
    client.post(f"/f/{workshop.code}/set_stage", data={"stage": "focus"})

    log = live.moderation_log(workshop)
    assert [(e["action"], e["role"]) for e in log[:2]] == [
        ("stage", "trainer"),
        ("export", "trainer"),
    ]
    assert log[1]["details"] == {"format": "json"}
    page = text_of(client.get(f"/f/{workshop.code}/control"))
    assert "moved the room to" in page and "downloaded the report or data (JSON)" in page
    # The export's own record lists moderation only, as before.
    record = json.loads(client.get(f"/f/{workshop.code}/export.json").data)
    assert all(m["action"] not in privacy.LOG_ONLY_ACTIONS for m in record["moderation"])


# ---- purge -----------------------------------------------------------------------------------


def _close(workshop: Workshop, days_ago: int) -> None:
    services.advance_stage(workshop, Stage.CLOSED)
    db.session.flush()
    for change in workshop.stage_changes:
        if change.stage == "closed":
            change.at = utcnow() - timedelta(days=days_ago)
    db.session.commit()


def test_purge_removes_everything_personal_of_workshops_past_retention(
    room, runner, make_prototype, make_workshop, make_participant, app
):
    workshop, me, other, mine, _theirs = room
    make_prototype(me, problems=[mine])
    services.advance_stage(workshop, Stage.VOTE)
    services.presence.connected(
        "sid-9", workshop_id=workshop.id, view="phone", participant_id=me.id
    )
    services.invite(workshop, "interpreter", display_name="Amal")
    db.session.commit()
    _close(workshop, 200)
    services.give_feedback(other, 5, "Grazie")
    db.session.commit()
    recent = make_workshop(title="Last week")
    make_participant(recent)
    _close(recent, 7)
    code, my_token = workshop.code, me.token

    dry = runner.invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"Would purge {code}" in dry.output and "2 participants" in dry.output
    assert "Dry run: nothing was removed" in dry.output
    assert privacy.personal_rows(workshop)

    real = runner.invoke(args=["purge"])
    assert real.exit_code == 0, real.output
    assert (
        f"Purged {code} “Living in Prato”" in real.output and "1 session(s) purged." in real.output
    )

    # Nothing personal left in any table: every table with a workshop_id, found by iterating
    # the metadata, holds nothing of the purged workshop but its shell.
    for table in db.metadata.sorted_tables:
        if "workshop_id" not in table.c or table.name in privacy.KEPT_TABLES:
            continue
        n = db.session.scalar(
            select(func.count()).select_from(table).where(table.c.workshop_id == workshop.id)
        )
        assert n == 0, table.name
    everything = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            everything.append(repr(tuple(row)))
    dump = "\n".join(everything)
    for personal in ("The bus stops at 8 pm", "No forms in Arabic", "Grazie", "Amal", my_token):
        assert personal not in dump
    # The shell and the counts stay; the recent workshop is untouched.
    assert db.session.get(Workshop, workshop.id).title == "Living in Prato"
    purge = db.session.scalar(select(ModerationAction).where(ModerationAction.action == "purge"))
    assert json.loads(purge.details)["participants"] == 2
    assert privacy.personal_rows(recent)["participants"] == 1
    assert db.session.scalar(select(func.count()).select_from(StageChange)) > 0

    again = runner.invoke(args=["purge"])
    assert again.exit_code == 0 and "Nothing to purge" in again.output

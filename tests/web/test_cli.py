"""``flask --app workshop …`` commands: init-db, create-facilitator, demo, export, setup-link.

The commands are plain Click commands that the ``flask`` group runs inside an app context;
the test runner does not push one, so every test here runs inside ``app_ctx``.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from sqlalchemy import func, inspect, select

from workshop import services
from workshop.auth.session import setup_token_valid
from workshop.extensions import db
from workshop.models import Participant, Problem, Prototype, Role, Stage, Support, Vote, Workshop

from .conftest import PASSWORD


@pytest.fixture
def empty_database(app_ctx):
    """A brand-new database with no tables, as on first run: the commands migrate it."""
    db.drop_all()
    yield
    db.session.remove()
    if db.engine.dialect.name == "sqlite":
        return  # a throw-away file per test: nothing to clean up
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


@pytest.fixture
def migrated(empty_database, runner):
    """A database ``init-db`` created, ready for factories and commands alike."""
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def demo(migrated, runner) -> tuple[Workshop, str]:
    """The demo workshop and what ``demo`` printed."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    code = re.search(r"Demo workshop created: code (\w+)", result.output).group(1)
    return services.get_workshop_by_code(code), result.output


def rows(model, *where):
    return list(db.session.scalars(select(model).where(*where)))


# init-db


def test_init_db_creates_the_database_and_running_it_again_keeps_the_data(
    empty_database, runner, make_facilitator
):
    first = runner.invoke(args=["init-db"])

    assert first.exit_code == 0, first.output
    assert "Created the database at" in first.output
    assert inspect(db.engine).has_table("workshops")
    make_facilitator(username="giulia")

    for _ in range(2):
        again = runner.invoke(args=["init-db"])
        assert again.exit_code == 0, again.output
        assert "Database ready at" in again.output

    assert services.authenticate("giulia", "correct horse battery") is not None


# create-facilitator


def test_create_facilitator_with_a_password_creates_an_account(empty_database, runner):
    result = runner.invoke(args=["create-facilitator", "Giulia", "--password", PASSWORD])

    assert result.exit_code == 0, result.output
    assert "Facilitator giulia created" in result.output
    assert services.authenticate("giulia", PASSWORD) is not None


def test_create_facilitator_asks_for_the_password_twice_when_not_given(empty_database, runner):
    result = runner.invoke(args=["create-facilitator", "giulia"], input=f"{PASSWORD}\n{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert services.authenticate("giulia", PASSWORD) is not None


def test_create_facilitator_refuses_a_taken_user_name_with_a_clear_message(empty_database, runner):
    runner.invoke(args=["create-facilitator", "giulia", "--password", PASSWORD])

    result = runner.invoke(args=["create-facilitator", "Giulia", "--password", "another password"])

    assert result.exit_code != 0
    assert "This user name is taken." in result.output
    assert services.authenticate("giulia", PASSWORD) is not None
    assert services.authenticate("giulia", "another password") is None


def test_create_facilitator_refuses_a_short_password(empty_database, runner):
    result = runner.invoke(args=["create-facilitator", "giulia", "--password", "short"])

    assert result.exit_code != 0
    assert "The password needs at least 8 characters." in result.output
    assert not services.facilitator_exists()


# demo


def test_demo_creates_a_finished_workshop_and_prints_its_code_and_links(demo):
    workshop, output = demo

    assert workshop.stage == Stage.CLOSED
    assert workshop.results_revealed is True
    assert f"/f/{workshop.code}/control" in output
    assert f"/f/{workshop.code}/screen" in output
    assert f"export {workshop.code}" in output
    assert "log in as 'demo' with password" in output


def test_the_demo_room_has_about_twenty_people_of_every_role_at_three_tables(demo):
    workshop, _ = demo

    people = rows(Participant, Participant.workshop_id == workshop.id)
    assert 15 <= len(people) <= 40
    roles = Counter(p.role for p in people)
    assert roles[Role.RESIDENT] > roles[Role.DECISION_MAKER] > 0
    assert len(workshop.themes) == 3
    assert {p.theme_id for p in people} == {t.id for t in workshop.themes}


def test_the_demo_tables_have_problems_with_me_toos_and_prototypes_answering_them(demo):
    workshop, _ = demo

    problems = rows(Problem, Problem.workshop_id == workshop.id)
    prototypes = rows(Prototype, Prototype.workshop_id == workshop.id)
    supported = {
        problem.theme_id
        for problem in problems
        if db.session.scalar(
            select(func.count()).select_from(Support).where(Support.problem_id == problem.id)
        )
    }
    assert supported == {t.id for t in workshop.themes}
    assert {p.theme_id for p in prototypes} == {t.id for t in workshop.themes}
    for prototype in prototypes:
        assert prototype.problems
        assert {p.theme_id for p in prototype.problems} == {prototype.theme_id}


def test_every_demo_participant_spent_all_their_dots(demo):
    workshop, _ = demo

    spent = dict(
        db.session.execute(
            select(Vote.participant_id, func.sum(Vote.dots))
            .where(Vote.workshop_id == workshop.id)
            .group_by(Vote.participant_id)
        ).all()
    )
    people = rows(Participant, Participant.workshop_id == workshop.id)
    assert {p.id: spent.get(p.id, 0) for p in people} == {p.id: workshop.dot_budget for p in people}


def test_demo_belongs_to_the_existing_facilitator_when_there_is_one(migrated, runner, trainer):
    result = runner.invoke(args=["demo"])

    assert result.exit_code == 0, result.output
    assert "owned by facilitator 'trainer'" in result.output
    assert "password" not in result.output
    code = re.search(r"code (\w+)", result.output).group(1)
    assert services.get_workshop_by_code(code).facilitator_id == trainer.id


# export


def test_export_writes_json_whose_numbers_agree_with_the_database(demo, runner, tmp_path):
    workshop, _ = demo
    target = tmp_path / "room.json"

    result = runner.invoke(
        args=["export", workshop.code.lower(), "--format", "json", "--output", str(target)]
    )

    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.stderr
    record = json.loads(target.read_text(encoding="utf-8"))
    assert (record["schema"], record["version"]) == ("tavola.workshop", 2)
    assert record["workshop"]["code"] == workshop.code
    assert record["workshop"]["stage"] == "closed"

    people = rows(Participant, Participant.workshop_id == workshop.id)
    assert len(record["participants"]) == record["participation"]["total"] == len(people)

    exported_votes = Counter()
    for vote in record["votes"]:
        exported_votes[vote["prototype_id"]] += vote["dots"]
    saved_votes = dict(
        db.session.execute(
            select(Vote.prototype_id, func.sum(Vote.dots))
            .where(Vote.workshop_id == workshop.id)
            .group_by(Vote.prototype_id)
        ).all()
    )
    for prototype in record["prototypes"]:
        assert prototype["dots"]["total"] == exported_votes[prototype["id"]]
        assert prototype["dots"]["total"] == saved_votes.get(prototype["id"], 0)
        assert prototype["dots"]["total"] == sum(prototype["dots"][role.value] for role in Role)
    assert sum(exported_votes.values()) == len(people) * workshop.dot_budget

    for problem in record["problems"]:
        saved = db.session.scalar(
            select(func.count()).select_from(Support).where(Support.problem_id == problem["id"])
        )
        assert problem["supports"] == len(problem["supporters"]) == saved


def test_export_without_an_output_file_prints_the_json(demo, runner):
    workshop, _ = demo

    result = runner.invoke(args=["export", workshop.code])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["workshop"]["code"] == workshop.code


def test_export_of_an_unknown_code_fails_with_a_clear_message(migrated, runner, tmp_path):
    target = tmp_path / "none.json"

    result = runner.invoke(args=["export", "QQQQQQ", "--output", str(target)])

    assert result.exit_code != 0
    assert "There is no workshop with this code" in result.output
    assert not target.exists()


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [("pdf", b"%PDF-"), ("docx", b"PK"), ("xlsx", b"PK"), ("csv", b"PK"), ("html", b"<!doctype")],
)
def test_export_writes_every_format(demo, runner, tmp_path, fmt, magic):
    workshop, _ = demo
    target = tmp_path / f"report.{fmt}"

    result = runner.invoke(
        args=["export", workshop.code, "--format", fmt, "--lang", "it", "--output", str(target)]
    )

    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(magic)


def test_export_of_several_sessions_makes_one_report_but_not_one_data_file(demo, runner, tmp_path):
    first, _ = demo
    second = runner.invoke(args=["demo", "--template", "listening"])
    code = re.search(r"code (\w+)", second.output).group(1)
    report, data = tmp_path / "both.html", tmp_path / "both.csv"

    ok = runner.invoke(args=["export", first.code, code, "--format", "html", "-o", str(report)])
    refused = runner.invoke(args=["export", first.code, code, "--format", "csv", "-o", str(data)])

    assert ok.exit_code == 0, ok.output
    assert first.title in report.read_text() and "Problems followed" not in report.read_text()
    assert refused.exit_code != 0 and "one session at a time" in refused.output
    assert not data.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [(["--format", "odt"], "odt"), (["--lang", "xx"], "Unknown language")],
)
def test_export_refuses_an_unknown_format_or_language(demo, runner, tmp_path, args, says):
    workshop, _ = demo
    target = tmp_path / "out"

    result = runner.invoke(args=["export", workshop.code, *args, "--output", str(target)])

    assert result.exit_code != 0 and says in result.output
    assert not target.exists()


# setup-link


def test_setup_link_prints_a_working_setup_link_while_no_facilitator_exists(
    empty_database, runner, client
):
    result = runner.invoke(args=["setup-link"])

    assert result.exit_code == 0, result.output
    match = re.fullmatch(r"https?://[^/\s]+(/setup/(\S+))", result.stdout.strip())
    assert match, result.stdout
    assert setup_token_valid(match.group(2))
    assert client.get(match.group(1)).status_code == 200


def test_setup_link_uses_the_public_url(app, empty_database, runner):
    app.config["PUBLIC_URL"] = "https://tavola.example.org"

    result = runner.invoke(args=["setup-link"])

    assert result.stdout.strip().startswith("https://tavola.example.org/setup/")


def test_setup_link_says_to_log_in_once_a_facilitator_exists(migrated, runner, trainer):
    result = runner.invoke(args=["setup-link"])

    assert result.exit_code == 0, result.output
    assert "A facilitator exists already: log in at" in result.stdout
    assert result.stdout.strip().endswith("/login")
    assert "/setup/" not in result.output

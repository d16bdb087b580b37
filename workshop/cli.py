"""``flask --app workshop …`` commands: init-db, create-facilitator, demo, export, setup-link."""

from __future__ import annotations

import json
import random
import secrets
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect, select

from . import services
from .extensions import db
from .models import Facilitator, Role, Stage

#: The migration that creates the schema the app had before migrations were introduced.
FIRST_REVISION = "0001"


def init_app(app: Flask) -> None:
    """Register the commands on the app."""
    for command in (init_db, create_facilitator, demo, export, setup_link):
        app.cli.add_command(command)


def ensure_database() -> bool:
    """Bring the schema to the newest migration; returns whether the database was empty.

    Run by ``make run`` and ``init-db``, so upgrading Tavola upgrades the data it already holds.
    """
    from flask_migrate import stamp, upgrade

    inspector = inspect(db.engine)
    empty = not inspector.has_table("workshops")
    if not empty and not inspector.has_table("alembic_version"):
        # Made by db.create_all() (before migrations, or by a test): it is the first schema.
        stamp(revision=FIRST_REVISION)
    upgrade()
    return empty


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the database, or migrate it to the newest schema (keeps existing data)."""
    created = ensure_database()
    url = db.engine.url.render_as_string(hide_password=True)
    click.echo(("Created the database at " if created else "Database ready at ") + url)


@click.command("create-facilitator")
@with_appcontext
@click.argument("username")
@click.password_option(help="Asked for when not given.")
def create_facilitator(username: str, password: str) -> None:
    """Create a facilitator account."""
    ensure_database()
    try:
        services.create_facilitator(username, password)
        db.session.commit()
    except services.ServiceError as err:
        db.session.rollback()
        raise click.ClickException(str(err.message)) from None
    click.echo(f"Facilitator {username.strip().lower()} created. Log in at /login")


def public_base() -> str:
    """Base URL for printed links: ``PUBLIC_URL``, else the local address from HOST and PORT."""
    import os

    if current_app.config["PUBLIC_URL"]:
        return current_app.config["PUBLIC_URL"]
    host = os.environ.get("HOST", "127.0.0.1")
    host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return f"http://{host}:{os.environ.get('PORT', '5000')}"


@click.command("setup-link")
@with_appcontext
def setup_link() -> None:
    """Print the one-time link that creates the first facilitator (only while there is none)."""
    from .auth.session import setup_token

    ensure_database()
    if services.facilitator_exists():
        click.echo("A facilitator exists already: log in at " + public_base() + "/login")
        return
    click.echo(f"{public_base()}/setup/{setup_token()}")


DEMO_PROBLEMS = {
    0: [
        "Letters from school are only in Italian; I cannot help my child with the homework.",
        "No one explains how enrolment works when you arrive in the middle of the year.",
        "Parent meetings are at 3 pm, when we are at work.",
        "My daughter is put in a class two years below her age because of the language.",
    ],
    1: [
        "We are never asked before decisions are made about our neighbourhood.",
        "Council meetings are only in Italian and at times we cannot come.",
        "Associations of newcomers do not know how to get a room for meetings.",
    ],
    2: [
        "The registry office gives appointments only online, in Italian.",
        "Every office asks for the same documents again and again.",
        "Nobody tells you which office is responsible for what.",
        "Waiting for the residence permit renewal takes many months.",
    ],
}
DEMO_PROTOTYPES = {
    0: [
        (
            "Welcome desk for families at every school",
            "A parent mediator explains enrolment, letters and meetings in families' languages.",
            "Newly arrived families and teachers",
            "School board with the intercultural mediators' service",
            "Pilot in two schools from September",
            [0, 1],
        ),
        (
            "Evening parent meetings",
            "One parent meeting per term in the evening, with an interpreter on request.",
            "Working parents",
            "Head teachers",
            "Ask parents which evening works best",
            [2],
        ),
    ],
    1: [
        (
            "Neighbourhood listening table every three months",
            "Residents and councillors meet in the neighbourhood, with interpreters.",
            "Residents who never come to the town hall",
            "Participation office",
            "First table in the library in spring",
            [0, 1],
        ),
    ],
    2: [
        (
            "One-stop appointment in your language",
            "One appointment for all documents, bookable by phone with language support.",
            "Newcomers and the offices themselves",
            "Registry office and immigration desk",
            "Map which documents each office asks for",
            [0, 1, 2],
        ),
        (
            "Plain-language map of offices",
            "A one-page map of who does what, in ten languages, at every desk.",
            "Everyone who arrives in the city",
            "Communication office with residents' associations",
            "Collect the questions people ask most",
            [2],
        ),
    ],
}


@click.command("demo")
@with_appcontext
@click.option("--seed", default=7, show_default=True, help="Random seed for who votes what.")
def demo(seed: int) -> None:
    """Create a finished, realistic co-projecting workshop and print its code and links."""
    ensure_database()
    rng = random.Random(seed)
    facilitator = db.session.scalar(select(Facilitator).order_by(Facilitator.id))
    password = None
    if facilitator is None:
        password = secrets.token_urlsafe(9)
        facilitator = services.create_facilitator("demo", password)
    workshop = services.create_workshop(
        facilitator,
        title="Living together in Prato: school, participation, services",
        place="Biblioteca Lazzerini, Prato",
        held_on=date.today(),
        dot_budget=3,
    )
    roles = [Role.RESIDENT] * 14 + [Role.DECISION_MAKER] * 4 + [Role.OTHER] * 2
    people = [
        services.join(workshop, role=role, theme_id=workshop.themes[i % 3].id, language=lang)
        for i, (role, lang) in enumerate(
            zip(
                roles,
                ["ar", "it", "zh", "ur", "bn", "en", "uk", "fr", "ti", "it"] * 2,
                strict=False,
            )
        )
    ]
    services.advance_stage(workshop, Stage.PROBLEMS)
    problems: dict[int, list] = {}
    for index, texts in DEMO_PROBLEMS.items():
        table = [p for p in people if p.theme_id == workshop.themes[index].id]
        problems[index] = [
            services.post_problem(table[i % len(table)], text) for i, text in enumerate(texts)
        ]
    for problem in [p for group in problems.values() for p in group]:
        for person in rng.sample(people, rng.randint(1, 9)):
            if person.id != problem.author_id:
                services.set_support(person, problem.id, True)
    services.advance_stage(workshop, Stage.PROTOTYPES)
    for index, canvases in DEMO_PROTOTYPES.items():
        table = [p for p in people if p.theme_id == workshop.themes[index].id]
        for i, (title, changes, benefits, acts, step, links) in enumerate(canvases):
            services.create_prototype(
                table[i % len(table)],
                title=title,
                what_changes=changes,
                who_benefits=benefits,
                who_acts=acts,
                first_step=step,
                problem_ids=[problems[index][k].id for k in links],
            )
    services.advance_stage(workshop, Stage.VOTE)
    from .models import Prototype

    prototype_ids = list(
        db.session.scalars(select(Prototype.id).where(Prototype.workshop_id == workshop.id))
    )
    for person in people:
        for _ in range(workshop.dot_budget):
            services.cast_vote(person, rng.choice(prototype_ids), 1)
    services.advance_stage(workshop, Stage.RESULTS)
    services.advance_stage(workshop, Stage.CLOSED)
    db.session.commit()
    base = public_base()
    click.echo(f"Demo workshop created: code {workshop.code}")
    click.echo(f"  control screen: {base}/f/{workshop.code}/control")
    click.echo(f"  projector:      {base}/f/{workshop.code}/screen")
    click.echo(f"  JSON export:    flask --app workshop export {workshop.code} --format json")
    if password:
        click.echo(f"  log in as 'demo' with password {password}")
    else:
        click.echo(f"  owned by facilitator '{facilitator.username}'")


@click.command("export")
@with_appcontext
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
def export(code: str, fmt: str, output: Path | None) -> None:
    """Export a workshop (JSON: the complete record; other formats come with the reports)."""
    from .reports.json_export import export_workshop

    try:
        workshop = services.get_workshop_by_code(code)
    except services.NotFound as err:
        raise click.ClickException(str(err.message)) from None
    text = json.dumps(export_workshop(workshop), ensure_ascii=False, indent=2)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)

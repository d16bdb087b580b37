"""``flask --app workshop …`` commands: init-db, create-facilitator, demo, export, setup-link,
purge."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect, text

from . import services
from .demo import BUILDERS, build_demo
from .extensions import db

#: The migration that creates the schema the app had before migrations were introduced.
FIRST_REVISION = "0001"
#: PostgreSQL advisory lock key for migrations (any constant; "TAV" in ASCII).
MIGRATION_LOCK = 0x544156


def init_app(app: Flask) -> None:
    """Register the commands on the app."""
    for command in (init_db, create_facilitator, demo, export, setup_link, purge):
        app.cli.add_command(command)


def ensure_database() -> bool:
    """Bring the schema to the newest migration; returns whether the database was empty.

    Run by ``make run`` and ``init-db``, so upgrading Tavola upgrades the data it already holds.
    Several processes starting at once on one PostgreSQL database (a scaled-out deployment)
    take turns: the first migrates, the others find the schema up to date.
    """
    from flask_migrate import stamp, upgrade

    with _migration_lock():
        inspector = inspect(db.engine)
        empty = not inspector.has_table("workshops")
        if not empty and not inspector.has_table("alembic_version"):
            # Made by db.create_all() (before migrations, or by a test): the first schema.
            stamp(revision=FIRST_REVISION)
        upgrade()
    return empty


@contextmanager
def _migration_lock() -> Iterator[None]:
    """A PostgreSQL advisory lock held while migrating (SQLite has one process by design)."""
    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})


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


@click.command("demo")
@with_appcontext
@click.option(
    "--template",
    type=click.Choice(list(BUILDERS)),
    default="workshop",
    show_default=True,
    help="The kind of session to build.",
)
@click.option("--seed", default=7, show_default=True, help="Random seed for who votes what.")
def demo(template: str, seed: int) -> None:
    """Create a finished, realistic session of one template and print its code and links."""
    ensure_database()
    workshop, password = build_demo(template, seed)
    db.session.commit()
    base = public_base()
    click.echo(f"Demo {template} created: code {workshop.code}")
    click.echo(f"  control screen: {base}/f/{workshop.code}/control")
    click.echo(f"  projector:      {base}/f/{workshop.code}/screen")
    click.echo(f"  results page:   {base}/j/{workshop.code}")
    click.echo(f"  JSON export:    flask --app workshop export {workshop.code} --format json")
    if password:
        click.echo(f"  log in as 'demo' with password {password}")
    else:
        click.echo(f"  owned by facilitator '{workshop.facilitator.username}'")


@click.command("export")
@with_appcontext
@click.argument("codes", metavar="CODE [CODE…]", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "xlsx", "pdf", "docx", "html"]),
    default="json",
    show_default=True,
    help="Report: pdf, docx, html (several codes make one combined report). "
    "Data: json, csv (a zip), xlsx (one code).",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
@click.option(
    "--lang",
    default="en",
    show_default=True,
    help="The report's language: en, it, fr, es, pt, de, el, sl, uk, ar, ur, zh_Hans, bn, ti.",
)
def export(codes: tuple[str, ...], fmt: str, output: Path | None, lang: str) -> None:
    """Export one session (or a programme of several, for the report) from its record."""
    from .languages import UI_LANGUAGES
    from .reports.json_export import export_workshop
    from .reports.render import FORMATS, render

    if lang not in UI_LANGUAGES:
        raise click.ClickException(
            f"Unknown language {lang!r}. Choose one of: {', '.join(UI_LANGUAGES)}"
        )
    if len(codes) > 1 and not FORMATS[fmt].report:
        raise click.ClickException(f"{fmt} exports one session at a time: give one code")
    records = []
    for code in codes:
        try:
            records.append(export_workshop(services.get_workshop_by_code(code)))
        except services.NotFound as err:
            raise click.ClickException(str(err.message)) from None
    body = render(records, fmt, lang)  # made in full before anything is written
    for code in codes:  # who took the data out, in each workshop's action log
        services.privacy.record_action(
            services.get_workshop_by_code(code), "export", role="command_line", format=fmt
        )
    db.session.commit()
    if output is not None:
        output.write_bytes(body)
        click.echo(f"Wrote {output}", err=True)
    elif fmt in ("json", "html"):
        click.echo(body.decode(), nl=False)
    elif click.get_binary_stream("stdout").isatty():
        raise click.ClickException(f"{fmt} is a binary file: add --output FILE")
    else:
        click.get_binary_stream("stdout").write(body)


@click.command("purge")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Print what would be removed, and remove nothing.")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Retention in days after closing (default: TAVOLA_RETENTION_DAYS, 180).",
)
def purge(dry_run: bool, days: int | None) -> None:
    """Remove everything personal of sessions closed longer ago than the retention period.

    Each session keeps its shell (title, place, date, settings, tables, stage history, the
    action log without card text) and its aggregate counts, for the trainer's records; people,
    cards, prototypes, votes, translations, answers, feedback, ratings, connections and the
    team's links go. Safe to run every night: a purged session has nothing left to remove.
    """
    from .services import privacy

    days = current_app.config["RETENTION_DAYS"] if days is None else days
    if not inspect(db.engine).has_table("workshops"):  # a timer before the first start
        click.echo("Nothing to purge: there is no database yet.")
        return
    due = privacy.due_for_purge(days)
    if not due:
        click.echo(
            f"Nothing to purge: no session closed more than {days} days ago holds personal data."
        )
        return
    verb = "Would purge" if dry_run else "Purged"
    for workshop in due:
        closed = privacy.closed_at(workshop)
        rows = privacy.personal_rows(workshop) if dry_run else privacy.purge_workshop(workshop)
        listed = ", ".join(f"{n} {table}" for table, n in sorted(rows.items()))
        click.echo(
            f"{verb} {workshop.code} “{workshop.title}” (closed {closed:%Y-%m-%d}): {listed}"
        )
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run: nothing was removed ({len(due)} session(s) due).")
    else:
        db.session.commit()
        click.echo(f"{len(due)} session(s) purged.")

"""Downloads of the report and the data over HTTP: every format from the one record, made in a
render worker process, refused with a clear reason when it cannot be given."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import docx
import openpyxl
import pypdfium2
import pytest

from workshop import services
from workshop.extensions import db
from workshop.models import Stage
from workshop.reports.worker import RenderFailed

from .conftest import location


@pytest.fixture
def session(make_workshop, make_participant, make_problem, trainer):
    """A small workshop of ``trainer`` with people, a card and a "me too"."""
    workshop = make_workshop(facilitator=trainer, title="Welcome desks in Prato")
    people = [make_participant(workshop) for _ in range(4)]
    card = make_problem(people[0], text="Nobody explains enrolment")
    services.set_support(people[1], card.id, True)
    db.session.commit()
    return workshop


@pytest.fixture
def browser(log_in, trainer):
    return log_in(trainer)


def get(browser, path):
    response = browser.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_every_format_downloads_and_opens_in_its_reader(browser, session):
    base = f"/f/{session.code}/export"
    record = json.loads(get(browser, f"{base}.json").data)
    assert record["workshop"]["title"] == "Welcome desks in Prato"

    pdf = get(browser, f"{base}.pdf")
    assert pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == f'attachment; filename="tavola-{session.code}.pdf"'
    pages = pypdfium2.PdfDocument(pdf.data)
    assert "Welcome desks in Prato" in pages[0].get_textpage().get_text_range()

    word = docx.Document(io.BytesIO(get(browser, f"{base}.docx").data))
    assert any("Nobody explains enrolment" in p.text for p in word.paragraphs)

    sheet = openpyxl.load_workbook(io.BytesIO(get(browser, f"{base}.xlsx").data))
    assert sheet["participants"].max_row == 1 + len(record["participants"])

    archive = zipfile.ZipFile(io.BytesIO(get(browser, f"{base}.csv").data))
    with archive.open("problems.csv") as handle:
        rows = list(csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8-sig")))
    assert [(r["text"], r["supports"]) for r in rows] == [("Nobody explains enrolment", "1")]

    html = get(browser, f"{base}.html")
    assert html.headers["Content-Disposition"].startswith("inline")  # opens to print
    assert "Nobody explains enrolment" in html.get_data(as_text=True)
    assert html.headers["Cache-Control"] == "no-store"


def test_the_report_is_made_in_the_language_asked_for(browser, session):
    page = get(browser, f"/f/{session.code}/export.html?lang=ar").get_data(as_text=True)

    assert '<html lang="ar" dir="rtl">' in page


def test_the_export_form_without_javascript_leads_to_the_file(browser, session):
    response = browser.get(f"/f/{session.code}/export?format=docx&lang=it")

    assert location(response) == f"/f/{session.code}/export.docx?lang=it"


def test_an_unknown_format_is_refused_with_the_list_of_formats(browser, session):
    response = browser.get(f"/f/{session.code}/export.odt")

    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "odt" in text and "pdf" in text and "xlsx" in text


def test_an_unknown_code_is_a_404_that_says_so(browser):
    response = browser.get("/f/ZZZZZZ/export.pdf")

    assert response.status_code == 404
    assert "ZZZZZZ" in response.get_data(as_text=True)


def test_without_logging_in_the_export_asks_for_the_log_in(client, session):
    response = client.get(f"/f/{session.code}/export.pdf")

    assert location(response).startswith("/login?next=")


def test_a_team_member_may_download_the_report(app, session):
    member = services.invite(session, "table_facilitator", theme_id=session.themes[0].id)
    db.session.commit()
    browser = app.test_client()
    browser.get(f"/t/{member.token}")

    assert browser.get(f"/f/{session.code}/export.pdf").mimetype == "application/pdf"


def test_a_dead_render_worker_is_replaced_for_the_next_export(app, browser, session):
    get(browser, f"/f/{session.code}/export.html")
    pool = app.extensions["tavola_render_pool"]
    pool.all[0].process.kill()
    pool.all[0].process.wait()

    assert get(browser, f"/f/{session.code}/export.html").status_code == 200


def test_a_record_the_worker_cannot_render_is_an_error_not_a_hang(app, browser, session):
    get(browser, f"/f/{session.code}/export.json")  # starts the worker
    pool = app.extensions["tavola_render_pool"]

    with pytest.raises(RenderFailed, match="KeyError"):
        pool.render([{"workshop": {}}], "pdf", "en")
    # and the worker lives on for the next export
    assert get(browser, f"/f/{session.code}/export.json").status_code == 200


# A programme: several sessions in one report


def test_a_combined_report_of_two_sessions_downloads(browser, session, make_workshop, trainer):
    other = make_workshop(facilitator=trainer, title="Listening in the library")
    db.session.commit()

    response = get(browser, f"/f/report?code={other.code}&code={session.code}&format=html")

    page = response.get_data(as_text=True)
    assert "Welcome desks in Prato" in page and "Listening in the library" in page
    assert f"tavola-{other.code}-{session.code}.html" in response.headers["Content-Disposition"]


def test_a_combined_report_refuses_someone_elses_session(
    browser, session, make_workshop, make_facilitator
):
    theirs = make_workshop(facilitator=make_facilitator(username="other"))
    db.session.commit()

    response = browser.get(f"/f/report?code={session.code}&code={theirs.code}")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("", "at least one session"),
        ("code={code}&code={code2}&format=csv", "one session at a time"),
        ("code={code}&format=svg", "Unknown format"),
        ("code=QQQQQQ", "QQQQQQ"),
    ],
)
def test_a_combined_report_explains_what_is_wrong(
    browser, session, make_workshop, trainer, query, says
):
    second = make_workshop(facilitator=trainer)
    db.session.commit()

    response = browser.get("/f/report?" + query.format(code=session.code, code2=second.code))

    assert response.status_code in (400, 404)
    assert says in response.get_data(as_text=True)


def test_the_dashboard_puts_ticked_sessions_into_one_report(browser, session):
    page = get(browser, "/f/").get_data(as_text=True)

    assert 'form id="programme" method="get" action="/f/report"' in page
    assert f'name="code" value="{session.code}" form="programme"' in page
    assert 'name="format" value="pdf"' in page and 'name="lang"' in page


# A decision maker takes the report to the office, from the phone


def close(workshop):
    services.advance_stage(workshop, Stage.CLOSED)
    db.session.commit()
    return workshop


def test_a_decision_maker_downloads_the_report_from_the_phone_after_the_session(
    session, make_participant, phone_of
):
    phone = phone_of(make_participant(session, role="decision_maker"))
    closed = close(session)

    page = get(phone, f"/w/{closed.code}").get_data(as_text=True)
    assert "The report for your office" in page
    assert f'href="/w/{closed.code}/report.pdf?lang=en"' in page
    pdf = get(phone, f"/w/{closed.code}/report.pdf?lang=it")
    assert pdf.mimetype == "application/pdf"
    assert (
        "Welcome desks in Prato"
        in pypdfium2.PdfDocument(pdf.data)[0].get_textpage().get_text_range()
    )


def test_the_raw_data_stays_with_the_team(session, make_participant, phone_of):
    phone = phone_of(make_participant(session, role="decision_maker"))
    closed = close(session)

    assert phone.get(f"/w/{closed.code}/report.csv").status_code == 400


def test_a_resident_gets_no_report_download(session, make_participant, phone_of):
    phone = phone_of(make_participant(session, role="resident"))
    closed = close(session)

    assert "The report for your office" not in get(phone, f"/w/{closed.code}").get_data(True)
    response = phone.get(f"/w/{closed.code}/report.pdf")
    assert response.status_code == 403
    assert "for the decision makers" in response.get_data(as_text=True)


def test_a_decision_maker_waits_for_the_session_to_close(session, make_participant, phone_of):
    phone = phone_of(make_participant(session, role="decision_maker"))

    response = phone.get(f"/w/{session.code}/report.pdf")

    assert response.status_code == 403
    assert "once the session has closed" in response.get_data(as_text=True)


# Names on the cover: only when the trainer asks


def test_the_cover_names_roles_only_unless_the_trainer_asks_for_names(app, browser, session):
    member = services.invite(session, "co_facilitator")
    member.display_name = "Marco Rossi"
    db.session.commit()

    plain = get(browser, f"/f/{session.code}/export.html").get_data(as_text=True)
    named = get(browser, f"/f/{session.code}/export.html?names=1").get_data(as_text=True)

    assert "Marco Rossi" not in plain and "trainer" not in plain.split("Facilitation")[1][:80]
    assert "Co-facilitator" in plain
    assert "Marco Rossi" in named and "Co-facilitator: Marco Rossi" in named
    assert "Trainer: trainer" in named  # the trainer's account name (the factory's default)
    # a table facilitator cannot name the team
    helper = services.invite(session, "table_facilitator", theme_id=session.themes[0].id)
    db.session.commit()
    other = app.test_client()
    other.get(f"/t/{helper.token}")
    page = get(other, f"/f/{session.code}/export.html?names=1").get_data(as_text=True)
    assert "Marco Rossi" not in page

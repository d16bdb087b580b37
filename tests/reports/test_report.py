"""The report (HTML page and PDF) says what happened in the session, with the same numbers as the
JSON record, protects small groups, and follows problems across the sessions of a programme."""

from __future__ import annotations

import re
import unicodedata

import pypdfium2
import pytest

from reports.conftest import FOLLOW_UP_PROTOTYPE
from workshop.reports.model import Group, build_report, headcount, pool, split
from workshop.reports.render import render


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text as PDFium (Chrome's PDF engine) reads it."""
    document = pypdfium2.PdfDocument(data)
    return [page.get_textpage().get_text_range() for page in document]


def pdf_text(data: bytes) -> str:
    """Every page's text, with the line breaks and ligatures of the layout undone."""
    text = " ".join(pdf_pages(data))
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def visible_problems(record):
    return [
        p
        for p in record["problems"]
        if not p["hidden"] and p["approved"] and p["merged_into"] is None
    ]


@pytest.fixture
def html(report_app):
    def make(records, language="en") -> str:
        with report_app.test_request_context():
            return render(records, "html", language).decode()

    return make


@pytest.fixture
def pdf(report_app):
    def make(records, language="en") -> bytes:
        with report_app.test_request_context():
            return render(records, "pdf", language)

    return make


# The small-group rule


def test_a_role_of_one_or_two_people_is_shown_as_fewer_than_three():
    people = headcount({"resident": 15, "decision_maker": 2, "other": 0})

    assert people.total == 17
    assert people.role("resident") == 15
    assert people.role("decision_maker") is None  # "fewer than 3"
    assert people.group_of("other") is None  # nobody: no row at all


def test_one_councillors_dots_are_counted_with_the_residents_never_on_their_own():
    dots = split(
        {"total": 10, "resident": 7, "decision_maker": 3, "other": 0},
        {"resident": 20, "decision_maker": 1, "other": 0},
    )

    assert dots.groups == [Group(("resident", "decision_maker"), 10, 21)]
    assert dots.role("decision_maker") is None and dots.withheld


def test_small_roles_are_pooled_together_when_that_makes_three():
    assert pool({"resident": 20, "decision_maker": 2, "other": 2}) == [
        ("resident",),
        ("decision_maker", "other"),
    ]


def test_a_small_role_joins_the_largest_and_the_comparison_survives():
    # 2 "others" alone would be given away by total minus residents and decision makers.
    assert pool({"resident": 15, "decision_maker": 4, "other": 2}) == [
        ("resident", "other"),
        ("decision_maker",),
    ]


def test_groups_of_three_or_more_are_shown_as_they_are():
    assert pool({"resident": 3, "decision_maker": 3, "other": 0}) == [
        ("resident",),
        ("decision_maker",),
    ]


def test_the_report_never_shows_two_decision_makers_dots(demo_record):
    record = demo_record("workshop")
    decision_makers = [p["id"] for p in record["participants"] if p["role"] == "decision_maker"]
    keep = set(decision_makers[:2])
    record["votes"] = [
        v
        for v in record["votes"]
        if v["participant"] in keep or v["participant"] not in decision_makers
    ]

    session = build_report([record]).sessions[0]

    for theme in session.themes:
        for prototype in theme.prototypes:
            assert prototype.dots.role("decision_maker") is None
            assert all(g.people >= 3 for g in prototype.dots.groups)
            assert prototype.gap is None  # no comparison with a group that small


# Numbers: the same as the record


def test_the_report_counts_what_the_record_holds(demo_record):
    record = demo_record("workshop")

    session = build_report([record]).sessions[0]

    visible = visible_problems(record)
    prototypes = [p for p in record["prototypes"] if not p["hidden"]]
    assert session.participants.total == record["participation"]["total"]
    assert session.cards == len(visible)
    assert session.supports == sum(p["supports"] for p in visible)
    assert session.prototypes == len(prototypes)
    assert session.dots == sum(v["dots"] for v in record["votes"])
    assert session.feedback_average == record["feedback_summary"]["average"]
    by_id = {p["id"]: p for p in prototypes}
    for theme in session.themes:
        for entry in theme.prototypes:
            assert entry.dots.total == by_id[entry.id]["dots"]["total"]
            assert sum(g.value for g in entry.dots.groups) == entry.dots.total
    assert [p.id for p in session.top] == [
        p["id"] for p in sorted(prototypes, key=lambda p: (-p["dots"]["total"], p["id"]))[:3]
    ]


def test_the_pdf_has_every_card_prototype_and_dot_total_of_the_record(demo_record, pdf):
    record = demo_record("workshop")

    text = pdf_text(pdf([record]))

    assert record["workshop"]["title"] in text
    for problem in visible_problems(record):
        if problem["language"] in (None, "en", "it", "fr"):
            assert squash(problem["text"]) in text
    for prototype in record["prototypes"]:
        assert squash(prototype["title"]) in text
        assert f"{prototype['dots']['total']} dots" in text
    assert "fewer than 3" in text
    assert "Residents + Others" in text  # two "others" pooled with the residents


def test_the_pdf_is_a4_with_page_numbers_and_a_table_of_contents(demo_record, pdf):
    data = pdf([demo_record("workshop")])

    width, height = pypdfium2.PdfDocument(data)[0].get_size()
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    pages = pdf_pages(data)
    assert f"2 / {len(pages)}" in pages[1]
    contents = pages[1]
    assert "Contents" in contents and "At a glance" in contents
    # the contents point at pages (numbers after the dot leaders)
    assert re.search(r"At a glance\s*\.+\s*\d+", contents)


def test_the_report_is_written_in_the_chosen_language_with_translations_beside(demo_record, html):
    record = demo_record("workshop")
    card = next(p for p in visible_problems(record) if p["language"] == "en")
    card["translations"] = [
        {
            "language": "it",
            "text": "Nessuno spiega l'iscrizione.",
            "machine": True,
            "made_by": None,
            "entered_by": None,
        }
    ]

    page = html([record], "it")

    assert '<html lang="it" dir="ltr">' in page
    assert "Scuola" in page  # a default table name, in the report's language
    assert card["text"].replace("'", "&#39;") in page  # the original stays
    assert "Nessuno spiega l&#39;iscrizione." in page
    assert "Traduzione automatica" in page


def test_an_arabic_report_reads_right_to_left_and_each_card_in_its_own_direction(demo_record, html):
    record = demo_record("workshop")
    english = visible_problems(record)[0]
    english["text"], english["language"] = "Letters come only in Italian.", "en"
    arabic = visible_problems(record)[1]
    arabic["text"], arabic["language"] = "الرسائل تصل بالإيطالية فقط.", "ar"

    for language in ("ar", "en"):
        page = html([record], language)
        # spelled out: the PDF engine has no dir="auto", so the period stays at the end
        assert 'class="original" dir="ltr" lang="en">Letters come only in Italian.<' in page
        assert 'class="original" dir="rtl" lang="ar">الرسائل تصل بالإيطالية فقط.<' in page
    assert '<html lang="ar" dir="rtl">' in html([record], "ar")


def test_typed_text_is_inert_in_the_report(demo_record, html, pdf):
    record = demo_record("workshop")
    card = visible_problems(record)[0]
    card["text"] = '<img src=x onerror="alert(1)"> =SUM(A1) \u202eevil'
    record["prototypes"][0]["title"] = "<script>alert(2)</script>"

    page = html([record])

    assert "<img src=x" not in page and "<script>alert(2)" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; =SUM(A1) \u202eevil" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<script>alert(2)</script>" in pdf_text(pdf([record]))


def test_the_rating_round_shows_averages_and_distribution(demo_record, html):
    record = demo_record("review")

    page = html([record])

    result = record["rating_results"][0]["criteria"][0]
    assert "Rating round" in page
    assert f"{result['average']:.2f}" in page
    for item in record["rating_items"]:
        assert item["text"] in page


def test_the_methodology_counts_moderation_and_lists_every_stage(demo_record, html):
    record = demo_record("workshop")
    record["problems"][0]["hidden"] = True

    page = html([record])

    assert "Hidden cards: 1" in page
    for change in record["workshop"]["stage_history"]:
        assert change["stage"].capitalize() in page or change["stage"] in page.lower()


# A programme: several sessions in one report


def test_a_combined_report_follows_a_problem_from_listening_to_prototype(demo_record, html):
    listening = demo_record("programme_listening")
    meeting = demo_record("meeting")
    follow_up = demo_record("programme_workshop")

    report = build_report([follow_up, listening, meeting])

    assert [s.title for s in report.sessions] == [
        listening["workshop"]["title"],
        meeting["workshop"]["title"],
        follow_up["workshop"]["title"],
    ]
    traced = [t for t in report.traces if any(FOLLOW_UP_PROTOTYPE in s[2] for s in t.steps)]
    assert len(traced) == 1
    trace = traced[0]
    assert trace.raised_in == listening["workshop"]["title"]
    assert [step[0] for step in trace.steps] == [
        meeting["workshop"]["title"],
        follow_up["workshop"]["title"],
    ]
    page = html([listening, meeting, follow_up])
    assert "Problems followed from session to session" in page
    assert FOLLOW_UP_PROTOTYPE in page
    assert page.count('class="session"') >= 3


def test_a_combined_report_of_unrelated_sessions_has_no_traces(demo_record):
    report = build_report([demo_record("workshop"), demo_record("review")])

    assert report.combined and report.traces == []


def test_stage_times_read_in_the_configured_zone_and_say_which(demo_record, tmp_path):
    from workshop import create_app

    record = demo_record("workshop")
    record["workshop"]["stage_history"][0]["at"] = "2026-11-23T09:05:00Z"
    app = create_app(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": "sqlite://",
            "BABEL_DEFAULT_TIMEZONE": "Europe/Rome",
            "INSTANCE_PATH": tmp_path,
        }
    )
    with app.test_request_context():
        page = render([record], "html", "it").decode()

    assert "23/11/26, 10:05 (CET)" in page

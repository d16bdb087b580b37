"""The data exports reopened with real readers (``zipfile`` + ``csv``, ``openpyxl``) and
checked against the JSON record they were built from."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from typing import Any

import openpyxl
import pytest
from flask_babel import force_locale
from openpyxl.utils.escape import unescape

from workshop.reports.csv_export import csv_zip
from workshop.reports.xlsx_export import xlsx

from .test_tables import TABLES

TEMPLATES = ["listening", "workshop", "meeting", "review"]
HOSTILE = [
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\t=1+1",
    "<script>alert(1)</script>",
    "\u202eabc",
]
ARABIC = "دروس اللغة الإيطالية في المكتبة مجانية"


def read_zip(data: bytes) -> dict[str, list[dict[str, str]]]:
    """Every CSV of the zip as rows of ``{column: text}``, checking the byte-order mark."""
    tables = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith(".csv"):
                continue
            raw = archive.read(name)
            assert raw.startswith(b"\xef\xbb\xbf"), name
            reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
            tables[name.removesuffix(".csv")] = list(reader)
    return tables


def read_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_rows(book: openpyxl.Workbook, name: str) -> list[dict[str, Any]]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def workbook(report_app):
    """``workbook(record, "it")``: the XLSX rendered in that language, reopened."""

    def render(record: dict[str, Any], language: str = "en") -> openpyxl.Workbook:
        with report_app.test_request_context(headers={"Accept-Language": language}):
            return read_xlsx(xlsx(record))

    return render


# --- the CSV zip ---------------------------------------------------------------------------


def test_the_zip_holds_a_readme_and_one_csv_per_table(demo_record):
    with zipfile.ZipFile(io.BytesIO(csv_zip(demo_record("workshop")))) as archive:
        assert archive.namelist() == ["README.txt", *(f"{t}.csv" for t in TABLES)]


def test_the_readme_names_the_workshop_and_warns_that_counts_are_exact(demo_record):
    record = demo_record("workshop")
    with zipfile.ZipFile(io.BytesIO(csv_zip(record))) as archive:
        readme = archive.read("README.txt").decode("utf-8")
    for expected in (
        record["workshop"]["code"],
        record["workshop"]["title"],
        record["exported_at"],
        "tavola.workshop version 2",
        "EXACT",
        "pseudonymised",
        "single quote",
    ):
        assert expected in readme


def test_the_same_record_gives_the_same_zip_without_an_app(demo_record):
    record = demo_record("meeting")
    assert csv_zip(record) == csv_zip(record)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_participant_problem_and_prototype_is_in_the_csv_once(demo_record, template):
    record = demo_record(template)
    tables = read_zip(csv_zip(record))
    assert [r["id"] for r in tables["participants"]] == [p["id"] for p in record["participants"]]
    assert [r["id"] for r in tables["problems"]] == [str(p["id"]) for p in record["problems"]]
    assert [r["id"] for r in tables["prototypes"]] == [str(p["id"]) for p in record["prototypes"]]
    assert all(not r["id"] or r["id"].startswith("P") for r in tables["participants"])


def test_csv_dots_add_up_to_each_prototypes_totals(demo_record):
    record = demo_record("workshop")
    tables = read_zip(csv_zip(record))
    voted: Counter[str] = Counter()
    by_role: Counter[tuple[str, str]] = Counter()
    for vote in tables["votes"]:
        voted[vote["prototype_id"]] += int(vote["dots"])
        by_role[vote["prototype_id"], vote["role"]] += int(vote["dots"])
    assert sum(voted.values()) == sum(v["dots"] for v in record["votes"]) > 0
    for row, prototype in zip(tables["prototypes"], record["prototypes"], strict=True):
        assert int(row["dots_total"]) == prototype["dots"]["total"] == voted[row["id"]]
        for role in ("resident", "decision_maker", "other"):
            assert int(row[f"dots_{role}"]) == prototype["dots"][role] == by_role[row["id"], role]


def test_csv_supports_and_feedback_match_the_record(demo_record):
    record = demo_record("listening")
    tables = read_zip(csv_zip(record))
    supported = Counter(r["problem_id"] for r in tables["supports"])
    for row, problem in zip(tables["problems"], record["problems"], strict=True):
        assert int(row["supports"]) == problem["supports"] == supported[row["id"]]
    scores = [int(r["score"]) for r in tables["feedback"]]
    assert len(scores) == record["feedback_summary"]["answers"] > 0
    assert round(sum(scores) / len(scores), 2) == record["feedback_summary"]["average"]


def test_csv_spells_booleans_true_false_and_none_as_empty(demo_record):
    record = demo_record("workshop")
    row = read_zip(csv_zip(record))["problems"][0]
    assert row["hidden"] == "false" and row["approved"] == "true"
    assert row["original_text"] == "" and row["source_workshop"] == ""


def test_csv_rating_results_are_exact_and_agree_with_the_scores(demo_record):
    record = demo_record("review")
    tables = read_zip(csv_zip(record))
    scores: dict[tuple[str, str], list[int]] = {}
    for rating in tables["ratings"]:
        scores.setdefault((rating["item_id"], rating["criterion_id"]), []).append(
            int(rating["score"])
        )
    cells = [(r["item_id"], c) for r in record["rating_results"] for c in r["criteria"]]
    assert len(tables["rating_results"]) == len(cells) > 0
    for row, (item_id, cell) in zip(tables["rating_results"], cells, strict=True):
        given = scores.get((str(item_id), str(cell["criterion_id"])), [])
        assert int(row["count"]) == cell["count"] == len(given)
        assert [int(row[f"n{n}"]) for n in range(1, 6)] == cell["distribution"]
        if given:
            assert float(row["average"]) == cell["average"] == round(sum(given) / len(given), 2)
        for role, split in cell["by_role"].items():
            assert int(row[f"{role}_count"]) == split["count"]


def test_hostile_card_text_is_inert_in_the_csv_quoted_exactly_once(demo_record):
    record = demo_record("workshop")
    for problem, text in zip(record["problems"], HOSTILE, strict=False):
        problem["text"] = text
    record["prototypes"][0]["title"] = "=1+1"
    record["feedback"][0]["comment"] = "'=already quoted"
    tables = read_zip(csv_zip(record))
    for row, text in zip(tables["problems"], HOSTILE, strict=False):
        expected = "'" + text if text[0] in "=+-@\t\r" else text
        assert row["text"] == expected
    assert tables["prototypes"][0]["title"] == "'=1+1"
    # A typed quote before a formula start gets one more: taking one off gives the text back.
    assert tables["feedback"][0]["comment"] == "''=already quoted"
    # Negative-looking numbers are numbers, not text, and are never prefixed.
    assert all(not r["dots"].startswith("'") for r in tables["votes"])


def test_arabic_and_line_breaks_round_trip_through_the_csv(demo_record):
    record = demo_record("workshop")
    record["problems"][0]["text"] = ARABIC
    record["problems"][1]["text"] = 'first line,\r\n"second" line'
    tables = read_zip(csv_zip(record))
    assert tables["problems"][0]["text"] == ARABIC
    assert tables["problems"][1]["text"] == 'first line,\r\n"second" line'


# --- the XLSX workbook ---------------------------------------------------------------------


def test_the_workbook_has_a_summary_then_one_sheet_per_table(demo_record, workbook):
    book = workbook(demo_record("workshop"))
    assert book.sheetnames == ["summary", *TABLES]
    for name in TABLES:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None
        assert all(cell.font.b for cell in sheet[1])


def test_the_summary_counts_the_session_and_says_it_is_pseudonymised(demo_record, workbook):
    record = demo_record("workshop")
    rows = dict(list(workbook(record)["summary"].iter_rows(values_only=True))[:18])
    assert rows["Code"] == record["workshop"]["code"]
    assert rows["Title"] == record["workshop"]["title"]
    assert rows["Kind of session"] == "Co-projecting workshop"
    assert rows["Participants"] == record["participation"]["total"]
    assert rows["  Decision maker"] == record["participation"]["by_role"]["decision_maker"]
    assert rows["Prototypes"] == len(record["prototypes"])
    assert rows["Dots on prototypes"] == sum(v["dots"] for v in record["votes"])
    assert rows["Closing question: average score (1 to 5)"] == record["feedback_summary"]["average"]
    text = " ".join(str(v) for row in workbook(record)["summary"].values for v in row if v)
    assert "pseudonymised" in text and "Exact counts" in text


def test_the_summary_is_in_the_chosen_language(demo_record, workbook):
    labels = [row[0] for row in workbook(demo_record("workshop"), "it")["summary"].values]
    assert "Titolo" in labels and "Codice" in labels and "  Residente" in labels


def test_the_summary_reads_right_to_left_in_arabic_and_the_tables_do_not(demo_record, workbook):
    book = workbook(demo_record("workshop"), "ar")
    assert book["summary"]["A1"].value == "العنوان"
    assert book["summary"].sheet_view.rightToLeft
    assert not book["problems"].sheet_view.rightToLeft


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_participant_problem_and_prototype_is_in_the_workbook_once(
    demo_record, workbook, template
):
    record = demo_record(template)
    book = workbook(record)
    assert [r["id"] for r in sheet_rows(book, "participants")] == [
        p["id"] for p in record["participants"]
    ]
    assert [r["id"] for r in sheet_rows(book, "problems")] == [p["id"] for p in record["problems"]]
    assert [r["id"] for r in sheet_rows(book, "prototypes")] == [
        p["id"] for p in record["prototypes"]
    ]


def test_workbook_numbers_are_numbers_and_dots_match_the_record(demo_record, workbook):
    record = demo_record("workshop")
    book = workbook(record)
    for row, prototype in zip(sheet_rows(book, "prototypes"), record["prototypes"], strict=True):
        assert row["dots_total"] == prototype["dots"]["total"]
        assert row["dots_decision_maker"] == prototype["dots"]["decision_maker"]
    votes = book["votes"]
    dots_column = [c.value for c in votes[1]].index("dots")
    assert all(row[dots_column].data_type == "n" for row in votes.iter_rows(min_row=2))
    assert sum(r["dots"] for r in sheet_rows(book, "votes")) == sum(
        p["dots"]["total"] for p in record["prototypes"]
    )
    problems = sheet_rows(book, "problems")
    assert problems[0]["created_at"] == record["problems"][0]["created_at"]
    assert problems[0]["hidden"] is False


def test_workbook_rating_results_and_feedback_match_the_record(demo_record, workbook):
    record = demo_record("review")
    book = workbook(record)
    cells = [c for r in record["rating_results"] for c in r["criteria"]]
    rows = sheet_rows(book, "rating_results")
    assert [(r["count"], r["average"]) for r in rows] == [(c["count"], c["average"]) for c in cells]
    assert [r["resident_average"] for r in rows] == [
        c["by_role"]["resident"]["average"] for c in cells
    ]
    scores = [r["score"] for r in sheet_rows(book, "feedback")]
    assert round(sum(scores) / len(scores), 2) == record["feedback_summary"]["average"]


def test_hostile_card_text_is_an_exact_string_cell_in_the_workbook(demo_record, workbook):
    record = demo_record("workshop")
    texts = [*HOSTILE, "\rcarriage", ARABIC]
    for problem, text in zip(record["problems"], texts, strict=False):
        problem["text"] = text
    record["prototypes"][0]["what_changes"] = '=HYPERLINK("http://x")'
    book = workbook(record)
    sheet = book["problems"]
    column = [c.value for c in sheet[1]].index("text")
    for row, text in zip(sheet.iter_rows(min_row=2), texts, strict=False):
        cell = row[column]
        assert cell.data_type == "s"
        # A carriage return is stored as OOXML's _x000D_, which Excel reads back as the character.
        assert unescape(cell.value) == text
    assert sheet.cell(2, column + 1).value == HOSTILE[0]
    assert not sheet.cell(2, column + 1).hyperlink
    assert sheet_rows(book, "prototypes")[0]["what_changes"] == '=HYPERLINK("http://x")'


def test_the_workbook_holds_no_formula_and_no_link(demo_record, report_app):
    record = demo_record("workshop")
    for problem, text in zip(record["problems"], HOSTILE, strict=False):
        problem["text"] = text
    with report_app.test_request_context():
        data = xlsx(record)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            body = archive.read(name)
            assert b"<f>" not in body and b"<f " not in body, name
            assert b"<hyperlink" not in body and b"relationships/hyperlink" not in body, name


def test_the_summary_follows_a_forced_locale_outside_a_request(demo_record, report_app):
    """As the command line renders it: an app context and ``force_locale``, no request."""
    with report_app.app_context(), force_locale("it"):
        book = read_xlsx(xlsx(demo_record("meeting")))
    assert book["summary"]["A1"].value == "Titolo"

"""One session, every format, the same numbers: each file is read back with its own reader and
its counts compared with the JSON record they were all made from."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import docx
import openpyxl
import pypdfium2
import pytest

from workshop.reports.render import render


@pytest.fixture(scope="module")
def files(report_app, _records):
    record = _records["workshop"]
    with report_app.test_request_context():
        return record, {
            fmt: render([record], fmt, "en")
            for fmt in ("json", "csv", "xlsx", "pdf", "docx", "html")
        }


def csv_rows(data: bytes, table: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)).open(f"{table}.csv") as handle:
        return list(csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8-sig")))


def xlsx_rows(data: bytes, table: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(io.BytesIO(data))[table].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_every_format_counts_the_same_people_cards_prototypes_and_dots(files):
    record, out = files
    assert json.loads(out["json"]) == record

    dots = {p["id"]: p["dots"]["total"] for p in record["prototypes"] if not p["hidden"]}
    people = len(record["participants"])
    cards = len(record["problems"])

    for rows in (
        {t: csv_rows(out["csv"], t) for t in ("participants", "problems", "prototypes", "votes")},
        {t: xlsx_rows(out["xlsx"], t) for t in ("participants", "problems", "prototypes", "votes")},
    ):
        assert len(rows["participants"]) == people
        assert len(rows["problems"]) == cards
        assert {int(r["id"]): int(r["dots_total"]) for r in rows["prototypes"]} == dots
        assert sum(int(r["dots"]) for r in rows["votes"]) == sum(dots.values())

    pdf = " ".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(out["pdf"]))
    html = out["html"].decode()
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(out["docx"])).paragraphs)
    for text in (re.sub(r"\s+", " ", pdf), html):
        assert f"<strong>{people}</strong> participants" in text or f"{people} participants" in text
        for prototype in record["prototypes"]:
            assert f"{prototype['dots']['total']} dots" in text
    for prototype in record["prototypes"]:
        assert f"{prototype['dots']['total']} dots" in word

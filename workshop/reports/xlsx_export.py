"""The data of a workshop as one XLSX workbook, built from the JSON record alone.

A ``summary`` sheet in the reader's language (the caller renders inside a request or app
context with the chosen locale), then one sheet per table of
:func:`workshop.reports.tables.data_tables`, with the tables' English column names.

Text typed in the room is only ever written as a string cell: the workbook is made with every
string conversion off and text goes through ``write_string``, so a card reading ``=HYPERLINK(…)``
is that text, never a formula or a link, and is kept exactly as typed.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from flask_babel import get_locale
from flask_babel import gettext as _
from xlsxwriter.worksheet import Worksheet

from ..languages import is_rtl
from ..session_templates import TEMPLATES
from .tables import ROLES, Table, data_tables

#: No conversion of strings into formulas, links or numbers: text stays text.
WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

# Column widths in characters: wide enough for ids and timestamps, capped for card text.
MIN_WIDTH, MAX_WIDTH = 6, 60


def xlsx(record: dict[str, Any]) -> bytes:
    """The workbook's bytes: the summary, then every table on its own sheet."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    _summary(workbook.add_worksheet("summary"), record, bold, wrap)
    for name, table in data_tables(record).items():
        _table(workbook.add_worksheet(name), table, bold)
    workbook.close()
    return buffer.getvalue()


def summary_rows(record: dict[str, Any]) -> list[tuple[str, Any]]:
    """The summary sheet as label and value pairs, labels in the current language."""
    workshop = record.get("workshop", {})
    participation = record.get("participation") or {}
    by_role = participation.get("by_role") or {}
    feedback = record.get("feedback_summary") or {}
    template = TEMPLATES.get(workshop.get("template") or "")
    role_labels = {
        "resident": _("Resident"),
        "decision_maker": _("Decision maker"),
        "other": _("Other"),
    }
    return [
        (_("Title"), workshop.get("title")),
        (_("Code"), workshop.get("code")),
        (_("Place"), workshop.get("place")),
        (_("Date"), workshop.get("date")),
        (_("Kind of session"), str(template.label) if template else workshop.get("template")),
        (_("Exported at (UTC)"), record.get("exported_at")),
        (_("Record format"), f"{record.get('schema', '')} {record.get('version', '')}".strip()),
        (_("Participants"), participation.get("total", len(record.get("participants", [])))),
        *((f"  {role_labels[role]}", by_role.get(role, 0)) for role in ROLES),
        (_("Problems"), len(record.get("problems", []))),
        (_("Prototypes"), len(record.get("prototypes", []))),
        (_("Dots on prototypes"), sum(v["dots"] for v in record.get("votes", []))),
        (_("Dots on problems"), sum(v["dots"] for v in record.get("problem_votes", []))),
        (_("Scores in the rating round"), len(record.get("ratings", []))),
        (_("Closing question: answers"), feedback.get("answers", 0)),
        (_("Closing question: average score (1 to 5)"), feedback.get("average")),
    ]


def privacy_note() -> str:
    """Why the workbook is personal data: exact counts, under pseudonyms."""
    return _(
        "Exact counts: small groups are not hidden here, unlike in the report. Participants "
        "appear only as pseudonyms (P1, P2, …), but in a small group they can still be "
        "recognised: treat this file as pseudonymised data, not anonymous data."
    )


def write_value(sheet: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """One cell of its own type: numbers as numbers, yes/no as booleans, text as text only."""
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _summary(sheet: Worksheet, record: dict[str, Any], bold: Any, wrap: Any) -> None:
    if is_rtl(str(get_locale() or "en")):
        sheet.right_to_left()
    rows = summary_rows(record)
    for row, (label, value) in enumerate(rows):
        sheet.write_string(row, 0, label, bold)
        write_value(sheet, row, 1, value)
    sheet.merge_range(len(rows) + 1, 0, len(rows) + 1, 1, privacy_note(), wrap)
    sheet.set_row(len(rows) + 1, 60)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 60)


def _table(sheet: Worksheet, table: Table, bold: Any) -> None:
    for col, name in enumerate(table.columns):
        sheet.write_string(0, col, name, bold)
    for row, values in enumerate(table.rows, start=1):
        for col, value in enumerate(values):
            write_value(sheet, row, col, value)
    sheet.freeze_panes(1, 0)
    if table.columns:
        sheet.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
    for col, name in enumerate(table.columns):
        longest = max([len(name) + 2, *(len(_shown(r[col])) for r in table.rows)])
        sheet.set_column(col, col, min(max(longest, MIN_WIDTH), MAX_WIDTH))


def _shown(value: Any) -> str:
    """Roughly what a cell shows, to size its column."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "FALSE"
    return str(value)

"""The data of a workshop as CSV files in one zip, built from the JSON record alone.

One ``<table>.csv`` per table of :func:`workshop.reports.tables.data_tables`, and a
``README.txt`` that says what the files are, how they are spelled and why they are personal
data. The files are for analysis: English column names, no translation, exact counts.
Nothing here needs the database or a request.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from typing import Any

from .tables import Table, data_tables

#: What a spreadsheet may take for the start of a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Quotes already in front of a formula start get one more, so taking exactly one quote off
# any text that matches this gives back what was typed, even a typed "'=x".
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")


def inert(text: str) -> str:
    """``text`` that no spreadsheet will run: a leading ``'`` where it could start a formula."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def cell(value: Any) -> str:
    """How one value is spelled: ``true``/``false``, empty for none, text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return inert(str(value))


def table_csv(table: Table) -> bytes:
    """One table as CSV: UTF-8 with a byte-order mark (Excel then reads Arabic and Chinese
    right), RFC 4180 quoting and CRLF line ends."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([cell(value) for value in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def csv_zip(record: dict[str, Any]) -> bytes:
    """The zip: ``README.txt`` first, then one CSV per table, in the tables' order.

    Each entry is dated with the record's ``exported_at``, so the same record always gives the
    same bytes.
    """
    tables = data_tables(record)
    stamp = _zip_time(record.get("exported_at"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = [("README.txt", readme(record, tables).encode("utf-8"))]
        entries += [(f"{name}.csv", table_csv(table)) for name, table in tables.items()]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def readme(record: dict[str, Any], tables: dict[str, Table]) -> str:
    """What the zip holds, in plain English (the column names are English too)."""
    workshop = record.get("workshop", {})
    listing = "\n".join(
        f"  {name + '.csv':<22}{len(table.rows):>6} rows" for name, table in tables.items()
    )
    lines = [
        "Tavola: the data of one workshop, as CSV tables",
        "",
        f"Workshop:     {workshop.get('title', '')}",
        f"Code:         {workshop.get('code', '')}",
        f"Record:       {record.get('schema', '')} version {record.get('version', '')}",
        f"Exported at:  {record.get('exported_at', '')} (UTC)",
        "",
        "Files (one table each; the first row holds the column names, described in",
        "docs/export-data.md; the JSON record is described in docs/export-json.md):",
        listing,
        "",
        "Spelling",
        "- UTF-8 with a byte-order mark, so that spreadsheets open Arabic, Chinese and other",
        "  scripts correctly; comma-separated; quoted as in RFC 4180; lines end with CRLF.",
        "- Yes/no as true/false; an empty cell means none. Timestamps are ISO 8601 in UTC",
        "  (ending in Z), dates YYYY-MM-DD. Several ids in one cell are separated by ';'.",
        "- Formula safety: a text that begins with =, +, -, @, a tab or a carriage return",
        "  (or with single quotes followed by one of these) has one single quote ' put in",
        "  front (OWASP advice against CSV injection), so that a spreadsheet shows it as text",
        "  and never runs it. Take that one quote off to get the text exactly as typed.",
        "  Numbers are never changed. Other text (HTML, right-to-left marks) is as typed.",
        "",
        "Privacy",
        "- Participants appear only as pseudonyms (P1, P2, ... in joining order), team members",
        "  as T1, T2, ...; names are never exported.",
        "- Counts are EXACT: there is no small-group suppression here, unlike the report and the",
        "  projector, which hide groups of fewer than 3. Roles, tables, cards and scores can",
        "  point to a person in a small group. Treat these files as pseudonymised personal",
        "  data, not as anonymous data, and apply your own small-group rule before publishing.",
        "",
    ]
    return "\r\n".join(lines)


def _zip_time(exported_at: str | None) -> tuple[int, int, int, int, int, int]:
    """The record's export time for the zip entries (zip cannot hold dates before 1980)."""
    try:
        moment = datetime.fromisoformat((exported_at or "").replace("Z", "+00:00"))
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    return (
        max(moment.year, 1980),
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )

"""Appending rows to a KPI's CSV without changing one byte of what is there.

The file keeps its byte order mark, its line endings and its choice of a final
newline; the new rows take the column order of its header. The rows are read
with the core's CSV reader, so a date counts as present exactly when
``okrsite check`` sees it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Finding, Kpi, Portal
from ..source.load import parse_csv
from ..validate import parse_number, points_from_csv
from .site import CadenceError, Goals

BOM = b"\xef\xbb\xbf"
COLUMNS = ("date", "value", "target", "note")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """A row to append: values already written as the CSV shows them."""

    date: date
    value: str  # "" is a gap
    target: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvState:
    """What appending needs to know about the file as it is."""

    header: tuple[str, ...]
    dates: frozenset[date]
    monthly: bool  # every date is written YYYY-MM


def number_text(text: str, what: str) -> str:
    """A number as the CSV accepts it (``1234.5``, ``-3``, ``1e6``); refused otherwise."""
    cleaned = text.strip()
    if parse_number(cleaned) is None:
        raise CadenceError(
            f"{what} {text!r} is not a plain number; write digits with a decimal point "
            "(1234.5, -3, 1e6), no thousands separators, units or %"
        )
    return cleaned


def read_state(data: bytes, shown: str) -> CsvState:
    """The header and dates of a CSV's bytes; refused when ``okrsite check`` finds problems.

    Appending to a file with problems would bury them under new rows, so the
    file has to be fixed first (the message names the first problem).
    """
    if not data.strip(b"\r\n\t " + BOM):
        return CsvState(header=(), dates=frozenset(), monthly=False)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CadenceError(f"{shown} is not UTF-8 text; nothing was written") from None
    raw = parse_csv(text, shown)
    findings: list[Finding] = []
    points = points_from_csv(raw, findings)
    if findings:
        first = min(findings, key=lambda f: (f.line, f.col))
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise CadenceError(
            f"{first.format()}{more}; fix the file first (okrsite check shows all), "
            "nothing was written"
        )
    header = tuple(cell.text.strip() for cell in raw.header)
    date_at = header.index("date")
    written = [cells[date_at].text.strip() for _, cells in raw.rows if len(cells) > date_at]
    monthly = bool(written) and all(_MONTH.match(text) for text in written)
    return CsvState(header=header, dates=frozenset(p.date for p in points), monthly=monthly)


def _cell(text: str) -> str:
    # One line per row (the core's reader knows no line breaks inside quotes).
    text = " ".join(text.split()) if ("\n" in text or "\r" in text) else text
    if any(ch in text for ch in ',"') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def _newline(data: bytes) -> bytes:
    """The file's own line ending (that of its first line); ``\\n`` for a new file."""
    at = data.find(b"\n")
    cr = data.find(b"\r")
    if cr >= 0 and (at < 0 or cr < at):
        return b"\r\n" if data[cr : cr + 2] == b"\r\n" else b"\r"
    return b"\n"


def append_rows(data: bytes, rows: Sequence[Row], state: CsvState) -> bytes:
    """``data`` with ``rows`` added at the end; every byte of ``data`` kept as it was.

    A new (empty) file gets the header ``date,value`` plus ``target``/``note``
    when a row uses them. The file's final newline (or its absence) is kept.

    Raises:
        CadenceError: a row has a target or note the header has no column for.
    """
    header = state.header
    if not header:
        header = ("date", "value") + tuple(
            c for c in ("target", "note") if any(getattr(r, c) for r in rows)
        )
    for column in ("target", "note"):
        if column not in header and any(getattr(r, column) for r in rows):
            raise CadenceError(
                f"the CSV has no '{column}' column; add ',{column}' to its header line first, "
                "nothing was written"
            )
    nl = _newline(data)
    lines = []
    for row in rows:
        day = row.date.isoformat()
        if state.monthly and row.date.day == 1:
            day = day[:7]  # keep the file's YYYY-MM style
        cells = {"date": day, "value": row.value, "target": row.target, "note": row.note}
        lines.append(b",".join(_cell(cells.get(name, "")).encode("utf-8") for name in header))
    if not data.strip(b"\r\n\t " + BOM):
        head = data if data.startswith(BOM) else b""
        return head + nl.join([",".join(header).encode("utf-8"), *lines]) + nl
    if data.endswith((b"\n", b"\r")):
        return data + nl.join(lines) + nl
    return data + nl + nl.join(lines)


def csv_path(kpi: Kpi, portal: Portal, goals: Goals) -> tuple[Path, str]:
    """The KPI's CSV file (the path its ``data`` names, else ``<id>.csv`` beside its page).

    Raises:
        CadenceError: the page names a data file that is missing or outside the goals
            folder (``okrsite check`` reports it), so there is nowhere safe to write.
    """
    page = Path(portal.root) / kpi.path
    if kpi.data_path is not None:
        path = goals.docs_dir / kpi.data_path
    elif "data" in kpi.lines:
        raise CadenceError(
            f"{kpi.path}: its 'data' file is missing or outside the goals folder (see okrsite "
            "check); nothing was written"
        )
    else:
        path = page.parent / f"{kpi.id}.csv"
    try:
        path.resolve().relative_to(goals.docs_dir.resolve())
    except ValueError:
        raise CadenceError(
            f"{kpi.path}: its data file leads outside the goals folder; nothing was written"
        ) from None
    return path, goals.shown(path)

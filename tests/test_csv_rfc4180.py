"""KPI CSVs read as RFC 4180 says: quoted fields hold commas, quotes and line breaks."""

from __future__ import annotations

import csv
import io

import pytest

from okrsite.source.load import parse_csv


def rows(text: str) -> list[tuple[int, list[str]]]:
    raw = parse_csv(text, "k.csv")
    assert raw.findings == []
    return [(line, [c.text for c in cells]) for line, cells in raw.rows]


def test_a_quoted_note_may_hold_line_breaks() -> None:
    text = 'date,value,note\n2026-10-01,5,"first line\nsecond, with ""quotes"""\n2026-11-01,6,ok\n'
    assert rows(text) == [
        (2, ["2026-10-01", "5", 'first line\nsecond, with "quotes"']),
        (4, ["2026-11-01", "6", "ok"]),
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"])
def test_unicode_line_separators_do_not_end_a_record(separator: str) -> None:
    text = f"date,value,note\n2026-10-01,5,a{separator}b\n2026-11-01,6,c\n"
    assert rows(text) == [(2, ["2026-10-01", "5", f"a{separator}b"]), (3, ["2026-11-01", "6", "c"])]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_rfc_line_ending(newline: str) -> None:
    text = newline.join(["date,value", "2026-10-01,5", "2026-11-01,6", ""])
    assert rows(text) == [(2, ["2026-10-01", "5"]), (3, ["2026-11-01", "6"])]


def test_the_same_records_as_pythons_csv_module() -> None:
    """What the standard library writes, okrsite reads back field for field."""
    records = [
        ["date", "value", "note"],
        ["2026-09-01", "1", "plain"],
        ["2026-10-01", "2", 'comma, "quote" and\nnewline'],
        ["2026-11-01", "", "\r\nCRLF inside\r\n"],
        ["2026-12-01", "3", ""],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records)
    raw = parse_csv(out.getvalue(), "k.csv")
    assert raw.findings == []
    assert [c.text for c in raw.header] == records[0]
    assert [[c.text for c in cells] for _, cells in raw.rows] == [
        [f.replace("\r\n", "\n") for f in r] for r in records[1:]
    ]


def test_unterminated_quote_is_reported_where_it_opens() -> None:
    raw = parse_csv('date,value,note\n2026-10-01,5,"open\nstill open\n', "k.csv")
    assert [(f.code, f.line, f.col) for f in raw.findings] == [("E009", 2, 14)]

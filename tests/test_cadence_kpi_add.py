"""okrsite kpi add: one row appended, every other byte kept; refusals write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from cadence_portal import cli, make_tiny, program

from okrsite.cadence.csvrows import BOM, CsvState, Row, append_rows
from okrsite.cadence.site import CadenceError


def _add(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return cli("kpi", "add", *args, cwd=root)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_appends_one_row_and_changes_nothing_else(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    csv = root / "goals/kpis/weekly-ok.csv"
    before = _files(root)
    result = _add(root, "weekly-ok", "--value", "131.5", "--date", "2026-11-14")
    assert result.exit_code == 0, result.output
    assert result.stdout == "added 2026-11-14,131.5 to goals/kpis/weekly-ok.csv\n"
    assert csv.read_bytes() == before["goals/kpis/weekly-ok.csv"] + b"2026-11-14,131.5\n"
    after = _files(root)
    assert {k for k in after if after[k] != before.get(k)} == {"goals/kpis/weekly-ok.csv"}
    # the portal reads the new point as its latest
    due = cli("due", str(root), "--person", "Wes Weekly", "--format", "json").stdout
    assert '"weekly-ok"' not in due


@pytest.mark.parametrize(
    ("old", "row", "expected"),
    [
        # BOM, CRLF and no final newline: all kept
        (
            BOM + b"date,value,note\r\n2026-11-01,1,\r\n2026-11-08,2,x",
            Row(date=__import__("datetime").date(2026, 11, 15), value="3", note='a, "b"'),
            BOM + b'date,value,note\r\n2026-11-01,1,\r\n2026-11-08,2,x\r\n2026-11-15,3,"a, ""b"""',
        ),
        # LF with a final newline; the row follows the header's column order
        (
            b"value,date,target\n5,2026-11-01,9\n",
            Row(date=__import__("datetime").date(2026, 11, 15), value="-3", target="1e6"),
            b"value,date,target\n5,2026-11-01,9\n-3,2026-11-15,1e6\n",
        ),
        # a file of YYYY-MM dates keeps that style
        (
            b"date,value\n2026-09,1\n2026-10,2\n",
            Row(date=__import__("datetime").date(2026, 11, 1), value="7"),
            b"date,value\n2026-09,1\n2026-10,2\n2026-11,7\n",
        ),
    ],
)
def test_byte_level_append(old: bytes, row: Row, expected: bytes, tmp_path: Path) -> None:
    from okrsite.cadence.csvrows import read_state

    state = read_state(old, "x.csv")
    assert append_rows(old, [row], state) == expected


def test_a_new_file_gets_a_header() -> None:
    row = Row(date=__import__("datetime").date(2026, 11, 15), value="4", note="first")
    empty = CsvState(header=(), dates=frozenset(), monthly=False)
    assert append_rows(b"", [row], empty) == b"date,value,note\n2026-11-15,4,first\n"


def test_crlf_file_through_the_command(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    csv = root / "goals/kpis/monthly-ok.csv"
    csv.write_bytes(BOM + b"date,value,target,note\r\n2026-10-15,99,100,\r\n")
    result = _add(
        root,
        "monthly-ok",
        "--value",
        "101",
        "--date",
        "2026-11-15",
        "--target",
        "110",
        "--note",
        "new, higher target",
    )
    assert result.exit_code == 0, result.output
    assert csv.read_bytes() == (
        BOM + b'date,value,target,note\r\n2026-10-15,99,100,\r\n2026-11-15,101,110,"new, higher '
        b'target"\r\n'
    )


def test_says_when_the_date_is_after_as_of(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    result = _add(root, "weekly-ok", "--value", "1", "--date", "2026-11-16")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == (
        "note: 2026-11-16 is after the as_of in force (2026-11-15); the site will not show "
        "this row until as_of reaches it"
    )
    quiet = _add(root, "weekly-ok", "--value", "1", "--date", "2026-11-17", "--as-of", "2026-11-20")
    assert "note:" not in quiet.stdout


def test_default_date_is_today(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    csv = root / "goals/kpis/weekly-ok.csv"
    before = csv.read_bytes()
    # 2026-11-14 00:00 UTC: the day SOURCE_DATE_EPOCH names, as okrsite checkin reads it
    result = cli(
        "kpi",
        "add",
        "weekly-ok",
        "--value",
        "2",
        "--dir",
        str(root / "goals"),
        "-f",
        str(root / "mkdocs.yml"),
        env={"SOURCE_DATE_EPOCH": "1794614400"},
    )
    assert result.exit_code == 0, result.output
    assert csv.read_bytes() == before + b"2026-11-14,2\n"
    # shown relative to the folder given, as okrsite check shows it
    assert result.stdout == "added 2026-11-14,2 to kpis/weekly-ok.csv\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("weekly-ok", "--value", "75", "--date", "2026-11-01"),
            "goals/kpis/weekly-ok.csv already has a row for 2026-11-01; rows are never changed by "
            "okrsite kpi add (edit the file to correct a value), nothing was written",
        ),
        (
            ("weekly-ok", "--value", "1,234", "--date", "2026-11-14"),
            "--value '1,234' is not a plain number; write digits with a decimal point (1234.5, -3, "
            "1e6), no thousands separators, units or %",
        ),
        (
            ("weekly-ok", "--value", "12%", "--date", "2026-11-14"),
            "--value '12%' is not a plain number; write digits with a decimal point (1234.5, -3, "
            "1e6), no thousands separators, units or %",
        ),
        (
            ("weekly-ok", "--value", "nan", "--date", "2026-11-14"),
            "--value 'nan' is not a plain number; write digits with a decimal point (1234.5, -3, "
            "1e6), no thousands separators, units or %",
        ),
        (
            ("weekly-ok", "--value", "3", "--target", "high", "--date", "2026-11-14"),
            "--target 'high' is not a plain number; write digits with a decimal point (1234.5, -3, "
            "1e6), no thousands separators, units or %",
        ),
        (
            ("weekly-okk", "--value", "3"),
            "unknown KPI 'weekly-okk'; did you mean 'weekly-ok'?",
        ),
        (
            ("revenue", "--value", "3"),
            "unknown KPI 'revenue'; the KPIs are: bookings, empty, monthly-late, monthly-ok, "
            "weekly-edge, weekly-late, weekly-ok",
        ),
        (
            ("weekly-ok", "--value", "3", "--note", "why", "--date", "2026-11-14"),
            "the CSV has no 'note' column; add ',note' to its header line first, nothing was "
            "written",
        ),
    ],
)
def test_refusals_write_nothing(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    before = _files(root)
    result = _add(root, *args)
    assert result.exit_code == 1
    assert result.stderr == f"okrsite: error: {message}\n"
    assert result.stdout == ""
    assert _files(root) == before


def test_a_month_row_counts_as_its_first_day(tmp_path: Path) -> None:
    root = make_tiny(tmp_path, **{"kpis/monthly-ok.csv": "date,value\n2026-10,99\n"})
    result = _add(root, "monthly-ok", "--value", "5", "--date", "2026-10-01")
    assert result.exit_code == 1
    assert "already has a row for 2026-10-01" in result.stderr


def test_a_csv_with_problems_is_not_appended_to(tmp_path: Path) -> None:
    root = make_tiny(tmp_path, **{"kpis/weekly-ok.csv": "date,value\n2026-11-01,12%\n"})
    before = _files(root)
    result = _add(root, "weekly-ok", "--value", "5", "--date", "2026-11-14")
    assert result.exit_code == 1
    assert result.stderr.startswith("okrsite: error: goals/kpis/weekly-ok.csv:2:12: E009 ")
    assert _files(root) == before


def test_a_kpi_without_a_csv_gets_one(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    result = _add(root, "empty", "--value", "5", "--date", "2026-11-14")
    assert result.exit_code == 0, result.output
    assert (root / "goals/kpis/empty.csv").read_bytes() == b"date,value\n2026-11-14,5\n"


def test_program_bad_date_is_a_usage_error_without_traceback(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    done = program("kpi", "add", "weekly-ok", "--value", "3", "--date", "14.11.2026", cwd=root)
    assert done.returncode == 2
    assert done.stderr == "okrsite: error: --date '14.11.2026' is not a date; write YYYY-MM-DD\n"
    unknown = program("kpi", "add", "nope", "--value", "3", cwd=root)
    assert unknown.returncode == 1
    assert "Traceback" not in unknown.stderr


def test_rejects_csv_newlines_in_cells() -> None:
    with pytest.raises(CadenceError):
        from okrsite.cadence.csvrows import number_text

        number_text("1\n2", "--value")


def test_a_note_stays_on_one_line(tmp_path: Path) -> None:
    root = make_tiny(tmp_path, **{"kpis/weekly-ok.csv": "date,value,note\n2026-11-01,75,\n"})
    result = _add(root, "weekly-ok", "--value", "5", "--date", "2026-11-14", "--note", "a\nb ")
    assert result.exit_code == 0, result.output
    assert (root / "goals/kpis/weekly-ok.csv").read_bytes() == (
        b"date,value,note\n2026-11-01,75,\n2026-11-14,5,a b\n"
    )

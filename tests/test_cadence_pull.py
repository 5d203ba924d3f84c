"""okrsite pull against real databases: SQLite here, PostgreSQL in test_cadence_postgres.py."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

from cadence_portal import URL_ENV, cli, make_tiny, program

from okrsite.cadence.pull import rows_from_result, safe_message

BOOKINGS = """\
CREATE TABLE bookings (day TEXT, amount REAL, note TEXT);
INSERT INTO bookings VALUES ('2026-09-30', 999, 'never replaces the CSV row');
INSERT INTO bookings VALUES ('2026-10-31', 104, NULL);
INSERT INTO bookings VALUES ('2026-11-30', 107.5, 'new');
INSERT INTO bookings VALUES ('2026-12-31', 110, 'new, too');
"""


def _warehouse(tmp_path: Path, script: str = BOOKINGS) -> str:
    path = tmp_path / "warehouse.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(script)
    db.close()
    return f"sqlite:///{path}"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_appends_only_new_dates_and_keeps_every_byte(tmp_path: Path) -> None:
    root = make_tiny(tmp_path / "portal")
    url = _warehouse(tmp_path)
    csv = root / "goals/kpis/bookings.csv"
    before = _files(root)
    result = cli("pull", cwd=root, env={URL_ENV: url})
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "bookings: appended 2 rows to goals/kpis/bookings.csv (2026-11-30 .. 2026-12-31)\n"
    )
    assert result.stderr == ""
    assert (
        csv.read_bytes()
        == before["goals/kpis/bookings.csv"] + b"2026-11-30,107.5\n2026-12-31,110\n"
    )
    after = _files(root)
    assert {k for k in after if after[k] != before[k]} == {"goals/kpis/bookings.csv"}
    assert url not in result.output
    again = cli("pull", cwd=root, env={URL_ENV: url})
    assert again.exit_code == 0
    assert again.stdout == "bookings: up to date (4 rows in the database, none new)\n"
    assert _files(root) == after


def test_note_and_target_columns_when_the_csv_has_them(tmp_path: Path) -> None:
    page = (
        (Path(__file__).parent / "cadence_portal.py").exists()
        and "---\nname: Bookings\nowner: Pat Pull\nteam: ops\ndefinition: d\nsource: s\n"
        "cadence: monthly\ntarget: 100\nquery: |\n  SELECT day AS date, amount AS value,\n"
        "         100 AS target, note FROM bookings\nconnection: warehouse\n---\n"
    )
    root = make_tiny(
        tmp_path / "portal",
        **{
            "kpis/bookings.md": page,
            "kpis/bookings.csv": "date,value,target,note\r\n2026-09-30,101,100,\r\n",
        },
    )
    url = _warehouse(tmp_path)
    result = cli("pull", "bookings", cwd=root, env={URL_ENV: url})
    assert result.exit_code == 0, result.output
    assert (root / "goals/kpis/bookings.csv").read_bytes() == (
        b"date,value,target,note\r\n2026-09-30,101,100,\r\n2026-10-31,104,100,\r\n"
        b'2026-11-30,107.5,100,new\r\n2026-12-31,110,100,"new, too"\r\n'
    )


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = make_tiny(tmp_path / "portal")
    before = _files(root)
    result = cli("pull", "--dry-run", cwd=root, env={URL_ENV: _warehouse(tmp_path)})
    assert result.exit_code == 0
    assert result.stdout.startswith("bookings: would append 2 rows to goals/kpis/bookings.csv")
    assert _files(root) == before


def _with_second_kpi(tmp_path: Path, query: str) -> Path:
    page = (
        "---\nname: Broken\nowner: Pat Pull\nteam: ops\ndefinition: d\nsource: s\n"
        f"cadence: monthly\ntarget: 1\nquery: {query}\nconnection: warehouse\n---\n"
    )
    return make_tiny(tmp_path / "portal", **{"kpis/aaa-broken.md": page})


def test_broken_sql_fails_that_kpi_and_the_others_still_pull(tmp_path: Path) -> None:
    root = _with_second_kpi(tmp_path, "SELEC day FROM bookings")
    url = _warehouse(tmp_path)
    before = _files(root)
    done = program("pull", cwd=root, env={URL_ENV: url})
    assert done.returncode == 1
    assert done.stdout == (
        "bookings: appended 2 rows to goals/kpis/bookings.csv (2026-11-30 .. 2026-12-31)\n"
    )
    assert done.stderr == (
        'okrsite: pull: aaa-broken: near "SELEC": syntax error\nokrsite: pull: 1 of 2 KPIs failed\n'
    )
    assert "Traceback" not in done.stderr
    assert not (root / "goals/kpis/aaa-broken.csv").exists()
    assert _files(root)["goals/kpis/bookings.csv"] != before["goals/kpis/bookings.csv"]


def test_wrong_columns_bad_values_and_duplicate_dates(tmp_path: Path) -> None:
    cases = {
        "SELECT day FROM bookings": "the query must return the columns date, value (and "
        "optionally target, note); it returned day",
        "SELECT day AS date, 'many' AS value FROM bookings": "the query returned 'many' as "
        "value for 2026-09-30; return a number",
        "SELECT 'soon' AS date, 1 AS value": "the query returned 'soon' as a date; return "
        "YYYY-MM-DD",
        "SELECT '2026-01-01' AS date, 1 AS value UNION ALL SELECT '2026-01-01 12:00', 2": (
            "the query returned the date 2026-01-01 twice; return one row per date"
        ),
    }
    url = _warehouse(tmp_path)
    for query, message in cases.items():
        root = _with_second_kpi(tmp_path / str(abs(hash(query))), f'"{query}"')
        result = cli("pull", "aaa-broken", cwd=root, env={URL_ENV: url})
        assert result.exit_code == 1, query
        assert result.stderr.splitlines()[0] == f"okrsite: pull: aaa-broken: {message}"


def test_missing_variable(tmp_path: Path) -> None:
    root = make_tiny(tmp_path / "portal")
    before = _files(root)
    result = cli("pull", cwd=root, env={URL_ENV: None})
    assert result.exit_code == 1
    assert result.stderr == (
        "okrsite: pull: bookings: connection 'warehouse' takes its database URL from the "
        f"environment variable {URL_ENV}, which is not set\n"
        "okrsite: pull: 1 of 1 KPIs failed\n"
    )
    assert _files(root) == before


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_database_never_shows_the_url_or_password(tmp_path: Path) -> None:
    root = make_tiny(tmp_path / "portal")
    password = "s3cr3t-Passw0rd"
    url = f"postgresql+psycopg://okr_reader:{password}@127.0.0.1:{_closed_port()}/warehouse"
    done = program("pull", cwd=root, env={URL_ENV: url})
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert first.startswith("okrsite: pull: bookings: ")
    assert "refused" in first or "failed" in first
    for secret in (password, url, "okr_reader:"):
        assert secret not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_unopenable_sqlite_file(tmp_path: Path) -> None:
    root = make_tiny(tmp_path / "portal")
    url = f"sqlite:///{tmp_path}/no/such/folder/w.sqlite"
    result = cli("pull", cwd=root, env={URL_ENV: url})
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "okrsite: pull: bookings: unable to open database file"


def test_nonsense_url_is_scrubbed(tmp_path: Path) -> None:
    root = make_tiny(tmp_path / "portal")
    result = cli("pull", cwd=root, env={URL_ENV: "not a url with hunter2"})
    assert result.exit_code == 1
    assert "hunter2" not in result.output and "hunter2" not in result.stderr


def test_unknown_kpi_and_kpi_without_query(tmp_path: Path) -> None:
    root = make_tiny(tmp_path / "portal")
    result = cli("pull", "bookingz", "weekly-ok", cwd=root, env={URL_ENV: _warehouse(tmp_path)})
    assert result.exit_code == 1
    assert result.stderr == (
        "okrsite: pull: bookingz: unknown KPI 'bookingz'; did you mean 'bookings'?\n"
        "okrsite: pull: weekly-ok: goals/kpis/weekly-ok.md has no query to pull from\n"
        "okrsite: pull: 2 of 2 KPIs failed\n"
    )


def test_safe_message_scrubs_every_form_of_the_password() -> None:
    url = "postgresql://u:p%40ss%2Fword@db.example.com/w"
    error = RuntimeError(f"cannot reach {url} as u with p@ss/word or p%40ss%2Fword")
    message = safe_message(error, url)
    assert "p@ss/word" not in message and "p%40ss%2Fword" not in message and url not in message


def test_rows_from_result_converts_types() -> None:
    from datetime import date, datetime
    from decimal import Decimal

    rows = rows_from_result(
        ["DATE", "Value", "note"],
        [
            (datetime(2026, 1, 2, 5, 0), Decimal("12.50"), "a\nb"),
            (date(2026, 1, 1), 3, None),
            ("2026-02", None, ""),
        ],
    )
    assert [(r.date.isoformat(), r.value, r.note) for r in rows] == [
        ("2026-01-01", "3", ""),
        ("2026-01-02", "12.50", "a b"),
        ("2026-02-01", "", ""),
    ]


def test_a_kpi_without_a_csv_gets_one_from_the_query(tmp_path: Path) -> None:
    root = make_tiny(tmp_path / "portal", **{"kpis/bookings.csv": None})
    result = cli("pull", "bookings", cwd=root, env={URL_ENV: _warehouse(tmp_path)})
    assert result.exit_code == 0, result.output
    assert (root / "goals/kpis/bookings.csv").read_bytes() == (
        b"date,value\n2026-09-30,999\n2026-10-31,104\n2026-11-30,107.5\n2026-12-31,110\n"
    )

"""okrsite pull against a real PostgreSQL server.

``.ci/run`` starts one (``.ci/postgres``) and sets ``OKRSITE_TEST_POSTGRES_URL`` and
``OKRSITE_REQUIRE_POSTGRES=1``: there these tests fail when the server is missing or
unreachable. Elsewhere they are skipped unless a URL is given.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cadence_portal import URL_ENV, cli, make_tiny, program

sqlalchemy = pytest.importorskip("sqlalchemy")


@pytest.fixture(scope="module")
def pg_url() -> str:
    url = os.environ.get("OKRSITE_TEST_POSTGRES_URL", "")
    if not url:
        if os.environ.get("OKRSITE_REQUIRE_POSTGRES") == "1":
            pytest.fail(
                "OKRSITE_REQUIRE_POSTGRES=1 but OKRSITE_TEST_POSTGRES_URL is not set: the "
                "PostgreSQL server of .ci/postgres did not start"
            )
        pytest.skip("no PostgreSQL server: set OKRSITE_TEST_POSTGRES_URL (.ci/run starts one)")
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("SELECT 1"))
    except sqlalchemy.exc.SQLAlchemyError as exc:
        pytest.fail(f"PostgreSQL at OKRSITE_TEST_POSTGRES_URL is unreachable: {type(exc).__name__}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def table(pg_url: str) -> Iterator[str]:
    """A fresh table of bookings (DATE, NUMERIC, TEXT), dropped afterwards."""
    name = f"bookings_{uuid.uuid4().hex[:10]}"
    engine = sqlalchemy.create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(
            sqlalchemy.text(f"CREATE TABLE {name} (day DATE, amount NUMERIC(12, 2), note TEXT)")
        )
        connection.execute(
            sqlalchemy.text(
                f"INSERT INTO {name} VALUES ('2026-09-30', 999, 'kept out'), "
                "('2026-10-31', 104, NULL), ('2026-11-30', 107.5, 'new'), "
                "('2026-12-31', 110, 'new, \"quoted\"')"
            )
        )
    yield name
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f"DROP TABLE {name}"))
    engine.dispose()


def _portal(tmp_path: Path, query: str, csv: str = "date,value,note\n2026-09-30,101,\n") -> Path:
    page = (
        "---\nname: Bookings\nowner: Pat Pull\nteam: ops\ndefinition: d\nsource: s\n"
        f'cadence: monthly\ntarget: 100\nquery: "{query}"\nconnection: warehouse\n---\n'
    )
    return make_tiny(tmp_path, **{"kpis/bookings.md": page, "kpis/bookings.csv": csv})


def test_pull_from_postgresql_appends_new_dates(tmp_path: Path, pg_url: str, table: str) -> None:
    root = _portal(tmp_path, f"SELECT day AS date, amount AS value, note FROM {table}")
    done = program("pull", cwd=root, env={URL_ENV: pg_url})
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "bookings: appended 3 rows to goals/kpis/bookings.csv (2026-10-31 .. 2026-12-31)\n"
    )
    assert (root / "goals/kpis/bookings.csv").read_bytes() == (
        b"date,value,note\n2026-09-30,101,\n2026-10-31,104.00,\n2026-11-30,107.50,new\n"
        b'2026-12-31,110.00,"new, ""quoted"""\n'
    )
    assert pg_url not in done.stdout + done.stderr
    again = cli("pull", cwd=root, env={URL_ENV: pg_url})
    assert again.stdout == "bookings: up to date (4 rows in the database, none new)\n"
    check = cli("check", cwd=root)
    assert " E0" not in check.stdout


def test_the_query_never_changes_the_database(tmp_path: Path, pg_url: str, table: str) -> None:
    root = _portal(tmp_path, f"DELETE FROM {table} RETURNING day AS date, amount AS value")
    assert cli("pull", cwd=root, env={URL_ENV: pg_url}).exit_code == 0
    engine = sqlalchemy.create_engine(pg_url)
    with engine.connect() as connection:
        count = connection.execute(sqlalchemy.text(f"SELECT count(*) FROM {table}")).scalar()
    engine.dispose()
    assert count == 4  # rolled back


def test_broken_sql_on_postgresql(tmp_path: Path, pg_url: str, table: str) -> None:
    root = _portal(tmp_path, f"SELEC day FROM {table}")
    done = program("pull", cwd=root, env={URL_ENV: pg_url})
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f'okrsite: pull: bookings: syntax error at or near "SELEC" LINE 1: SELEC day FROM {table} ^'
    )
    assert "Traceback" not in done.stderr


def test_wrong_password_is_never_shown(tmp_path: Path, pg_url: str, table: str) -> None:
    url = sqlalchemy.engine.make_url(pg_url).set(password="wrong-Secret-42")
    text = url.render_as_string(hide_password=False)
    root = _portal(tmp_path, f"SELECT day AS date, amount AS value FROM {table}")
    done = program("pull", cwd=root, env={URL_ENV: text})
    assert done.returncode == 1
    assert "password authentication failed" in done.stderr
    assert "wrong-Secret-42" not in done.stderr + done.stdout
    assert text not in done.stderr


def test_unknown_table(tmp_path: Path, pg_url: str) -> None:
    root = _portal(tmp_path, "SELECT day AS date, amount AS value FROM no_such_table")
    before = (root / "goals/kpis/bookings.csv").read_bytes()
    result = cli("pull", cwd=root, env={URL_ENV: pg_url})
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        'okrsite: pull: bookings: relation "no_such_table" does not exist'
    )
    assert (root / "goals/kpis/bookings.csv").read_bytes() == before

"""``okrsite pull``: KPI values from the company's database, appended to the KPIs' CSVs.

Each KPI with a ``query`` runs it on its ``connection`` (an SQLAlchemy URL read
from the environment variable the ``connections`` option names) and appends
the rows whose dates its CSV does not hold yet. Rows already there are never
changed or removed. A KPI that fails is reported and the others still pull.

The URL carries a password: it is never printed, and every message that a
driver or SQLAlchemy writes is scrubbed of it before it is shown.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, quote_plus

from ..connections import Connection
from ..model import Kpi, Portal
from ..writes import rewrite_locked
from .csvrows import Row, append_rows, csv_path, number_text, read_state
from .site import CadenceError, Goals
from .wording import one_line

#: Seconds to wait for a PostgreSQL server that does not answer (unless the URL says).
CONNECT_TIMEOUT = 20
_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T].*)?$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(slots=True, kw_only=True)
class Outcome:
    """What pulling one KPI did: the rows appended (or that would be), or why it failed."""

    kpi: str
    shown: str = ""
    rows: list[Row] = field(default_factory=list)
    fetched: int = 0
    error: str | None = None


class _Failed(Exception):
    """One KPI cannot be pulled; the message is safe to show."""


def _scrubber(url: str) -> list[str]:
    """Every form in which the URL or its password could appear in a message."""
    secrets = {url}
    try:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        secrets.add(parsed.render_as_string(hide_password=False))
        secrets.add(parsed.render_as_string(hide_password=True))
        if parsed.password:
            password = str(parsed.password)
            secrets.update({password, quote(password, safe=""), quote_plus(password)})
    except Exception:  # noqa: BLE001 - an unparsable URL is scrubbed as a whole
        pass
    return sorted((s for s in secrets if len(s) >= 3), key=len, reverse=True)


def safe_message(exc: BaseException, url: str | None) -> str:
    """A driver's or SQLAlchemy's error as one short line, without the URL or password."""
    orig = getattr(exc, "orig", None)
    text = str(orig if isinstance(orig, BaseException) else exc)
    # SQLAlchemy appends the statement and a link to its docs: noise in a per-KPI report.
    text = re.split(r"\[SQL: |\(Background on this error", text)[0]
    text = re.sub(r"^\([\w.]+\)\s*", "", text.strip())
    if url:
        for secret in _scrubber(url):
            text = text.replace(secret, "***")
    return one_line(text, 300) or type(exc).__name__


def _url(connection: Connection) -> str:
    url = os.environ.get(connection.url_env, "").strip()
    if not url:
        state = "is empty" if connection.url_env in os.environ else "is not set"
        raise _Failed(
            f"connection '{connection.name}' takes its database URL from the environment "
            f"variable {connection.url_env}, which {state}"
        )
    return url


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip() if value is not None else ""
    match = _DAY.match(text)
    try:
        if match:
            return date.fromisoformat(match.group(1))
        if _MONTH.match(text):
            return date.fromisoformat(text + "-01")
    except ValueError:
        pass
    raise _Failed(f"the query returned {one_line(repr(value), 40)} as a date; return YYYY-MM-DD")


def _number(value: Any, column: str, day: date) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise _Failed(f"the query returned a true/false {column} for {day}; return a number")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        if not math.isfinite(value):
            raise _Failed(f"the query returned {value} as {column} for {day}; return a number")
        if isinstance(value, float):
            # REAL columns give 110.0 for 110: write what a person would type
            return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        return str(value)
    try:
        return number_text(str(value), column)
    except CadenceError:
        raise _Failed(
            f"the query returned {one_line(repr(value), 40)} as {column} for {day}; return a number"
        ) from None


def rows_from_result(columns: Sequence[str], records: Iterable[Sequence[Any]]) -> list[Row]:
    """Rows from a query's columns (``date, value`` and optionally ``target``, ``note``).

    Raises:
        _Failed: missing or unknown columns, a bad date or number, a date twice.
    """
    names = [str(c).strip().lower() for c in columns]
    missing = [c for c in ("date", "value") if c not in names]
    unknown = [c for c in names if c not in ("date", "value", "target", "note")]
    if missing or unknown or len(set(names)) != len(names):
        raise _Failed(
            f"the query must return the columns date, value (and optionally target, note); "
            f"it returned {', '.join(names) or 'no columns'}"
        )
    at = {name: i for i, name in enumerate(names)}
    rows: dict[date, Row] = {}
    for record in records:
        day = _day(record[at["date"]])
        if day in rows:
            raise _Failed(f"the query returned the date {day} twice; return one row per date")
        note = record[at["note"]] if "note" in at else None
        rows[day] = Row(
            date=day,
            value=_number(record[at["value"]], "value", day),
            target=_number(record[at["target"]], "target", day) if "target" in at else "",
            note=one_line(str(note)) if note is not None else "",
        )
    return [rows[d] for d in sorted(rows)]


class _Engines:
    """One SQLAlchemy engine per connection, made on first use and disposed at the end."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}

    def get(self, url: str) -> Any:
        if url not in self._made:
            from sqlalchemy import create_engine
            from sqlalchemy.engine import make_url

            parsed = make_url(url)
            options: dict[str, Any] = {}
            if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
                # libpq waits for the operating system (minutes) on a host that does not
                # answer; a weekly job should hear "unreachable" sooner.
                options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
            self._made[url] = create_engine(parsed, **options)
        return self._made[url]

    def dispose(self) -> None:
        for engine in self._made.values():
            engine.dispose()


def fetch(engines: _Engines, url: str, sql: str) -> list[Row]:
    """Run ``sql`` and read its rows; the transaction is rolled back, never committed."""
    try:
        from sqlalchemy import text
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        raise _Failed("SQLAlchemy is not installed (pip install sqlalchemy)") from None
    try:
        engine = engines.get(url)
        with engine.connect() as connection:
            result = connection.execute(text(sql))
            if not result.returns_rows:
                raise _Failed("the query returned no rows at all; it must be a SELECT")
            columns = list(result.keys())
            records = result.fetchall()
            connection.rollback()
    except _Failed:
        raise
    except ImportError as exc:
        raise _Failed(
            f"the database driver for this connection is not installed ({exc}); install it "
            "beside okrsite (README: connecting a warehouse)"
        ) from None
    except Exception as exc:  # noqa: BLE001 - any driver error is this KPI's failure only
        raise _Failed(safe_message(exc, url)) from None
    return rows_from_result(columns, records)


def _pull_one(
    kpi: Kpi,
    portal: Portal,
    goals: Goals,
    engines: _Engines,
    *,
    dry_run: bool,
) -> Outcome:
    outcome = Outcome(kpi=kpi.id)
    url: str | None = None
    try:
        if kpi.query is None:
            raise _Failed(f"{kpi.path} has no query to pull from")
        connection = goals.options.connections.get(kpi.connection or "")
        if connection is None:
            raise _Failed(
                f"{kpi.path}: connection '{kpi.connection}' is not one of the plugin option "
                "'connections' in mkdocs.yml"
            )
        path, outcome.shown = csv_path(kpi, portal, goals)
        url = _url(connection)
        fetched = fetch(engines, url, kpi.query)
        outcome.fetched = len(fetched)

        def change(data: bytes) -> bytes:
            state = read_state(data, outcome.shown)
            outcome.rows = [row for row in fetched if row.date not in state.dates]
            if not outcome.rows or dry_run:
                raise _Unchanged
            return append_rows(data, outcome.rows, state)

        with contextlib.suppress(_Unchanged):  # nothing new, or a dry run: no write at all
            rewrite_locked(path, change)
    except (_Failed, CadenceError) as exc:
        outcome.error = str(exc)
    except OSError as exc:
        outcome.error = f"cannot write {outcome.shown or kpi.path}: {exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 - one KPI's surprise must not stop the others
        outcome.error = safe_message(exc, url)
    return outcome


class _Unchanged(Exception):
    """Nothing to write: the file stays untouched (not even rewritten)."""


def pull(
    goals: Goals, portal: Portal, kpi_ids: Sequence[str] = (), *, dry_run: bool = False
) -> list[Outcome]:
    """Pull every KPI with a query (or those named), each on its own; never raises for a KPI.

    Args:
        goals: the goals folder and its options (connections).
        portal: the portal as the pipeline built it.
        kpi_ids: the KPIs to pull; empty: every KPI that has a query.
        dry_run: read the databases, write nothing.
    """
    from .kpiadd import find_kpi

    outcomes: list[Outcome] = []
    engines = _Engines()
    try:
        chosen: list[Kpi | Outcome] = []
        for kid in dict.fromkeys(kpi_ids) if kpi_ids else ():
            try:
                chosen.append(find_kpi(portal, kid))
            except CadenceError as exc:
                chosen.append(Outcome(kpi=kid, error=str(exc)))
        if not kpi_ids:
            chosen = [portal.kpis[k] for k in sorted(portal.kpis) if portal.kpis[k].query]
        for item in chosen:
            if isinstance(item, Outcome):
                outcomes.append(item)
            else:
                outcomes.append(_pull_one(item, portal, goals, engines, dry_run=dry_run))
    finally:
        engines.dispose()
    return outcomes


def outcome_lines(outcomes: Sequence[Outcome], *, dry_run: bool) -> Mapping[str, list[str]]:
    """The report: ``out`` lines (what was appended) and ``err`` lines (what failed)."""
    out: list[str] = []
    err: list[str] = []
    verb = "would append" if dry_run else "appended"
    for o in outcomes:
        if o.error is not None:
            err.append(f"okrsite: pull: {o.kpi}: {o.error}")
        elif o.rows:
            span = o.rows[0].date.isoformat()
            if len(o.rows) > 1:
                span += f" .. {o.rows[-1].date.isoformat()}"
            noun = "row" if len(o.rows) == 1 else "rows"
            out.append(f"{o.kpi}: {verb} {len(o.rows)} {noun} to {o.shown} ({span})")
        else:
            out.append(f"{o.kpi}: up to date ({o.fetched} rows in the database, none new)")
    failed = sum(o.error is not None for o in outcomes)
    if not outcomes:
        out.append("no KPI has a query to pull")
    elif failed:
        err.append(f"okrsite: pull: {failed} of {len(outcomes)} KPIs failed")
    return {"out": out, "err": err}

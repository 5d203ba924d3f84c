"""The cadence commands: ``due``, ``digest``, ``kpi add`` and ``pull`` (SPEC section 12).

Thin wrappers around :mod:`okrsite.cadence`: they find the goals with
:func:`.goals.locate` (as ``okrsite check`` does), call the cadence functions and
turn :class:`~okrsite.cadence.site.CadenceError` into one line ``okrsite: error:
...`` on stderr (exit 1 refused, 2 usage); never a traceback.

Everything they print goes through :mod:`okrsite.terminal`, as ``okrsite check``
does: a control character from a goal file (an escape sequence in a statement,
a name or a note) shows as a visible ``\\x1b``, never raw. That holds for the
Markdown of ``due --format markdown`` and ``digest`` too: it is printed, so it
may reach a terminal or a CI log first, and ``\\x1b`` reads the same in any
Markdown viewer. ``due --format json`` keeps the data, escaped the JSON way.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import IO, Any, ParamSpec, TypeVar

import click

from ..cadence.site import CadenceError, Goals, parse_day
from ..terminal import json_printable, printable, printable_lines
from .base import main
from .goals import locate

P = ParamSpec("P")
R = TypeVar("R")


class _Refused(click.ClickException):
    """A :class:`CadenceError` as click shows it: one line; exit code 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"okrsite: error: {printable(self.format_message())}", err=True)


class _Usage(_Refused):
    """The same for a usage error; exit code 2."""

    exit_code = 2


def _refusals(command: Callable[P, R]) -> Callable[P, R]:
    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except CadenceError as exc:
            raise (_Usage if exc.exit_code == 2 else _Refused)(str(exc)) from None

    return run


def _goals(directory: str | None, config_file: str | None) -> Goals:
    target = locate(directory, config_file)
    return Goals.of(
        docs_dir=target.docs_dir, root=target.root, options=target.options, site=target.site
    )


def _day(value: str | None, flag: str) -> date | None:
    return parse_day(value, flag) if value is not None else None


_DIRECTORY = click.argument("directory", required=False, type=click.Path(file_okay=False))
_DIR_OPTION = click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    help="The goals folder (default: docs_dir of mkdocs.yml).",
)
_CONFIG = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False), help="mkdocs.yml to read."
)
_AS_OF = click.option("--as-of", help="The day 'now' is (YYYY-MM-DD).")


@main.command("due")
@_DIRECTORY
@_CONFIG
@_AS_OF
@click.option("--person", help="Only this person (name or page slug).")
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@_refusals
def due_cmd(
    directory: str | None,
    config_file: str | None,
    as_of: str | None,
    person: str | None,
    style: str,
) -> None:
    """Per person, what they owe as of as_of: check-ins, KPI data, placeholders to fill."""
    from ..cadence.due import due_data, people_due
    from ..cadence.dueformat import due_markdown, due_text

    goals = _goals(directory, config_file)
    portal = goals.load(_day(as_of, "--as-of"))
    data = due_data(people_due(portal, goals, person), portal, goals)
    if style == "json":
        click.echo(json_printable(json.dumps(data, indent=2, ensure_ascii=False)))
    elif style == "markdown":
        click.echo(printable_lines(due_markdown(data)), nl=False)
    else:
        click.echo(printable_lines(due_text(data)), nl=False)


@main.command("digest")
@_DIRECTORY
@_CONFIG
@click.option("--since", required=True, help="Start of the window, excluded (YYYY-MM-DD).")
@_AS_OF
@_refusals
def digest_cmd(
    directory: str | None, config_file: str | None, since: str, as_of: str | None
) -> None:
    """Markdown of what changed in (since, as_of]: for a weekly post to chat or e-mail."""
    from ..cadence.digest import Window, digest_markdown

    start = parse_day(since, "--since")
    goals = _goals(directory, config_file)
    end = goals.as_of(_day(as_of, "--as-of"))
    if start >= end:
        raise CadenceError(
            f"--since {start} is not before the as_of in force ({end}); the window is empty", 2
        )
    click.echo(printable_lines(digest_markdown(goals, Window(since=start, as_of=end))), nl=False)


@main.group("kpi")
def kpi_group() -> None:
    """Work on KPI data."""


@kpi_group.command("add")
@click.argument("kpi")
@click.option("--value", required=True, help="The value: a plain number (1234.5, -3, 1e6).")
@click.option("--date", "day", help="YYYY-MM-DD (default: today, UTC).")
@click.option("--target", help="The target in force from this row on.")
@click.option("--note", help="A short note for the row.")
@_AS_OF
@_DIR_OPTION
@_CONFIG
@_refusals
def kpi_add_cmd(
    kpi: str,
    value: str,
    day: str | None,
    target: str | None,
    note: str | None,
    as_of: str | None,
    directory: str | None,
    config_file: str | None,
) -> None:
    """Append one row to KPI's CSV, changing no other byte."""
    from ..cadence.kpiadd import add_point

    goals = _goals(directory, config_file)
    in_force = goals.as_of(_day(as_of, "--as-of"))
    when = parse_day(day, "--date") if day is not None else _today()
    portal = goals.load(in_force)
    added = add_point(goals, portal, kpi, day=when, value=value, target=target, note=note)
    click.echo(printable(f"added {when.isoformat()},{added.row.value} to {added.shown}"))
    if when > in_force:
        click.echo(
            f"note: {when.isoformat()} is after the as_of in force ({in_force.isoformat()}); "
            "the site will not show this row until as_of reaches it"
        )


def _today() -> date:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when it is set, as ``checkin`` uses."""
    from ..options import Options, OptionsError, resolve_as_of

    try:
        return resolve_as_of(None, Options())
    except OptionsError as exc:
        raise CadenceError(str(exc), 2) from None


@main.command("pull")
@click.argument("kpis", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Query the databases, write nothing.")
@_AS_OF
@_DIR_OPTION
@_CONFIG
@_refusals
def pull_cmd(
    kpis: tuple[str, ...],
    dry_run: bool,
    as_of: str | None,
    directory: str | None,
    config_file: str | None,
) -> None:
    """Append new rows from each KPI's query (or the KPIs named); exit 1 if any failed."""
    from ..cadence.pull import outcome_lines, pull

    goals = _goals(directory, config_file)
    portal = goals.load(_day(as_of, "--as-of"))
    outcomes = pull(goals, portal, kpis, dry_run=dry_run)
    report = outcome_lines(outcomes, dry_run=dry_run)
    for line in report["out"]:
        click.echo(printable(line))
    for line in report["err"]:
        click.echo(printable(line), err=True)
    if any(o.error is not None for o in outcomes):
        sys.exit(1)

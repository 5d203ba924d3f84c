"""``okrsite checkin`` (append a check-in, no other byte changed) and ``okrsite diff``."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from ..authoring.checkin import CheckinError, checkin_file
from ..authoring.diff import DiffError, diff_exports
from ..options import Options, OptionsError, resolve_as_of
from ..terminal import printable_lines
from .base import fail, main
from .goals import dir_option
from .workspace import Workspace, show

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def today() -> str:
    """Today's date (UTC) as ``YYYY-MM-DD``, or the day of ``SOURCE_DATE_EPOCH`` when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            fail(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds", 2)
    else:
        moment = datetime.now(tz=UTC)
    return moment.date().isoformat()


def parse_kr_value(text: str) -> float | bool:
    """A ``--kr`` value: ``true``/``false`` (milestones) or a plain number.

    Raises:
        ValueError: neither.
    """
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if _NUMBER_RE.fullmatch(text.strip()):
        number = float(text)
        if math.isfinite(number):
            return number
    raise ValueError(f"{text!r} is not a number or true/false")


@main.command("checkin")
@click.argument("objective")
@click.option("--kr", "krs", multiple=True, metavar="ID=VALUE", help="A new KR value.")
@click.option("--confidence", type=float, help="Confidence the objective will be met, 0..1.")
@click.option("--note", help="A Markdown note.")
@click.option("--by", help="Who checks in.")
@click.option("--date", "date_", help="YYYY-MM-DD (default: today, UTC).")
@dir_option
def checkin_cmd(
    objective: str,
    krs: tuple[str, ...],
    confidence: float | None,
    note: str | None,
    by: str | None,
    date_: str | None,
    dir_flag: str | None,
    config_file: str | None,
) -> None:
    """Append a check-in to OBJECTIVE (an id, a unique stem or a file), changing nothing else."""
    values = _parse_krs(krs)
    if confidence is not None and not (math.isfinite(confidence) and 0 <= confidence <= 1):
        fail(f"--confidence {confidence:g} is outside 0..1 (70 % is 0.7)", 2)
    if not values and confidence is None and not note:
        fail("nothing to check in: give --kr ID=VALUE, --confidence or --note", 2)
    day = _check_date(date_) if date_ is not None else today()

    as_file = Path(objective)
    goals: Workspace | None = None
    if objective.endswith(".md") and as_file.is_file():
        path = as_file
    else:
        goals = Workspace.locate(dir_flag, config_file)
        path = goals.path("objective", goals.resolve(objective))
    try:
        checkin_file(path, date=day, values=values, confidence=confidence, note=note or None, by=by)
    except CheckinError as exc:
        fail(f"{show(path)}: {exc}")
    except OSError as exc:
        fail(f"{show(path)}: {exc.strerror or exc}")
    click.echo(f"checked in {day} on {show(path)}")
    as_of, why = _as_of_in_force(goals, dir_flag, config_file)
    if day > as_of.isoformat():
        # Pages and scores ignore check-ins dated after as_of (SPEC 5): say so, or the
        # check-in seems lost.
        click.echo(
            f"note: the check-in is dated {day}, after the as_of in force ({as_of}, {why}); "
            f"no page shows it until as_of reaches {day}",
            err=True,
        )


def _as_of_in_force(
    goals: Workspace | None, directory: str | None, config_file: str | None
) -> tuple[date, str]:
    """The as_of a build would use now, and where it comes from (for the note)."""
    if goals is None:
        try:
            goals = Workspace.locate(directory, config_file)
        except click.ClickException:
            goals = None  # the check-in is written; the note is only a courtesy
    options = goals.target.options if goals is not None else Options()
    if options.as_of is not None and goals is not None and goals.target.site is not None:
        return (
            options.as_of,
            f"the plugin option as_of in {show(goals.target.site.root / 'mkdocs.yml')}",
        )
    try:
        as_of = resolve_as_of(None, Options())
    except OptionsError:
        return datetime.now(tz=UTC).date(), "today"
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return as_of, "SOURCE_DATE_EPOCH"
    return as_of, "today"


@main.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
def diff_cmd(old: Path, new: Path, output: Path | None) -> None:
    """Markdown summary of what changed between two exports (okrsite export)."""
    exports = [_read_export(path) for path in (old, new)]
    try:
        text = diff_exports(exports[0], exports[1])
    except DiffError as exc:
        fail(f"{old if exc.side == 'old' else new}: {exc}")
    if output is None:
        # Printed: through the terminal filter, like every okrsite output (the
        # Markdown encoder already shows controls in user text visibly).
        click.echo(printable_lines(text), nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def _parse_krs(items: Sequence[str]) -> dict[str, float | bool]:
    values: dict[str, float | bool] = {}
    for item in items:
        kr_id, sep, raw = item.partition("=")
        kr_id = kr_id.strip()
        if not sep or not kr_id:
            fail(f"--kr {item!r}: write ID=VALUE, e.g. --kr kr1=42 or --kr kr2=true", 2)
        if kr_id in values:
            fail(f"--kr {kr_id} is given twice", 2)
        try:
            values[kr_id] = parse_kr_value(raw)
        except ValueError as exc:
            fail(f"--kr {kr_id}: {exc}", 2)
    return values


def _check_date(value: str) -> str:
    if not _DATE_RE.fullmatch(value):
        fail(f"--date {value!r} is not YYYY-MM-DD", 2)
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        fail(f"--date {value} does not exist", 2)
    return value


def _read_export(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text")
    except json.JSONDecodeError as exc:
        fail(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})")
    if not isinstance(data, dict):
        fail(f"{path} is not an okrsite export (expected a JSON object)")
    return data

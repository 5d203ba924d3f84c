"""The authoring commands of the CLI: ``new``, ``checkin`` and ``diff``.

These are thin click wrappers around :mod:`okrsite.authoring.scaffold`,
:mod:`okrsite.authoring.checkin` and :mod:`okrsite.authoring.diff`: they find the goals folder,
turn flags into arguments, and turn domain errors into one-line messages.
``okrsite.cli`` adds them to the main group.

Exit codes: 0 done, 1 refused (the files say no: unknown reference, page
exists, page cannot be edited safely), 2 usage (bad or missing flags). Every
error is one line, ``okrsite: error: ...``, on stderr; never a traceback.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, NoReturn

import click
import yaml

from okrsite.authoring.checkin import CheckinError, checkin_file, split_front_matter
from okrsite.authoring.diff import DiffError, diff_exports
from okrsite.authoring.scaffold import (
    CADENCES,
    DIRECTIONS,
    LEVELS,
    TYPES,
    ScaffoldError,
    carry_over,
    check_id,
    check_period,
    new_kpi,
    new_objective,
    new_team,
    next_period,
    resolve_objective,
    slugify,
)
from okrsite.cli.base import main
from okrsite.writes import create_locked

__all__ = [
    "GoalsFolder",
    "checkin_cmd",
    "diff_cmd",
    "find_goals_folder",
    "load_mkdocs_config",
    "new_group",
    "parse_kr_value",
    "today",
]

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


# --------------------------------------------------------------------- errors


class _Failure(click.ClickException):
    """A refusal, shown as one line ``okrsite: error: ...``; exit code 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"okrsite: error: {self.format_message()}", err=True)


class _UsageFailure(_Failure):
    """A usage error (bad or missing flags), shown as one line; exit code 2."""

    exit_code = 2


def _usage_failure(ctx: click.Context, exc: click.UsageError) -> click.ClickException:
    if type(exc).__name__ == "NoArgsIsHelpError":
        return exc  # `okrsite new` alone: click shows the help, which is what was asked for
    message = exc.format_message().rstrip(".")
    message = message[:1].lower() + message[1:]
    return _UsageFailure(f"{message} (see '{ctx.command_path} --help')")


class _Command(click.Command):
    """A command whose usage errors are one line, like every other error."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _usage_failure(ctx, exc) from None


class _Group(click.Group):
    """A group whose usage errors are one line; its subcommands are :class:`_Command`."""

    command_class = _Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _usage_failure(ctx, exc) from None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            raise _usage_failure(ctx, exc) from None


def _fail(message: str, exit_code: int = 1) -> NoReturn:
    raise (_UsageFailure if exit_code == 2 else _Failure)(message)


# ------------------------------------------------------------ finding the goals


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Read a node with an unknown tag (``!!python/name:...``, ``!ENV``) as plain data."""
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


class _MkdocsLoader(yaml.SafeLoader):
    """A safe loader that tolerates the custom tags MkDocs configs use."""


_MkdocsLoader.add_multi_constructor("", _ignore_tag)


def load_mkdocs_config(path: Path) -> dict[str, Any]:
    """Read ``mkdocs.yml`` safely, ignoring unknown tags.

    Args:
        path: the config file.

    Returns:
        The config as a dict (empty if the file is empty).

    Raises:
        ValueError: the file is not valid YAML or not a mapping.
        OSError: the file cannot be read.
    """
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.load(text, Loader=_MkdocsLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path}{where}: invalid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a mapping of settings")
    return data


def _plugin_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The options of the okrsite plugin in an MkDocs config (list or mapping form)."""
    plugins = config.get("plugins")
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, list):
        for entry in plugins:
            if isinstance(entry, str):
                entries.append((entry, None))
            elif isinstance(entry, dict):
                entries.extend(entry.items())
    elif isinstance(plugins, dict):
        entries.extend(plugins.items())
    for name, options in entries:
        if name == "okrsite":
            return dict(options) if isinstance(options, dict) else {}
    return {}


@dataclass(frozen=True, slots=True, kw_only=True)
class GoalsFolder:
    """The goals folder (docs_dir) and its three sub-folders."""

    root: Path
    teams: Path
    objectives: Path
    kpis: Path

    def objective_ids(self) -> list[str]:
        """All objective ids: paths under the objectives folder without ``.md``."""
        if not self.objectives.is_dir():
            return []
        return sorted(
            path.relative_to(self.objectives).with_suffix("").as_posix()
            for path in self.objectives.rglob("*.md")
            if path.is_file()
        )

    def objective_path(self, objective_id: str) -> Path:
        return self.objectives / f"{objective_id}.md"


def find_goals_folder(directory: Path | None, config_file: Path | None) -> GoalsFolder:
    """Find the goals folder the way the rest of the CLI does.

    ``directory`` wins when given, unless it is the folder of the MkDocs
    config; otherwise the ``docs_dir`` of the config (``config_file``, else
    ``mkdocs.yml`` in ``directory`` or in the working directory), relative to
    the config's folder. The sub-folder names come from the plugin options
    when a config is found.

    Args:
        directory: the ``--dir`` option.
        config_file: the ``-f`` option.

    Returns:
        The folders.

    Raises:
        click.ClickException: no folder can be found, or the config is broken.
    """
    if config_file is None:
        if directory is not None and (directory / "mkdocs.yml").is_file():
            config_file = directory / "mkdocs.yml"
        elif Path("mkdocs.yml").is_file():
            config_file = Path("mkdocs.yml")
    config: dict[str, Any] = {}
    if config_file is not None:
        try:
            config = load_mkdocs_config(config_file)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            _fail(f"cannot read the MkDocs config: {exc}")
    if config_file is not None and directory is not None and directory == config_file.parent:
        directory = None  # DIR is the site folder (where mkdocs.yml is), not the goals
    if directory is None:
        if config_file is None:
            _fail("no mkdocs.yml in the working directory; pass --dir GOALS_FOLDER", 2)
        directory = config_file.parent / str(config.get("docs_dir") or "docs")
    if not directory.is_dir():
        _fail(f"the goals folder {_show(directory)} does not exist")
    options = _plugin_options(config)

    def sub(key: str, default: str) -> Path:
        return directory / str(options.get(key) or default)

    return GoalsFolder(
        root=directory,
        teams=sub("teams_dir", "teams"),
        objectives=sub("objectives_dir", "objectives"),
        kpis=sub("kpis_dir", "kpis"),
    )


def _show(path: Path) -> str:
    """A path for messages: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _resolve(ref: str, goals: GoalsFolder) -> str:
    try:
        return resolve_objective(ref.removesuffix(".md"), goals.objective_ids())
    except ScaffoldError as exc:
        _fail(str(exc))


# ------------------------------------------------------------------- values


def today() -> str:
    """Today's date (UTC) as ``YYYY-MM-DD``, or the day of ``SOURCE_DATE_EPOCH`` when set.

    Raises:
        click.ClickException: ``SOURCE_DATE_EPOCH`` is not an integer.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            _fail(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds", 2)
    else:
        moment = datetime.now(tz=UTC)
    return moment.date().isoformat()


def parse_kr_value(text: str) -> float | bool:
    """A ``--kr`` value: ``true``/``false`` (milestones) or a plain number.

    Args:
        text: the part after ``=``.

    Returns:
        The bool or the number.

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


def _parse_krs(items: Sequence[str]) -> dict[str, float | bool]:
    values: dict[str, float | bool] = {}
    for item in items:
        kr_id, sep, raw = item.partition("=")
        kr_id = kr_id.strip()
        if not sep or not kr_id:
            _fail(f"--kr {item!r}: write ID=VALUE, e.g. --kr kr1=42 or --kr kr2=true", 2)
        if kr_id in values:
            _fail(f"--kr {kr_id} is given twice", 2)
        try:
            values[kr_id] = parse_kr_value(raw)
        except ValueError as exc:
            _fail(f"--kr {kr_id}: {exc}", 2)
    return values


def _check_date(value: str) -> str:
    if not _DATE_RE.fullmatch(value):
        _fail(f"--date {value!r} is not YYYY-MM-DD", 2)
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        _fail(f"--date {value} does not exist", 2)
    return value


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; refuse if it exists."""
    # Locked and atomic (okrsite.writes): a concurrent `okrsite new` of the same page
    # cannot both succeed, and an interrupted one leaves no half-written page.
    if not create_locked(path, text.encode("utf-8")):
        _fail(f"{_show(path)} already exists; choose another --id or edit that page")


# ------------------------------------------------------------------ commands

_DIR_OPTION = click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="The goals folder (default: docs_dir of mkdocs.yml).",
)
_CONFIG_OPTION = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The MkDocs config (default: ./mkdocs.yml).",
)
_DRY_RUN_OPTION = click.option(
    "--dry-run", is_flag=True, help="Print the page instead of writing it."
)


@click.group("new", cls=_Group)
def new_group() -> None:
    """Scaffold a valid page: objective, kpi or team."""


@new_group.command("objective")
@click.option("--period", help="YYYY-Qn, YYYY-Hn or YYYY (with --from: default the next one).")
@click.option("--owner", help="The accountable person.")
@click.option("--statement", help="The qualitative objective.")
@click.option("--team", help="Team id; none = company-level objective.")
@click.option("--level", type=click.Choice(LEVELS), help="Default: company without team.")
@click.option("--type", "type_", type=click.Choice(TYPES), help="Default: aspirational.")
@click.option("--parent", help="The objective this one supports (id or unique stem).")
@click.option("--kr", "krs", multiple=True, metavar="TITLE", help="A key result (repeatable).")
@click.option("--id", "stem", help="File name stem (default: from the statement).")
@click.option("--from", "from_", metavar="OLD_ID", help="Carry an objective over to --period.")
@_DIR_OPTION
@_CONFIG_OPTION
@_DRY_RUN_OPTION
def new_objective_cmd(
    period: str | None,
    owner: str | None,
    statement: str | None,
    team: str | None,
    level: str | None,
    type_: str | None,
    parent: str | None,
    krs: tuple[str, ...],
    stem: str | None,
    from_: str | None,
    directory: Path | None,
    config_file: Path | None,
    dry_run: bool,
) -> None:
    """Create objectives/PERIOD/ID.md, or carry an objective over with --from."""
    if from_ is None:
        for flag, value in (("--period", period), ("--owner", owner), ("--statement", statement)):
            if not value:
                _fail(f"missing option {flag} (needed unless --from is given)", 2)
    elif krs:
        _fail("--kr cannot be used with --from: the key results come from the old objective", 2)
    for flag, value in (("--period", period), ("--id", stem), ("--team", team)):
        if value is not None:
            _check_usage(flag, value, path=flag == "--id")
    goals = find_goals_folder(directory, config_file)
    ids = goals.objective_ids()
    if team is not None and not (goals.teams / f"{team}.md").is_file():
        _fail(
            f"no team {team!r} in {_show(goals.teams)}; "
            f"create it first: okrsite new team --id {team} --name NAME"
        )
    parent_id = _resolve(parent, goals) if parent is not None else None

    try:
        if from_ is not None:
            old_id = _resolve(from_, goals)
            old_text = goals.objective_path(old_id).read_text(encoding="utf-8-sig")
            period = period or next_period(_old_period(old_text, old_id))
            overrides = {
                key: value
                for key, value in (
                    ("objective", statement),
                    ("owner", owner),
                    ("team", team),
                    ("level", level),
                    ("type", type_),
                    ("parent", parent_id),
                )
                if value is not None
            }
            text = carry_over(
                old_text,
                old_id=old_id,
                new_period=period,
                objective_ids=ids,
                kpi_values=_kpi_values(goals),
                overrides=overrides,
            )
            stem = stem or old_id.rsplit("/", 1)[-1]
        else:
            assert period is not None and owner is not None and statement is not None
            text = new_objective(
                statement=statement,
                period=period,
                owner=owner,
                team=team,
                level=level,
                type=type_,
                parent=parent_id,
                key_results=krs,
            )
            stem = stem or slugify(statement)
    except ScaffoldError as exc:
        _fail(str(exc), 1 if from_ is not None else 2)
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read the objective: {exc}")

    new_id = f"{period}/{stem}"
    path = goals.objective_path(new_id)
    _refuse_ambiguous_stem(goals, ids, new_id)
    if dry_run:
        click.echo(text, nl=False)
        return
    _write_new(path, text)
    click.echo(f"created {_show(path)}")


@new_group.command("kpi")
@click.option("--id", "kpi_id", required=True, help="KPI id: the file name stem.")
@click.option("--name", required=True, help="Display name.")
@click.option("--owner", required=True, help="The person who watches it.")
@click.option("--team", help="Team id.")
@click.option("--unit", help="Shown next to the numbers (USD, %, days).")
@click.option("--cadence", type=click.Choice(CADENCES), help="How often it is reviewed.")
@click.option("--target", type=float, help="The level that counts as healthy.")
@click.option("--direction", type=click.Choice(DIRECTIONS), help="Which way is better.")
@click.option("--warning", type=float, help="Edge of the amber band.")
@click.option("--definition", help="What is measured and how it is calculated.")
@click.option("--source", help="Where the numbers come from.")
@_DIR_OPTION
@_CONFIG_OPTION
@_DRY_RUN_OPTION
def new_kpi_cmd(
    kpi_id: str,
    name: str,
    owner: str,
    team: str | None,
    unit: str | None,
    cadence: str | None,
    target: float | None,
    direction: str | None,
    warning: float | None,
    definition: str | None,
    source: str | None,
    directory: Path | None,
    config_file: Path | None,
    dry_run: bool,
) -> None:
    """Create kpis/ID.md, and kpis/ID.csv (header only) when it does not exist."""
    _check_usage("--id", kpi_id)
    if team is not None:
        _check_usage("--team", team)
    try:
        text = new_kpi(
            name=name,
            owner=owner,
            team=team,
            unit=unit,
            cadence=cadence,
            target=target,
            direction=direction,
            warning=warning,
            definition=definition,
            source=source,
        )
    except ScaffoldError as exc:
        _fail(str(exc), 2)
    goals = find_goals_folder(directory, config_file)
    if team is not None and not (goals.teams / f"{team}.md").is_file():
        _fail(
            f"no team {team!r} in {_show(goals.teams)}; "
            f"create it first: okrsite new team --id {team} --name NAME"
        )
    if dry_run:
        click.echo(text, nl=False)
        return
    page, data = goals.kpis / f"{kpi_id}.md", goals.kpis / f"{kpi_id}.csv"
    _write_new(page, text)
    if data.exists():
        click.echo(f"created {_show(page)} (its data {_show(data)} already exists)")
    else:
        _write_new(data, "date,value\n")
        click.echo(f"created {_show(page)} and {_show(data)}")


@new_group.command("team")
@click.option("--id", "team_id", required=True, help="Team id: the file name stem.")
@click.option("--name", required=True, help="Display name.")
@click.option("--parent", help="Parent team id.")
@click.option("--lead", help="The team lead.")
@click.option("--mission", help="One line.")
@click.option("--member", "members", multiple=True, help="A member (repeatable).")
@_DIR_OPTION
@_CONFIG_OPTION
@_DRY_RUN_OPTION
def new_team_cmd(
    team_id: str,
    name: str,
    parent: str | None,
    lead: str | None,
    mission: str | None,
    members: tuple[str, ...],
    directory: Path | None,
    config_file: Path | None,
    dry_run: bool,
) -> None:
    """Create teams/ID.md."""
    _check_usage("--id", team_id)
    if parent is not None:
        _check_usage("--parent", parent)
    try:
        text = new_team(name=name, parent=parent, lead=lead, mission=mission, members=members)
    except ScaffoldError as exc:
        _fail(str(exc), 2)
    goals = find_goals_folder(directory, config_file)
    if parent is not None and not (goals.teams / f"{parent}.md").is_file():
        _fail(f"no team {parent!r} in {_show(goals.teams)} for --parent")
    if dry_run:
        click.echo(text, nl=False)
        return
    path = goals.teams / f"{team_id}.md"
    _write_new(path, text)
    click.echo(f"created {_show(path)}")


@click.command("checkin", cls=_Command)
@click.argument("objective")
@click.option("--kr", "krs", multiple=True, metavar="ID=VALUE", help="A new KR value.")
@click.option("--confidence", type=float, help="Confidence the objective will be met, 0..1.")
@click.option("--note", help="A Markdown note.")
@click.option("--by", help="Who checks in.")
@click.option("--date", "date_", help="YYYY-MM-DD (default: today, UTC).")
@_DIR_OPTION
@_CONFIG_OPTION
def checkin_cmd(
    objective: str,
    krs: tuple[str, ...],
    confidence: float | None,
    note: str | None,
    by: str | None,
    date_: str | None,
    directory: Path | None,
    config_file: Path | None,
) -> None:
    """Append a check-in to OBJECTIVE (an id, a unique stem or a file), changing nothing else."""
    values = _parse_krs(krs)
    if confidence is not None and not (math.isfinite(confidence) and 0 <= confidence <= 1):
        _fail(f"--confidence {confidence:g} is outside 0..1 (70 % is 0.7)", 2)
    if not values and confidence is None and not note:
        _fail("nothing to check in: give --kr ID=VALUE, --confidence or --note", 2)
    day = _check_date(date_) if date_ is not None else today()

    as_file = Path(objective)
    if objective.endswith(".md") and as_file.is_file():
        path = as_file
    else:
        goals = find_goals_folder(directory, config_file)
        path = goals.objective_path(_resolve(objective, goals))
    try:
        checkin_file(path, date=day, values=values, confidence=confidence, note=note or None, by=by)
    except CheckinError as exc:
        _fail(f"{_show(path)}: {exc}")
    except OSError as exc:
        _fail(f"{_show(path)}: {exc.strerror or exc}")
    click.echo(f"checked in {day} on {_show(path)}")


@click.command("diff", cls=_Command)
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
        _fail(f"{old if exc.side == 'old' else new}: {exc}")
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


# ------------------------------------------------------------------- helpers


def _check_usage(flag: str, value: str, *, path: bool = False) -> None:
    """Validate an id or period flag; a bad one is a usage error (exit 2)."""
    try:
        if flag == "--period":
            check_period(value)
        else:
            check_id(value, flag, path=path)
    except ScaffoldError as exc:
        _fail(str(exc), 2)


def _old_period(text: str, old_id: str) -> str:
    try:
        data = yaml.safe_load(split_front_matter(text).text)
    except (CheckinError, yaml.YAMLError):
        data = None
    period = data.get("period") if isinstance(data, dict) else None
    if period is None:
        _fail(f"{old_id} has no period; pass --period")
    return str(period)


def _refuse_ambiguous_stem(goals: GoalsFolder, ids: Sequence[str], new_id: str) -> None:
    """Refuse a new objective whose stem would make existing bare references ambiguous."""
    stem = new_id.rsplit("/", 1)[-1]
    if not any(i.rsplit("/", 1)[-1] == stem and i != new_id for i in ids):
        return
    users = []
    for objective_id in ids:
        try:
            text = goals.objective_path(objective_id).read_text(encoding="utf-8-sig")
            data = yaml.safe_load(split_front_matter(text).text)
        except (OSError, UnicodeDecodeError, CheckinError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        refs = [data.get("parent")]
        if isinstance(data.get("key_results"), list):
            refs += [kr.get("objective") for kr in data["key_results"] if isinstance(kr, dict)]
        if stem in refs:
            users.append(_show(goals.objective_path(objective_id)))
    if users:
        _fail(
            f"a second objective named {stem!r} would make the bare reference {stem!r} in "
            f"{', '.join(users)} ambiguous; write the full id there, or choose another --id"
        )


def _kpi_values(goals: GoalsFolder) -> dict[str, float]:
    """Latest value of every KPI with a readable CSV (best effort, for carry-over)."""
    values: dict[str, float] = {}
    if not goals.kpis.is_dir():
        return values
    for page in sorted(goals.kpis.glob("*.md")):
        latest = _latest_csv_value(page.with_suffix(".csv"))
        if latest is not None:
            values[page.stem] = latest
    return values


def _latest_csv_value(path: Path) -> float | None:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    points = []
    for row in rows:
        day, raw = (row.get("date") or "").strip(), (row.get("value") or "").strip()
        if len(day) == 7:
            day += "-01"
        if _DATE_RE.fullmatch(day) and _NUMBER_RE.fullmatch(raw):
            points.append((day, float(raw)))
    return max(points)[1] if points else None


def _read_export(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text")
    except json.JSONDecodeError as exc:
        _fail(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})")
    if not isinstance(data, dict):
        _fail(f"{path} is not an okrsite export (expected a JSON object)")
    return data


main.add_command(new_group, "new")
main.add_command(checkin_cmd, "checkin")
main.add_command(diff_cmd, "diff")

"""``okrsite new objective|kpi|team``: a valid page from flags.

The page text comes from :mod:`okrsite.authoring.scaffold` (and
:mod:`okrsite.authoring.carry` for ``--from``); ids, periods and references are
judged by the same grammar as ``okrsite check``, and the goals are found and
read through :class:`~okrsite.cli.workspace.Workspace`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..authoring.carry import carry_over
from ..authoring.scaffold import (
    CADENCES,
    DIRECTIONS,
    LEVELS,
    TYPES,
    ScaffoldError,
    check_id,
    check_period,
    new_kpi,
    new_objective,
    new_team,
    next_period,
    slugify,
)
from ..model import Period
from ..writes import create_locked
from .base import Group, fail, main
from .edit import parse_kr_value
from .goals import dir_option
from .workspace import Workspace, show

_DRY_RUN_OPTION = click.option(
    "--dry-run", is_flag=True, help="Print the page instead of writing it."
)


@main.group("new", cls=Group)
def new_group() -> None:
    """Scaffold a valid page: objective, kpi or team."""


@new_group.command("objective")
@click.option("--period", help="YYYY-Qn, YYYY-Hn or YYYY (with --from: default the next one).")
@click.option(
    "--owner",
    "owners",
    multiple=True,
    help="The accountable person; repeat it for co-owners (the first leads).",
)
@click.option("--statement", help="The qualitative objective.")
@click.option("--team", help="Team id; none = company-level objective.")
@click.option("--level", type=click.Choice(LEVELS), help="Default: company without team.")
@click.option("--type", "type_", type=click.Choice(TYPES), help="Default: aspirational.")
@click.option("--parent", help="The objective this one supports (id or unique stem).")
@click.option("--kr", "krs", multiple=True, metavar="TITLE", help="A key result (repeatable).")
@click.option(
    "--at-least",
    "at_least",
    multiple=True,
    metavar="TITLE=LEVEL",
    help="A level to hold at or above, e.g. 'Uptime holds=99.9' (repeatable).",
)
@click.option(
    "--at-most",
    "at_most",
    multiple=True,
    metavar="TITLE=LEVEL",
    help="A level to hold at or below (repeatable).",
)
@click.option("--id", "stem", help="File name stem (default: from the statement).")
@click.option("--from", "from_", metavar="OLD_ID", help="Carry an objective over to --period.")
@dir_option
@_DRY_RUN_OPTION
def new_objective_cmd(
    period: str | None,
    owners: tuple[str, ...],
    statement: str | None,
    team: str | None,
    level: str | None,
    type_: str | None,
    parent: str | None,
    krs: tuple[str, ...],
    at_least: tuple[str, ...],
    at_most: tuple[str, ...],
    stem: str | None,
    from_: str | None,
    dir_flag: str | None,
    config_file: str | None,
    dry_run: bool,
) -> None:
    """Create objectives/PERIOD/ID.md, or carry an objective over with --from."""
    if from_ is None:
        for flag, value in (("--period", period), ("--owner", owners), ("--statement", statement)):
            if not value:
                fail(f"missing option {flag} (needed unless --from is given)", 2)
    elif krs or at_least or at_most:
        flag = "--kr" if krs else "--at-least" if at_least else "--at-most"
        fail(f"{flag} cannot be used with --from: the key results come from the old objective", 2)
    thresholds = [_threshold("at_least", item) for item in at_least] + [
        _threshold("at_most", item) for item in at_most
    ]
    if period is not None:
        _period_usage(period)
    if team is not None:
        _id_usage(team, "--team")
    if stem is not None:
        _id_usage(stem, "--id", path=True)
    goals = Workspace.locate(dir_flag, config_file)
    if team is not None:
        goals.require_team(team, "--team")
    parent_id = goals.resolve(parent) if parent is not None else None
    ids = goals.ids("objective")
    try:
        if from_ is not None:
            old_id = goals.resolve(from_)
            old_path = goals.path("objective", old_id)
            period = period or next_period(_old_period(goals, old_id))
            overrides = {
                key: value
                for key, value in (
                    ("objective", statement),
                    ("owner", owners[0] if len(owners) == 1 else list(owners) or None),
                    ("team", team),
                    ("level", level),
                    ("type", type_),
                    ("parent", parent_id),
                )
                if value is not None
            }
            text = carry_over(
                old_path.read_text(encoding="utf-8-sig"),
                old_id=old_id,
                new_period=period,
                objective_ids=ids,
                kpi_values=goals.kpi_values(),
                overrides=overrides,
            )
            stem = stem or old_id.rsplit("/", 1)[-1]
        else:
            assert period is not None and statement is not None
            text = new_objective(
                statement=statement,
                period=period,
                owner=owners,
                team=team,
                level=level,
                type=type_,
                parent=parent_id,
                key_results=krs,
                thresholds=thresholds,
            )
            stem = stem or slugify(statement)
    except ScaffoldError as exc:
        fail(str(exc), 1 if from_ is not None else 2)
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read the objective: {exc}")

    new_id = f"{period}/{stem}"
    _id_usage(new_id, "objective id", path=True)
    path = goals.folder("objective") / f"{new_id}.md"
    _refuse_ambiguous_stem(goals, ids, new_id)
    if dry_run:
        click.echo(text, nl=False)
        return
    _write_new(path, text)
    click.echo(f"created {show(path)}")


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
@dir_option
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
    dir_flag: str | None,
    config_file: str | None,
    dry_run: bool,
) -> None:
    """Create kpis/ID.md, and kpis/ID.csv (header only) when it does not exist."""
    _id_usage(kpi_id, "--id")
    if team is not None:
        _id_usage(team, "--team")
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
        fail(str(exc), 2)
    goals = Workspace.locate(dir_flag, config_file)
    if team is not None:
        goals.require_team(team, "--team")
    if dry_run:
        click.echo(text, nl=False)
        return
    folder = goals.folder("kpi")
    page, data = folder / f"{kpi_id}.md", folder / f"{kpi_id}.csv"
    _write_new(page, text)
    if data.exists():
        click.echo(f"created {show(page)} (its data {show(data)} already exists)")
    else:
        _write_new(data, "date,value\n")
        click.echo(f"created {show(page)} and {show(data)}")


@new_group.command("team")
@click.option("--id", "team_id", required=True, help="Team id: the file name stem.")
@click.option("--name", required=True, help="Display name.")
@click.option("--parent", help="Parent team id.")
@click.option("--lead", help="The team lead.")
@click.option("--mission", help="One line.")
@click.option("--member", "members", multiple=True, help="A member (repeatable).")
@dir_option
@_DRY_RUN_OPTION
def new_team_cmd(
    team_id: str,
    name: str,
    parent: str | None,
    lead: str | None,
    mission: str | None,
    members: tuple[str, ...],
    dir_flag: str | None,
    config_file: str | None,
    dry_run: bool,
) -> None:
    """Create teams/ID.md."""
    _id_usage(team_id, "--id")
    if parent is not None:
        _id_usage(parent, "--parent")
    try:
        text = new_team(name=name, parent=parent, lead=lead, mission=mission, members=members)
    except ScaffoldError as exc:
        fail(str(exc), 2)
    goals = Workspace.locate(dir_flag, config_file)
    if parent is not None:
        goals.require_team(parent, "--parent")
    if dry_run:
        click.echo(text, nl=False)
        return
    path = goals.folder("team") / f"{team_id}.md"
    _write_new(path, text)
    click.echo(f"created {show(path)}")


def _threshold(side: str, item: str) -> tuple[str, str, float]:
    """``TITLE=LEVEL`` of ``--at-least`` / ``--at-most`` as (title, side, level)."""
    flag = "--" + side.replace("_", "-")
    title, sep, raw = item.rpartition("=")
    try:
        level: float | bool | None = parse_kr_value(raw) if sep else None
    except ValueError:
        level = None
    if not title.strip() or level is None or isinstance(level, bool):
        fail(f"{flag} {item!r}: write TITLE=LEVEL, e.g. {flag} 'Uptime holds=99.9'", 2)
    return title.strip(), side, float(level)


def _period_usage(value: str) -> None:
    """Judge a period as ``okrsite check`` would; a bad one is a usage error."""
    try:
        check_period(value)
    except ScaffoldError as exc:
        fail(str(exc), 2)


def _id_usage(value: str, what: str, *, path: bool = False) -> None:
    """Judge an id as ``okrsite check`` would; a bad one is a usage error."""
    try:
        check_id(value, what, path=path)
    except ScaffoldError as exc:
        fail(str(exc), 2)


def _old_period(goals: Workspace, old_id: str) -> str:
    source = next(s for s in goals.sources("objective") if s.id == old_id)
    draft = goals.draft(source)
    period = draft.values.get("period") if draft is not None else None
    if not isinstance(period, Period):
        fail(f"{old_id} has no valid period; pass --period")
    return period.key


def _refuse_ambiguous_stem(goals: Workspace, ids: Sequence[str], new_id: str) -> None:
    """Refuse a new objective whose stem would make existing bare references ambiguous."""
    stem = new_id.rsplit("/", 1)[-1]
    if not any(i.rsplit("/", 1)[-1] == stem and i != new_id for i in ids):
        return
    users = []
    for source in goals.sources("objective"):
        draft = goals.draft(source)
        if draft is None:
            continue
        refs = [draft.refs["parent"].text] if "parent" in draft.refs else []
        refs += [kr["refs"]["objective"].text for kr in draft.krs if "objective" in kr["refs"]]
        if stem in refs:
            users.append(show(source.path))
    if users:
        fail(
            f"a second objective named {stem!r} would make the bare reference {stem!r} in "
            f"{', '.join(users)} ambiguous; write the full id there, or choose another --id"
        )


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; refuse if it exists."""
    # Locked and atomic (okrsite.writes): a concurrent `okrsite new` of the same page
    # cannot both succeed, and an interrupted one leaves no half-written page.
    if not create_locked(path, text.encode("utf-8")):
        fail(f"{show(path)} already exists; choose another --id or edit that page")

"""Page templates for ``okrsite new``: objectives, KPIs, teams, and carried-over objectives.

Each function returns the text of a new page whose front matter holds every
required key (so the page passes ``okrsite check``) and commented hints for
the optional ones, so authors discover them where they type. The functions are
pure: choosing the file name and refusing to overwrite is the CLI's job.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence

from .. import grammar
from ..grammar import FIRST_YEAR, LAST_YEAR, period_problem
from .yamltext import yaml_number, yaml_string

__all__ = [
    "CADENCES",
    "DIRECTIONS",
    "LEVELS",
    "TYPES",
    "ScaffoldError",
    "check_id",
    "check_period",
    "new_kpi",
    "new_objective",
    "new_team",
    "next_period",
    "resolve_objective",
    "slugify",
]

LEVELS = ("company", "team", "individual")
TYPES = ("aspirational", "committed")
CADENCES = ("daily", "weekly", "monthly", "quarterly")
DIRECTIONS = ("higher", "lower")

_PLACEHOLDER_KRS = ("TODO: first measurable outcome", "TODO: second measurable outcome")
_BODY_OBJECTIVE = """
## Context

Why this objective matters now, and what changes for whom when it is met.

## Initiatives

- The work planned to move the key results.
"""


class ScaffoldError(ValueError):
    """Flags that cannot make a valid page. The message names the flag and the fix."""


# ---------------------------------------------------------------- identifiers


def check_period(period: str) -> str:
    """Validate a period key as ``okrsite check`` does (:mod:`okrsite.grammar`).

    Args:
        period: the period as typed.

    Returns:
        The period, unchanged.

    Raises:
        ScaffoldError: it is not a period.
    """
    problem = period_problem(period)
    if problem == "shape":
        raise ScaffoldError(
            f"period {period!r} is not YYYY-Qn, YYYY-Hn or YYYY (e.g. 2026-Q4, 2026-H2, 2026)"
        )
    if problem == "year":
        raise ScaffoldError(
            f"period {period!r} has year {period[:4]}; use a year from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return period


def next_period(period: str) -> str:
    """The period that follows ``period``, of the same length (``2026-Q4`` -> ``2027-Q1``).

    Raises:
        ScaffoldError: ``period`` is not a period key.
    """
    return grammar.next_period(check_period(period))


def check_id(value: str, what: str, *, path: bool = False) -> str:
    """Validate an id as ``okrsite check`` does (:mod:`okrsite.grammar`).

    Args:
        value: the id as typed.
        what: what it names, for the message (``"team id"``).
        path: an objective id (``/``-separated parts, folders such as ``2026-Q4``).

    Returns:
        The id, unchanged.

    Raises:
        ScaffoldError: the id has other characters.
    """
    valid = grammar.is_objective_id(value) if path else grammar.is_id(value)
    if not valid:
        if path:
            allowed = "letters, digits, '-' and '_' ('/' between folders)"
        else:
            allowed = "lowercase letters, digits, '-' and '_'"
        raise ScaffoldError(f"{what} {value!r} may only use {allowed}")
    return value


def slugify(text: str, *, max_length: int = 48) -> str:
    """A file-name stem from free text: accents folded, lowercase, ``-`` between words.

    Args:
        text: e.g. an objective statement.
        max_length: cut at a word boundary below this length.

    Returns:
        The slug; ``"objective"`` when nothing usable is left.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate[:max_length]
    return slug or "objective"


def resolve_objective(ref: str, ids: Collection[str]) -> str:
    """Resolve an objective reference as ``okrsite check`` does: full id or unique stem.

    Raises:
        ScaffoldError: unknown (with the closest names) or ambiguous (with the candidates).
    """
    try:
        return grammar.ObjectiveIndex(ids).resolve(ref)
    except grammar.UnresolvedReference as problem:
        raise ScaffoldError(str(problem)) from None


# --------------------------------------------------------------------- pages


def new_objective(
    *,
    statement: str,
    period: str,
    owner: str | Sequence[str],
    team: str | None = None,
    level: str | None = None,
    type: str | None = None,  # noqa: A002 - the front-matter key is named type
    parent: str | None = None,
    key_results: Sequence[str] = (),
    thresholds: Sequence[tuple[str, str, float]] = (),
) -> str:
    """The text of a new objective page.

    Without ``key_results`` the page gets two placeholder numeric key results
    (baseline 0, target 1, titles starting with ``TODO:``): valid, so the page
    passes ``okrsite check``, and obviously unfinished in review.

    Args:
        statement: the qualitative objective.
        period: ``YYYY-Qn``, ``YYYY-Hn`` or ``YYYY``.
        owner: the accountable person, or co-owners (the first leads).
        team: team id; none for a company-level objective.
        level: company, team or individual; omitted = the default for ``team``.
        type: aspirational or committed; omitted = aspirational.
        parent: objective reference this one aligns to.
        key_results: key-result titles; each becomes a numeric key result to fill in.
        thresholds: ``(title, "at_least" or "at_most", level)``: levels to hold.

    Returns:
        The page text (front matter and a body skeleton).

    Raises:
        ScaffoldError: a flag cannot make a valid page.
    """
    _require(statement, "--statement")
    owners = [owner] if isinstance(owner, str) else list(owner)
    if not owners:
        raise ScaffoldError("--owner must not be empty")
    for name in owners:
        _require(name, "--owner")
    if len(set(owners)) != len(owners):
        raise ScaffoldError("--owner names the same person twice")
    check_period(period)
    _check_choice(level, LEVELS, "--level")
    _check_choice(type, TYPES, "--type")
    if team is not None:
        check_id(team, "team id")
    if parent is not None:
        check_id(parent, "parent objective", path=True)
    titles = [title for title in key_results]
    for title in titles:
        _require(title, "--kr")
    for title, side, hold in thresholds:
        _require(title, f"--{side.replace('_', '-')}")
        if side not in ("at_least", "at_most") or not math.isfinite(hold):
            raise ScaffoldError(f"a threshold needs at_least or at_most and a number: {title!r}")

    default_level = "team" if team else "company"
    lines = [
        f"objective: {yaml_string(statement)}",
        f"period: {yaml_string(period)}",
        "owner: "
        + (
            yaml_string(owners[0])
            if len(owners) == 1
            else "[" + ", ".join(yaml_string(name) for name in owners) + "]"
        ),
    ]
    if team is not None:
        lines.append(f"team: {team}")
    else:
        lines.append(_hint("team: sales", "the team's id; none = a company-level objective"))
    lines.append(
        f"level: {level}"
        if level is not None
        else _hint(
            f"level: {default_level}", f"company, team or individual (default: {default_level})"
        )
    )
    lines.append(
        f"type: {type}"
        if type is not None
        else _hint("type: committed", "or aspirational (the default): 0.7 counts as success")
    )
    lines.append(
        f"parent: {parent}"
        if parent is not None
        else _hint(
            f"parent: {period}/growth", "the objective this one supports (id or unique stem)"
        )
    )
    lines.append("key_results:")
    for title in titles or ([] if thresholds else _PLACEHOLDER_KRS):
        lines += [
            f"  - title: {yaml_string(title)}",
            f"{'    baseline: 0':<27}# TODO: the value at the start of the period",
            f"{'    target: 1':<27}# TODO: the value that means fully achieved",
            "    " + _hint("unit: '%'", "shown next to the numbers", width=20),
            "    " + _hint("kpi: mrr", "a KPI that supplies the current value", width=20),
        ]
    for title, side, hold in thresholds:
        # A level to hold: no baseline, and met or not met rather than a progress bar.
        lines += [
            f"  - title: {yaml_string(title)}",
            f"    {side}: {yaml_number(hold)}",
            "    " + _hint("unit: '%'", "shown next to the numbers", width=20),
            "    " + _hint("kpi: mrr", "a KPI that supplies the current value", width=20),
        ]
    lines += [
        _hint("tags: [onboarding]", "free tags"),
        "# Record progress with: okrsite checkin <objective> --kr kr1=VALUE --confidence 0.7",
    ]
    return _page(lines, _BODY_OBJECTIVE)


def new_kpi(
    *,
    name: str,
    owner: str,
    team: str | None = None,
    unit: str | None = None,
    cadence: str | None = None,
    target: float | None = None,
    direction: str | None = None,
    warning: float | None = None,
    definition: str | None = None,
    source: str | None = None,
) -> str:
    """The text of a new KPI definition page.

    Missing essentials (definition, source, cadence, target) are written as
    commented hints rather than placeholders, so quality check Q106 keeps
    reminding the owner until they are filled in.

    Args:
        name: display name.
        owner: the person who watches it.
        team: team id.
        unit: e.g. ``USD``, ``%``.
        cadence: daily, weekly, monthly or quarterly.
        target: the healthy level.
        direction: higher or lower (which way is better).
        warning: edge of the amber band.
        definition: what is measured and how.
        source: where the numbers come from.

    Returns:
        The page text.

    Raises:
        ScaffoldError: a flag cannot make a valid page.
    """
    _require(name, "--name")
    _require(owner, "--owner")
    _check_choice(cadence, CADENCES, "--cadence")
    _check_choice(direction, DIRECTIONS, "--direction")
    if team is not None:
        check_id(team, "team id")
    for flag, number in (("--target", target), ("--warning", warning)):
        if number is not None and not math.isfinite(number):
            raise ScaffoldError(f"{flag} must be a finite number")
    lines = [f"name: {yaml_string(name)}", f"owner: {yaml_string(owner)}"]
    lines.append(f"team: {team}" if team else _hint("team: finance", "the team's id"))
    lines.append(
        f"definition: {yaml_string(definition)}"
        if definition
        else _hint("definition: ...", "what is measured and how it is calculated")
    )
    lines.append(
        f"source: {yaml_string(source)}"
        if source
        else _hint("source: ...", "where the numbers come from")
    )
    lines.append(
        f"cadence: {cadence}"
        if cadence
        else _hint("cadence: monthly", "daily, weekly, monthly or quarterly")
    )
    lines.append(
        f"target: {yaml_number(target)}"
        if target is not None
        else _hint("target: 100", "the level that counts as healthy")
    )
    lines.append(
        f"direction: {direction}"
        if direction
        else _hint("direction: lower", "when smaller is better (default: higher)")
    )
    lines.append(
        f"warning: {yaml_number(warning)}"
        if warning is not None
        else _hint("warning: 90", "edge of the amber band between target and red")
    )
    lines.append(
        f"unit: {yaml_string(unit)}" if unit else _hint("unit: USD", "shown next to the numbers")
    )
    body = (
        "\nHow to read this KPI and what to do when it goes red.\n\n"
        "The series is the CSV file beside this page with the same name "
        "(columns `date,value`).\n"
    )
    return _page(lines, body)


def new_team(
    *,
    name: str,
    parent: str | None = None,
    lead: str | None = None,
    mission: str | None = None,
    members: Sequence[str] = (),
) -> str:
    """The text of a new team page.

    Args:
        name: display name.
        parent: parent team id; none = reports to the company.
        lead: the team lead.
        mission: one line.
        members: people.

    Returns:
        The page text.

    Raises:
        ScaffoldError: a flag cannot make a valid page.
    """
    _require(name, "--name")
    if parent is not None:
        check_id(parent, "parent team id")
    lines = [f"name: {yaml_string(name)}"]
    lines.append(
        f"parent: {parent}"
        if parent
        else _hint("parent: engineering", "parent team id; none = reports to the company")
    )
    lines.append(
        f"lead: {yaml_string(lead)}" if lead else _hint("lead: Ana García", "the team lead")
    )
    if members:
        lines.append("members:")
        lines += [f"  - {yaml_string(member)}" for member in members]
    else:
        lines.append(_hint("members: [Ana, Bo]", "the people in the team"))
    lines.append(
        f"mission: {yaml_string(mission)}"
        if mission
        else _hint("mission: ...", "one line on why the team exists")
    )
    return _page(lines, "\nWhat the team does, how to reach it, how it works.\n")


# --------------------------------------------------------------------- helpers


def _stem(objective_id: str) -> str:
    return objective_id.rsplit("/", 1)[-1]


def _hint(example: str, why: str, *, width: int = 24) -> str:
    """A commented-out optional key with a short explanation, comments aligned."""
    return f"# {example:<{width}} # {why}"


def _require(value: str | None, flag: str) -> None:
    if value is None or not value.strip():
        raise ScaffoldError(f"{flag} must not be empty")


def _check_choice(value: str | None, choices: Iterable[str], flag: str) -> None:
    choices = tuple(choices)
    if value is not None and value not in choices:
        raise ScaffoldError(f"{flag} must be one of {', '.join(choices)}, not {value!r}")


def _page(front_matter_lines: Sequence[str], body: str) -> str:
    return "---\n" + "".join(f"{line}\n" for line in front_matter_lines) + "---\n" + body

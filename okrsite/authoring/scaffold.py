"""Page templates for ``okrsite new``: objectives, KPIs, teams, and carried-over objectives.

Each function returns the text of a new page whose front matter holds every
required key (so the page passes ``okrsite check``) and commented hints for
the optional ones, so authors discover them where they type. The functions are
pure: choosing the file name and refusing to overwrite is the CLI's job.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import yaml

from okrsite.authoring.checkin import CheckinError, split_front_matter, yaml_number, yaml_string

__all__ = [
    "CADENCES",
    "DIRECTIONS",
    "LEVELS",
    "TYPES",
    "ScaffoldError",
    "carry_over",
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

_PERIOD_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<kind>[QH])(?P<n>\d))?")
_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
_FOLDER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
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
    """Validate a period key (``YYYY-Qn``, ``YYYY-Hn`` or ``YYYY``).

    Args:
        period: the period as typed.

    Returns:
        The period, unchanged.

    Raises:
        ScaffoldError: it is not a period.
    """
    match = _PERIOD_RE.fullmatch(period)
    if (
        match is None
        or (match["kind"] == "Q" and not 1 <= int(match["n"]) <= 4)
        or (match["kind"] == "H" and not 1 <= int(match["n"]) <= 2)
    ):
        raise ScaffoldError(
            f"period {period!r} is not YYYY-Qn, YYYY-Hn or YYYY (e.g. 2026-Q4, 2026-H2, 2026)"
        )
    return period


def next_period(period: str) -> str:
    """The period that follows ``period``, of the same length.

    ``2026-Q3`` -> ``2026-Q4``, ``2026-Q4`` -> ``2027-Q1``, ``2026-H2`` ->
    ``2027-H1``, ``2026`` -> ``2027``.

    Args:
        period: a period key.

    Returns:
        The next period key.

    Raises:
        ScaffoldError: ``period`` is not a period key.
    """
    match = _PERIOD_RE.fullmatch(check_period(period))
    assert match is not None
    year = int(match["year"])
    if match["kind"] is None:
        return str(year + 1)
    count = 4 if match["kind"] == "Q" else 2
    n = int(match["n"])
    if n == count:
        return f"{year + 1}-{match['kind']}1"
    return f"{year}-{match['kind']}{n + 1}"


def check_id(value: str, what: str, *, path: bool = False) -> str:
    """Validate an id: lowercase letters, digits, ``-``, ``_`` (and ``/`` for objective paths).

    Args:
        value: the id as typed.
        what: what it names, for the message (``"team id"``).
        path: allow ``/``-separated segments (objective ids).

    Returns:
        The id, unchanged.

    Raises:
        ScaffoldError: the id has other characters.
    """
    parts = value.split("/") if path else [value]
    # Folders may be period names such as 2026-Q4; the file stem is lowercase.
    folders_ok = all(_FOLDER_RE.fullmatch(part) for part in parts[:-1])
    if not folders_ok or not _ID_RE.fullmatch(parts[-1]):
        allowed = "lowercase letters, digits, '-' and '_'" + (
            " ('/' between folders)" if path else ""
        )
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
    """Resolve an objective reference: a full id, or a bare stem unique among ``ids``.

    Args:
        ref: the reference as written.
        ids: all objective ids of the portal.

    Returns:
        The full objective id.

    Raises:
        ScaffoldError: unknown (with the closest names) or ambiguous (with the candidates).
    """
    if ref in ids:
        return ref
    stem = ref.rsplit("/", 1)[-1]
    candidates = sorted(i for i in ids if i.rsplit("/", 1)[-1] == stem and "/" not in ref)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise ScaffoldError(f"objective {ref!r} is ambiguous; use one of: {', '.join(candidates)}")
    close = difflib.get_close_matches(ref, sorted(ids), n=3, cutoff=0.6)
    by_stem: dict[str, list[str]] = {}
    for objective_id in sorted(ids):
        by_stem.setdefault(_stem(objective_id), []).append(objective_id)
    for similar in difflib.get_close_matches(stem, sorted(by_stem), n=3, cutoff=0.6):
        close += [i for i in by_stem[similar] if i not in close]
    close = close[:5]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ScaffoldError(f"no objective {ref!r}{hint}")


# --------------------------------------------------------------------- pages


def new_objective(
    *,
    statement: str,
    period: str,
    owner: str,
    team: str | None = None,
    level: str | None = None,
    type: str | None = None,  # noqa: A002 - the front-matter key is named type
    parent: str | None = None,
    key_results: Sequence[str] = (),
) -> str:
    """The text of a new objective page.

    Without ``key_results`` the page gets two placeholder numeric key results
    (baseline 0, target 1, titles starting with ``TODO:``): valid, so the page
    passes ``okrsite check``, and obviously unfinished in review.

    Args:
        statement: the qualitative objective.
        period: ``YYYY-Qn``, ``YYYY-Hn`` or ``YYYY``.
        owner: the accountable person.
        team: team id; none for a company-level objective.
        level: company, team or individual; omitted = the default for ``team``.
        type: aspirational or committed; omitted = aspirational.
        parent: objective reference this one aligns to.
        key_results: key-result titles; each becomes a numeric key result to fill in.

    Returns:
        The page text (front matter and a body skeleton).

    Raises:
        ScaffoldError: a flag cannot make a valid page.
    """
    _require(statement, "--statement")
    _require(owner, "--owner")
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

    default_level = "team" if team else "company"
    lines = [
        f"objective: {yaml_string(statement)}",
        f"period: {yaml_string(period)}",
        f"owner: {yaml_string(owner)}",
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
    for title in titles or _PLACEHOLDER_KRS:
        lines += [
            f"  - title: {yaml_string(title)}",
            f"{'    baseline: 0':<27}# TODO: the value at the start of the period",
            f"{'    target: 1':<27}# TODO: the value that means fully achieved",
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


# ----------------------------------------------------------------- carry-over


def carry_over(
    objective_text: str,
    *,
    old_id: str,
    new_period: str,
    objective_ids: Collection[str] = (),
    kpi_values: Mapping[str, float] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """A new objective page that continues ``old_id`` in ``new_period``.

    Statement, owner, team, level, type, tags, lint_ignore, key results and the
    body are copied. Check-ins are not: the new period starts clean. Each
    numeric key result starts where the old one ended: its new ``baseline`` is
    the old latest value (``current``, else the latest check-in value, else
    ``kpi_values[kpi]`` for a KPI-linked result, else the old baseline) and
    its target is unchanged. When the old result already reached or passed its
    target, that baseline would turn the key result around (or equal the
    target, error E011), so the old baseline is kept and a comment asks for a
    new target. Milestones keep their latest ``done`` state.

    References to objectives of the old period (``parent``, aligned key
    results) are moved to the objective with the same path in the new period
    when it exists. Otherwise the parent is written as a comment (the old
    parent belongs to the old period) and an aligned key result keeps its old
    reference with a comment asking to update it.

    Args:
        objective_text: the old page.
        old_id: the old objective's id (for the comments).
        new_period: the period of the new page.
        objective_ids: all objective ids of the portal, to resolve references.
        kpi_values: latest value of each KPI by id, for KPI-linked key results.
        overrides: new values for top-level keys (``objective``, ``owner``,
            ``team``, ``level``, ``type``, ``parent``), written as given.

    Returns:
        The new page text.

    Raises:
        ScaffoldError: the old page is not an objective that can be carried over.
    """
    check_period(new_period)
    try:
        front = split_front_matter(objective_text)
    except CheckinError as exc:
        raise ScaffoldError(f"{old_id}: {exc}") from None
    try:
        old = yaml.safe_load(front.text)
    except yaml.YAMLError:
        old = None
    if not isinstance(old, dict) or not isinstance(old.get("key_results"), list):
        raise ScaffoldError(
            f"{old_id} is not an objective page with key_results; fix it (okrsite check) first"
        )
    old_period = str(old.get("period", ""))
    overrides = dict(overrides or {})
    for key in overrides:
        if key in ("key_results", "checkins", "period"):
            raise ScaffoldError(f"carry_over cannot override {key!r}")
    # Keys the old page lacks go before key_results, where an author would put them.
    missing = {key: value for key, value in overrides.items() if key not in old}
    merged: dict[str, Any] = {}
    for key, value in old.items():
        if key == "key_results":
            merged.update(missing)
        merged[key] = value
    old = merged
    latest = _latest_checkin_values(old.get("checkins"))
    kpi_values = kpi_values or {}
    ids = set(objective_ids)

    lines = [f"# Carried over from {old_id} ({old_period}): baselines are where it ended."]
    expected: dict[str, Any] = {}
    for key, value in old.items():
        if key in ("checkins", "period"):
            continue
        if key in overrides:
            value = overrides[key]
        elif key == "parent":
            moved = _counterpart(str(value), old_period, new_period, ids)
            if moved is None:
                lines.append(
                    f"# parent: {value}  # in {old_period}; set the objective of "
                    f"{new_period} this one supports"
                )
                continue
            value = moved
        if key == "key_results":
            lines.append("key_results:")
            krs = []
            for position, kr in enumerate(value, start=1):
                new_kr, kr_lines = _carry_kr(
                    kr, position, latest, kpi_values, old_period, new_period, ids
                )
                krs.append(new_kr)
                lines += kr_lines
            expected[key] = krs
            continue
        lines.append(f"{_key(key)}: {_flow(value)}")
        expected[key] = value
        if key == "objective":
            lines.append(f"period: {yaml_string(new_period)}")
            expected["period"] = new_period
    if "period" not in expected:
        lines.append(f"period: {yaml_string(new_period)}")
        expected["period"] = new_period

    page = _page(lines, _body_of(objective_text, front.end))
    # The page is built by hand; make sure it says what we meant.
    parsed = yaml.safe_load(split_front_matter(page).text)
    if parsed != expected:  # pragma: no cover - guards the rendering above
        raise ScaffoldError(f"could not carry {old_id} over safely; copy the page by hand")
    return page


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


def _body_of(text: str, front_end: int) -> str:
    """The body after the closing front-matter line, line endings normalised to LF."""
    rest = text[front_end:]
    _, _, body = rest.partition("\n")
    return body.replace("\r\n", "\n")


def _key(key: Any) -> str:
    text = str(key)
    return text if re.fullmatch(r"[A-Za-z_][\w-]*", text) else yaml_string(text)


def _flow(value: Any) -> str:
    """One-line YAML for a value of the old page (scalars, lists, mappings)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return yaml_number(value) if math.isfinite(value) else _dump(value)
    if isinstance(value, str):
        return yaml_string(value)
    if isinstance(value, list) and all(
        isinstance(item, str | bool | int | float) or item is None for item in value
    ):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return _dump(value)


def _dump(value: Any) -> str:
    return (
        yaml.safe_dump(
            value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**9
        )
        .strip()
        .removesuffix("...")
        .strip()
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _latest_checkin_values(checkins: Any) -> dict[str, Any]:
    """Latest value per KR id over the check-ins (by date; later in the list wins ties)."""
    if not isinstance(checkins, list):
        return {}
    dated: list[tuple[str, int, dict[Any, Any]]] = [
        (str(item.get("date")), position, item["values"])
        for position, item in enumerate(checkins)
        if isinstance(item, dict) and isinstance(item.get("values"), dict)
    ]
    latest: dict[str, Any] = {}
    for _date, _position, values in sorted(dated, key=lambda entry: (entry[0], entry[1])):
        for kr_id, value in values.items():
            latest[str(kr_id)] = value
    return latest


def _counterpart(ref: str, old_period: str, new_period: str, ids: Collection[str]) -> str | None:
    """The objective with ``ref``'s path in the new period, if the portal has one."""
    try:
        full = resolve_objective(ref, ids)
    except ScaffoldError:
        # A bare stem may have become ambiguous since the old page was written
        # (the new period may already hold one); the old period's one is meant.
        same_period = [
            i for i in ids if _stem(i) == ref and old_period in i.split("/") and "/" not in ref
        ]
        if len(same_period) != 1:
            return None
        full = same_period[0]
    parts = full.split("/")
    if old_period not in parts:
        return None
    moved = "/".join(new_period if part == old_period else part for part in parts)
    return moved if moved in ids else None


def _carry_kr(
    kr: Any,
    position: int,
    latest: Mapping[str, Any],
    kpi_values: Mapping[str, float],
    old_period: str,
    new_period: str,
    ids: Collection[str],
) -> tuple[Any, list[str]]:
    """One key result of the carried-over page: (expected data, YAML lines)."""
    if not isinstance(kr, dict):
        return kr, [f"  - {_flow(kr)}"]
    kr_id = str(kr["id"]) if kr.get("id") is not None else f"kr{position}"
    new: dict[str, Any] = {}
    comments: dict[str, str] = {}
    for key, value in kr.items():
        if key in ("current", "score"):
            continue  # the old period's state and grade, not the new one's
        new[key] = value
    if "done" in kr:
        done = latest.get(kr_id, kr["done"])
        if isinstance(done, bool):
            new["done"] = done
            if done:
                comments["done"] = f"done in {old_period}: drop it or replace it"
    elif "objective" in kr:
        moved = _counterpart(str(kr["objective"]), old_period, new_period, ids)
        if moved is not None:
            new["objective"] = moved
        else:
            comments["objective"] = f"still the {old_period} objective: point it at {new_period}'s"
    else:
        baseline = _number(kr.get("baseline", 0))
        target = _number(kr.get("target"))
        end = _number(kr.get("current"))
        if end is None:
            end = _number(latest.get(kr_id))
        if end is None and kr.get("kpi") is not None:
            end = _number(kpi_values.get(str(kr["kpi"])))
        if end is not None and baseline is not None and target is not None and target != baseline:
            progress = (end - baseline) / (target - baseline)
            if progress >= 1:
                comments["target"] = (
                    f"reached in {old_period} ({yaml_number(end)}): set a new target"
                )
            elif end != baseline:
                new["baseline"] = int(end) if float(end).is_integer() else end
                if "baseline" not in kr:
                    # Keep the usual key order: baseline before target.
                    new = _move_before(new, "baseline", "target")
    lines = []
    for index, (key, value) in enumerate(new.items()):
        prefix = "  - " if index == 0 else "    "
        comment = f"  # {comments[key]}" if key in comments else ""
        lines.append(f"{prefix}{_key(key)}: {_flow(value)}{comment}")
    if not new:
        lines.append("  - {}")
    return new, lines


def _move_before(mapping: dict[str, Any], key: str, before: str) -> dict[str, Any]:
    if before not in mapping:
        return mapping
    value = mapping.pop(key)
    result: dict[str, Any] = {}
    for name, item in mapping.items():
        if name == before:
            result[key] = value
        result[name] = item
    return result

"""``okrsite new objective --from OLD``: an objective carried over to the next period.

The old page is read with the same reader as ``okrsite check``
(:func:`okrsite.source.load.parse_page`); the new one is written line by line
and read back the same way to make sure it says what was meant.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from typing import Any

import yaml

from ..source.load import parse_page
from .scaffold import ScaffoldError, _page, check_period, resolve_objective
from .yamltext import yaml_number, yaml_string

__all__ = ["carry_over"]


def carry_over(
    objective_text: str,
    *,
    old_id: str,
    new_period: str,
    objective_ids: Collection[str] = (),
    kpi_values: Mapping[str, float] | None = None,
    overrides: Mapping[str, str | list[str]] | None = None,
) -> str:
    """A new objective page that continues ``old_id`` in ``new_period``.

    Statement, owner, team, level, type, tags, lint_ignore, key results and the
    body are copied. Check-ins and the ``review`` are not: the new period starts
    clean, and the old period's closing note stays with the old page. Each
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
    source = parse_page(objective_text, old_id)
    if source.front is None:
        problem = source.findings[0].message if source.findings else "no front matter"
        raise ScaffoldError(f"{old_id}: {problem}")
    old = source.front.plain()
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
        if key in ("checkins", "period", "review"):
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

    page = _page(lines, source.body.replace("\r\n", "\n"))
    # The page is built by hand; make sure it reads back as what we meant.
    written = parse_page(page, old_id).front
    if written is None or written.plain() != expected:  # pragma: no cover - a guard
        raise ScaffoldError(f"could not carry {old_id} over safely; copy the page by hand")
    return page


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
            i
            for i in ids
            if i.rsplit("/", 1)[-1] == ref and old_period in i.split("/") and "/" not in ref
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

"""Raw records -> model + findings (E codes).

Every check of every page runs and every problem is reported; nothing raises on
bad input. Invalid values are left out of the model (with an error), so later
stages can still run and report what they can.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ..codes import LINT_CODES, LINT_RANGE
from ..grammar import is_id, period_problem
from ..model import Finding
from ..schema import (
    Field,
)
from ..source.load import Node

# ASCII digits only: \d alone also matches full-width and other scripts' digits, which
# float() would read and a reader of the file would not take for a plain number.
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_MONTH = re.compile(r"^\d{4}-\d{2}$", re.ASCII)
_MISSING = object()


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to ``word`` (case-insensitive), if any is close."""
    pool = sorted(set(choices))
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def parse_number(text: str) -> float | None:
    """A plain decimal number (``1234.5``, ``-3``, ``1e6``), or None."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _too_large(value: int | float) -> bool:
    """An integer beyond what a float holds (YAML reads 10**400 as an int)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    try:
        return not math.isfinite(float(value))
    except OverflowError:
        return True


def parse_day(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class Reporter:
    """Collects the findings of one file."""

    def __init__(self, path: str, sink: list[Finding]) -> None:
        self.path = path
        self.sink = sink

    def error(self, code: str, at: tuple[int, int], message: str) -> None:
        self.sink.append(Finding(code=code, path=self.path, line=at[0], col=at[1], message=message))


def _describe(node: Node) -> str:
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    if node.value is None:
        return "nothing"
    raw = node.raw if len(node.raw) <= 60 else node.raw[:57] + "..."
    return f"'{raw}'"


def _text(node: Node) -> str | None:
    """A scalar's text as the user wrote it (``2026`` stays ``2026``, not ``2026.0``)."""
    if node.kind != "scalar" or node.value is None:
        return None
    return node.value if node.quoted or isinstance(node.value, str) else node.raw


_TEXT_TYPES = frozenset(("text", "name", "path", "id", "ref"))
_STRIPPED_TYPES = frozenset(("id", "ref", "path"))
_KEPT_TYPES = frozenset(("text", "name"))  # text kept as written, not stripped
_NUMERIC = (int, float)


def _bad(node: Node, rep: Reporter, message: str) -> Any:
    rep.error("E004", (node.line, node.col), message)
    return _MISSING


def convert(node: Node, spec: Field, what: str, rep: Reporter) -> Any:
    """Check one value against its field; returns the value or _MISSING after an E004."""
    # The common types come first and name the field only in a message: a big portal
    # converts ~400,000 values, nearly all of them good.
    kind = spec.type
    if kind in _TEXT_TYPES:
        text = _text(node)
        if text is None or not text.strip():
            return _bad(node, rep, f"'{spec.name}' of {what} must be text, got {_describe(node)}")
        if kind == "id" and spec.name == "id" and not is_id(text):
            return _bad(
                node,
                rep,
                f"'{spec.name}' of {what} '{text}' is not a valid id: use lowercase letters, "
                "digits, - and _",
            )
        return text.strip() if kind in _STRIPPED_TYPES else text
    if kind == "number":
        value = node.value
        if node.kind == "scalar" and not node.quoted and isinstance(value, str):
            value = parse_number(value)
        if isinstance(value, bool) or not isinstance(value, _NUMERIC):
            return _bad(
                node, rep, f"'{spec.name}' of {what} must be a number, got {_describe(node)}"
            )
        if _too_large(value):
            return _bad(
                node,
                rep,
                f"'{spec.name}' of {what} is too large a number, got {_describe(node)}",
            )
        if not math.isfinite(value):
            return _bad(
                node,
                rep,
                f"'{spec.name}' of {what} must be a finite number, got {_describe(node)}",
            )
        value = float(value)
        if spec.minimum is not None and (
            value < spec.minimum or (spec.exclusive_minimum and value == spec.minimum)
        ):
            low = "greater than" if spec.exclusive_minimum else "at least"
            return _bad(
                node, rep, f"'{spec.name}' of {what} must be {low} {spec.minimum:g}, got {value:g}"
            )
        if spec.maximum is not None and value > spec.maximum:
            return _bad(
                node,
                rep,
                f"'{spec.name}' of {what} must be at most {spec.maximum:g}, got {value:g}",
            )
        return value
    return _convert_other(node, spec, f"'{spec.name}' of {what}", rep)


def _convert_other(node: Node, spec: Field, name: str, rep: Reporter) -> Any:
    """:func:`convert` for the less common types; ``name`` says which field of what."""

    def bad(message: str) -> Any:
        return _bad(node, rep, message)

    if spec.type == "bool":
        if not isinstance(node.value, bool) or node.quoted:
            return bad(f"{name} must be true or false, got {_describe(node)}")
        return node.value
    if spec.type == "date":
        text = _text(node)
        day = parse_day(text) if text else None
        if day is None:
            return bad(f"{name} must be a real date written YYYY-MM-DD, got {_describe(node)}")
        return day
    if spec.type == "period":
        text = _text(node)
        if text is None or period_problem(text) == "shape":
            return bad(
                f"{name} must be YYYY-Qn, YYYY-Hn or YYYY (e.g. 2026-Q4), got {_describe(node)}"
            )
        return text
    if spec.type == "enum":
        text = _text(node)
        if text not in spec.choices:
            hint = suggest(text or "", spec.choices)
            did = f"; did you mean '{hint}'?" if hint else ""
            return bad(
                f"{name} must be one of {', '.join(spec.choices)}, got {_describe(node)}{did}"
            )
        return text
    if spec.type == "owners":
        return _owners(node, name, rep)
    if spec.type in ("names", "codes"):
        if node.kind != "seq":
            return bad(f"{name} must be a list, got {_describe(node)}")
        items: list[str] = []
        for item in node.value:
            text = _text(item)
            if text is None:
                rep.error("E004", (item.line, item.col), f"items of {name} must be text")
                continue
            if spec.type == "codes" and text not in LINT_CODES:
                rep.error(
                    "E004",
                    (item.line, item.col),
                    f"'{text}' in {name} is not a check code ({LINT_RANGE})",
                )
                continue
            items.append(text)
        return tuple(items)
    if spec.type == "values":
        if node.kind != "map":
            return bad(f"{name} must map key-result ids to numbers or true/false")
        values: dict[str, tuple[float | bool, Node]] = {}
        for key, item in node.value.items():
            if item.kind == "refused":
                continue
            value = item.value
            if item.kind == "scalar" and not item.quoted and isinstance(value, str):
                value = parse_number(value)
            if item.kind != "scalar" or item.quoted or not isinstance(value, int | float | bool):
                rep.error(
                    "E004",
                    item.at,
                    f"value for '{key}' in {name} must be a number or true/false, "
                    f"got {_describe(item)}",
                )
                continue
            if not isinstance(value, bool) and (_too_large(value) or not math.isfinite(value)):
                rep.error("E004", item.at, f"value for '{key}' in {name} must be finite")
                continue
            values[str(key)] = (value if isinstance(value, bool) else float(value), item)
        return values
    if spec.type in ("krs", "checkins"):
        if node.kind != "seq":
            return bad(f"{name} must be a list of entries, got {_describe(node)}")
        if spec.type == "krs" and not node.value:
            return bad(f"{name} needs at least one key result")
        return node.value
    raise AssertionError(spec.type)  # pragma: no cover


def _owners(node: Node, name: str, rep: Reporter) -> Any:
    """One owner, or a list of co-owners (the first leads): a tuple of names, or _MISSING."""
    if node.kind == "scalar":
        text = _text(node)
        if text is None or not text.strip():
            rep.error("E004", (node.line, node.col), f"{name} must be text, got {_describe(node)}")
            return _MISSING
        return (text,)
    if node.kind != "seq" or not node.value:
        rep.error(
            "E004",
            (node.line, node.col),
            f"{name} must be a person or a list of people, got {_describe(node)}",
        )
        return _MISSING
    owners: list[str] = []
    for item in node.value:
        text = _text(item)
        if text is None or not text.strip():
            rep.error("E004", (item.line, item.col), f"items of {name} must be names of people")
        elif text in owners:
            rep.error("E004", (item.line, item.col), f"{name} lists '{text}' twice")
        else:
            owners.append(text)
    return tuple(owners) if owners else _MISSING


#: Said after "key 'x' does not apply to a <kind> key result", so the user sees why.
_KIND_HINTS = {
    "threshold": " (its level is at_least or at_most, and it has no baseline)",
}


def check_record(
    node: Node,
    fields: tuple[Field, ...] | Record,
    what: str,
    rep: Reporter,
    *,
    kind: str | None = None,
    at: tuple[int, int] | None = None,
) -> tuple[dict[str, Any], dict[str, Node]]:
    """Check a mapping against its fields: E002 unknown, E003 missing, E004 bad values."""
    if node.kind != "map":
        rep.error("E004", (node.line, node.col), f"{what} must be a mapping of keys")
        return {}, {}
    record = fields if isinstance(fields, Record) else Record(fields)
    allowed, everything = record.allowed(kind), record.everything
    values: dict[str, Any] = {}
    nodes: dict[str, Node] = {}
    for key, child in node.value.items():
        spec = allowed.get(key)
        if spec is None:
            if key in everything:
                rep.error(
                    "E002",
                    child.at,
                    f"key '{key}' does not apply to {'an' if kind == 'aligned' else 'a'} "
                    f"{kind} key result{_KIND_HINTS.get(kind or '', '')}; remove it",
                )
            else:
                # A misspelt key of another kind ('at_leats' in what then reads as a
                # numeric key result) is still worth naming.
                hint = suggest(key, allowed) or (suggest(key, everything) if kind else None)
                tail = f"; did you mean '{hint}'?" if hint else f"; allowed: {', '.join(allowed)}"
                rep.error("E002", child.at, f"unknown key '{key}' in {what}{tail}")
            continue
        nodes[key] = child
        if child.kind == "refused":
            continue  # the loader reported it (E001)
        value = child.value
        if child.kind == "scalar":
            if value is None:
                if not spec.required:
                    continue  # an empty optional key is the same as an absent one
            elif type(value) is str and spec.type in _KEPT_TYPES and value.strip():
                values[key] = value  # what convert gives text that needs no check: itself
                continue
        value = convert(child, spec, what, rep)
        if value is not _MISSING:
            values[key] = value
    present = node.value
    for name in record.required(kind):
        if name not in present:
            where = at or (node.line, node.col)
            rep.error("E003", where, f"missing required key '{name}' in {what}")
    return values, nodes


class Record:
    """A table of fields, with what a record of each kind may hold worked out once.

    A big portal checks ~100,000 records against five tables; a
    :class:`~okrsite.schema.Field` hashes slowly, so the tables are prepared
    here, once, rather than looked up per record.
    """

    __slots__ = ("_by_kind", "_required", "everything", "fields")

    def __init__(self, fields: tuple[Field, ...]) -> None:
        self.fields = fields
        self.everything = frozenset(f.name for f in fields)
        self._by_kind: dict[str | None, dict[str, Field]] = {}
        self._required: dict[str | None, tuple[str, ...]] = {}

    def required(self, kind: str | None) -> tuple[str, ...]:
        """The names of the required fields a record of ``kind`` may have, in order."""
        found = self._required.get(kind)
        if found is None:
            found = tuple(f.name for f in self.allowed(kind).values() if f.required)
            self._required[kind] = found
        return found

    def allowed(self, kind: str | None) -> dict[str, Field]:
        """The fields a record of ``kind`` may have, by name (all of them for None)."""
        found = self._by_kind.get(kind)
        if found is None:
            found = {f.name: f for f in self.fields if kind is None or kind in f.kinds}
            self._by_kind[kind] = found
        return found


def _lines(nodes: Mapping[str, Node]) -> dict[str, int]:
    # node.at[0], without making the pair: the line of the key, else of the value
    return {key: node.key_line or node.line for key, node in nodes.items()}

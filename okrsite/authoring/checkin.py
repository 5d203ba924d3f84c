"""Append a check-in to an objective page without touching any other byte.

People edit goal pages by hand and review them in pull requests, so a tool that
rewrites the whole front matter (reordering keys, dropping comments, changing
quotes or line endings) would bury the one real change in noise. This module
edits the text instead: it locates the ``checkins:`` list with PyYAML's node
positions, renders one new list item in the file's own indentation style and
inserts it after the last existing item (or appends a new ``checkins:`` key at
the end of the front matter).

Every edit is verified afterwards: the old and the new front matter are parsed
and the new one must equal the old one plus exactly the appended check-in.
Anything the module cannot edit safely is refused with a :class:`CheckinError`
that says what to do, and the file is left alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

import yaml

from ..source.frontmatter import FrontMatter, find_front_matter
from ..writes import rewrite_locked
from .yamltext import loads as _loads
from .yamltext import yaml_number, yaml_string

__all__ = [
    "CheckinError",
    "FrontMatter",
    "append_checkin",
    "checkin_file",
    "key_result_ids",
    "split_front_matter",
    "yaml_number",
    "yaml_string",
]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NULL_TAG = "tag:yaml.org,2002:null"


class CheckinError(ValueError):
    """A check-in that cannot be appended safely. The message says what to do."""


def split_front_matter(text: str) -> FrontMatter:
    """Locate the front matter of a page (see :func:`okrsite.source.frontmatter.find_front_matter`).

    Args:
        text: the whole page.

    Returns:
        The position and text of the front matter.

    Raises:
        CheckinError: the page has no (closed) front matter.
    """
    found = find_front_matter(text)
    if found == "missing":
        raise CheckinError(
            "the page has no front matter: its first line must be '---'; "
            "fix the page (okrsite check shows the problems) and run again"
        )
    if found == "unclosed":
        raise CheckinError(
            "the front matter is not closed: add a line '---' after it and run again"
        )
    return found


def key_result_ids(front_matter: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The key results of an objective by id (``kr1``, ``kr2``... when ``id`` is absent).

    Args:
        front_matter: the parsed front matter of an objective page.

    Returns:
        The raw key-result mappings keyed by id, in page order.

    Raises:
        CheckinError: ``key_results`` is missing or malformed.
    """
    items = front_matter.get("key_results")
    if not isinstance(items, list) or not items:
        raise CheckinError(
            "the page has no key_results list; is it an objective page? "
            "Run okrsite check to see what is wrong with it"
        )
    result: dict[str, Mapping[str, Any]] = {}
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise CheckinError(
                f"key result {position} is not a mapping; fix the page "
                "(okrsite check shows the problems) and run again"
            )
        raw_id = item.get("id")
        kr_id = f"kr{position}" if raw_id is None else str(raw_id)
        result[kr_id] = item
    return result


def append_checkin(
    text: str,
    *,
    date: str,
    values: Mapping[str, float | bool],
    confidence: float | None = None,
    note: str | None = None,
    by: str | None = None,
) -> str:
    """Append one check-in to an objective page, changing no other character.

    Args:
        text: the whole page (front matter and body), as read from the file; a
            leading BOM and CRLF line endings are kept.
        date: the check-in date, ``YYYY-MM-DD``.
        values: new values by key-result id: numbers for numeric and threshold key
            results, ``True``/``False`` for milestones.
        confidence: the owner's confidence, 0..1.
        note: a Markdown note.
        by: who checks in.

    Returns:
        The new page text.

    Raises:
        CheckinError: the input is invalid or the page cannot be edited safely;
            the message says what to do.
    """
    _check_date(date)
    if confidence is not None:
        if isinstance(confidence, bool) or not isinstance(confidence, int | float):
            raise CheckinError("confidence must be a number between 0 and 1")
        if not (math.isfinite(confidence) and 0 <= confidence <= 1):
            raise CheckinError(f"confidence {confidence:g} is outside 0..1; give e.g. 0.7 for 70 %")
    if not values and confidence is None and note is None:
        raise CheckinError("nothing to check in: give at least one value, a confidence or a note")

    front = split_front_matter(text)
    old_data, root = _parse(front.text)
    krs = key_result_ids(old_data)
    ordered_values = _check_values(values, krs)

    item: dict[str, Any] = {"date": Date.fromisoformat(date)}
    if ordered_values:
        item["values"] = ordered_values
    if confidence is not None:
        item["confidence"] = confidence
    if by is not None:
        item["by"] = by
    if note is not None:
        item["note"] = note

    newline = _newline(text)
    insert_at, layout = _plan(front.text, root)
    block = _render_item(item, layout, newline)
    if layout.new_key is not None:
        block = layout.new_key + newline + block
    new_fm = front.text[:insert_at] + block + front.text[insert_at:]
    new_fm = _remove_empty_value(front.text, root, new_fm)

    new_text = text[: front.start] + new_fm + text[front.end :]
    _verify(old_data, new_fm, item)
    return new_text


def checkin_file(
    path: Path,
    *,
    date: str,
    values: Mapping[str, float | bool],
    confidence: float | None = None,
    note: str | None = None,
    by: str | None = None,
) -> str:
    """Append a check-in to the objective page at ``path``, in place.

    The file is read and written as bytes, so its encoding (UTF-8, with or
    without BOM) and line endings are preserved; the read-modify-write holds a
    lock on the folder (concurrent check-ins all land) and the write is atomic (a
    temporary file renamed over the original) and keeps the file's mode.

    Args:
        path: the objective page.
        date: the check-in date, ``YYYY-MM-DD``.
        values: new values by key-result id.
        confidence: the owner's confidence, 0..1.
        note: a Markdown note.
        by: who checks in.

    Returns:
        The new page text.

    Raises:
        CheckinError: the file cannot be edited safely.
        OSError: the file cannot be read or written.
    """
    result: list[str] = []

    def change(raw: bytes) -> bytes:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CheckinError(
                f"{path} is not UTF-8 (byte {exc.start}); save it as UTF-8 and run again"
            ) from None
        result.append(
            append_checkin(text, date=date, values=values, confidence=confidence, note=note, by=by)
        )
        return result[-1].encode("utf-8")

    if not path.is_file():
        raise FileNotFoundError(path)
    rewrite_locked(path, change)
    new_text = result[-1]
    return new_text


# --------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class _Layout:
    """How the new list item is indented, and the ``checkins:`` line if it must be added."""

    dash: int
    content: int
    nested: int
    new_key: str | None = None


def _check_date(value: str) -> None:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise CheckinError(f"date {value!r} is not YYYY-MM-DD; write e.g. 2026-11-15")
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise CheckinError(f"date {value} does not exist; check the day and month") from None


def _check_values(
    values: Mapping[str, float | bool], krs: Mapping[str, Mapping[str, Any]]
) -> dict[str, float | bool]:
    """Validate the values against the key results; return them in page order."""
    known = ", ".join(krs)
    for kr_id, value in values.items():
        kr = krs.get(kr_id)
        if kr is None:
            raise CheckinError(
                f"no key result {kr_id!r} in this objective; its key results are: {known}"
            )
        if "done" in kr:
            if not isinstance(value, bool):
                raise CheckinError(
                    f"key result {kr_id} is a milestone: give true or false, not {value!r}"
                )
        elif "objective" in kr:
            raise CheckinError(
                f"key result {kr_id} takes its score from objective {kr['objective']!r}; "
                "check in on that objective instead"
            )
        elif isinstance(value, bool) or not isinstance(value, int | float):
            kind = "a threshold" if "at_least" in kr or "at_most" in kr else "numeric"
            raise CheckinError(f"key result {kr_id} is {kind}: give a number, not {value!r}")
        elif not math.isfinite(value):
            raise CheckinError(f"key result {kr_id}: {value!r} is not a finite number")
    return {kr_id: values[kr_id] for kr_id in krs if kr_id in values}


def _parse(front_matter: str) -> tuple[dict[str, Any], yaml.MappingNode]:
    """Parse the front matter both as data and as a node tree (for positions)."""
    try:
        data = yaml.safe_load(front_matter)
        root = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (front matter line {mark.line + 1})" if mark is not None else ""
        raise CheckinError(
            f"the front matter is not valid YAML{where}; fix it (okrsite check) and run again"
        ) from None
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise CheckinError("the front matter is not a mapping of keys; is this an objective page?")
    if root.flow_style:
        raise CheckinError(
            "the front matter is written as one {...} flow mapping; write one key per "
            "line and run again"
        )
    return data, root


def _newline(text: str) -> str:
    match = _LINE_BREAK.search(text)
    return match.group() if match else "\n"


def _find_key(root: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    found = [(k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == name]
    if len(found) > 1:
        raise CheckinError(
            f"the front matter has {len(found)} '{name}' keys; merge them into one and run again"
        )
    return found[0] if found else None


def _line_end(text: str, index: int) -> int:
    """Index just after the line break that ends the line containing ``index``."""
    if index > 0 and text[index - 1] in "\r\n":
        return index  # already at the start of a line
    match = _LINE_BREAK.search(text, index)
    return match.end() if match else len(text)


def _last_content_end(node: yaml.Node) -> int:
    """End index of the last character that belongs to ``node``'s content.

    Block collections end where the next token starts (after trailing comments
    and blank lines), so descend to the last leaf or flow collection instead.
    """
    while (
        isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        and not node.flow_style
        and node.value
    ):
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


def _sequence_offset(key: yaml.Node, value: yaml.Node) -> tuple[int, int] | None:
    """(dash offset from the key, content offset from the dash) of a block sequence."""
    if not isinstance(value, yaml.SequenceNode) or value.flow_style or not value.value:
        return None
    dash = value.start_mark.column - key.start_mark.column
    first = value.value[0]
    content = (
        first.start_mark.column - value.start_mark.column
        if first.start_mark.line == value.start_mark.line
        else 2
    )
    return dash, max(content, 2)


def _nested_step(sequence: yaml.SequenceNode) -> int:
    """Indentation step of ``values:`` mappings in the existing check-ins (default 2)."""
    for item in sequence.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        for key, value in item.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value == "values"
                and isinstance(value, yaml.MappingNode)
                and not value.flow_style
                and value.start_mark.line > key.start_mark.line
            ):
                return max(value.start_mark.column - key.start_mark.column, 1)
    return 2


def _plan(front_matter: str, root: yaml.MappingNode) -> tuple[int, _Layout]:
    """Where to insert the new item, and how to indent it."""
    key_col = root.value[0][0].start_mark.column if root.value else 0
    default_dash, default_content = 2, 2
    krs = _find_key(root, "key_results")
    if krs is not None:
        offsets = _sequence_offset(*krs)
        if offsets is not None:
            default_dash, default_content = offsets

    found = _find_key(root, "checkins")
    if found is None:
        # No checkins key: add one at the end of the front matter.
        layout = _Layout(
            dash=key_col + default_dash,
            content=key_col + default_dash + default_content,
            nested=2,
            new_key=" " * key_col + "checkins:",
        )
        at = len(front_matter)
        return at, layout

    key, value = found
    if value.start_mark.index < key.end_mark.index:
        raise CheckinError(
            "checkins refers to a YAML anchor defined elsewhere (*alias); "
            "write the list out under checkins: and run again"
        )
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        dash = value.start_mark.column
        offsets = _sequence_offset(key, value)
        assert offsets is not None
        layout = _Layout(dash=dash, content=dash + offsets[1], nested=_nested_step(value))
        at = _line_end(front_matter, _last_content_end(value))
        return at, layout
    if _is_empty_value(value) and value.start_mark.line == key.start_mark.line:
        dash = key.start_mark.column + default_dash
        layout = _Layout(dash=dash, content=dash + default_content, nested=2)
        at = _line_end(front_matter, value.end_mark.index)
        return at, layout
    if isinstance(value, yaml.SequenceNode):
        raise CheckinError(
            "checkins is written in flow style ([...]); rewrite it as a block list "
            "(one '- date: ...' item per line) and run again"
        )
    raise CheckinError(
        "checkins is not a list; make it a list of check-ins ('- date: ...' items) and run again"
    )


def _is_empty_value(node: yaml.Node) -> bool:
    """``checkins:`` with no value, ``~``/``null``, or ``[]``: an empty list written inline."""
    if isinstance(node, yaml.ScalarNode):
        return node.tag == _NULL_TAG
    return isinstance(node, yaml.SequenceNode) and bool(node.flow_style) and not node.value


def _remove_empty_value(old_fm: str, root: yaml.MappingNode, new_fm: str) -> str:
    """Drop an inline ``[]``/``~``/``null`` after ``checkins:`` (the list now follows).

    The value sits on the key's line, before the insertion point, so its
    indices are the same in the old and the new text.
    """
    found = _find_key(root, "checkins")
    if found is None:
        return new_fm
    key, value = found
    start, end = value.start_mark.index, value.end_mark.index
    if not _is_empty_value(value) or start == end:
        return new_fm
    # Remove from just after the colon, so no trailing blank is left behind.
    colon = old_fm.index(":", key.end_mark.index, start)
    return new_fm[: colon + 1] + new_fm[end:]


def _render_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, int | float):
        return yaml_number(value)
    return yaml_string(str(value))


def _render_key(key: str) -> str:
    # KR ids such as "1" or "yes" would not read back as strings unquoted.
    return key if re.fullmatch(r"[A-Za-z_][\w-]*", key) and _loads(key) == key else yaml_string(key)


def _render_item(item: Mapping[str, Any], layout: _Layout, newline: str) -> str:
    lines: list[str] = []
    pad = " " * layout.content
    first = True
    for key, value in item.items():
        prefix = (
            " " * layout.dash + "-" + " " * (layout.content - layout.dash - 1) if first else pad
        )
        first = False
        if isinstance(value, Mapping):
            lines.append(f"{prefix}{key}:")
            inner = " " * (layout.content + layout.nested)
            lines.extend(f"{inner}{_render_key(k)}: {_render_scalar(v)}" for k, v in value.items())
        else:
            lines.append(f"{prefix}{key}: {_render_scalar(value)}")
    return "".join(line + newline for line in lines)


def _verify(old: dict[str, Any], new_front_matter: str, item: Mapping[str, Any]) -> None:
    """Refuse unless the new front matter is the old one plus exactly ``item``."""
    try:
        new = yaml.safe_load(new_front_matter)
    except yaml.YAMLError:
        new = None
    expected = dict(old)
    expected["checkins"] = [*(old.get("checkins") or []), dict(item)]
    if new != expected:
        raise CheckinError(
            "could not add the check-in without changing other content of the front "
            "matter; add it by hand (see the checkins format in the docs)"
        )

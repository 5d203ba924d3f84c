"""Files -> raw records with source positions.

The loader parses and never judges: it turns a goal page into its front matter
(a tree of :class:`Node` that remembers where every key and value stands) and its
body, and a KPI CSV into rows of located cells. The only findings it makes are
those that stop parsing (E001 unreadable file / invalid YAML, E005 duplicate
key, E009 CSV syntax).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..model import Finding
from . import plainyaml
from .frontmatter import FrontMatter, find_front_matter
from .special import not_a_file_message, special_kind
from .tree import SCALAR_TAGS, STD, Node, scalar_value

__all__ = ["Cell", "Node", "RawCsv", "RawPage", "load_csv", "load_page", "parse_csv", "parse_page"]

try:  # the C composer is ~10x faster; keep the pure-Python one as a fallback
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_PAGE_BYTES = 1024 * 1024
MAX_CSV_BYTES = 16 * 1024 * 1024
MAX_NODES = 50_000
#: Deepest nesting of front matter values (a goal page needs 4: key_results > item > ...).
MAX_DEPTH = 32
_TOO_DEEP = f"front matter nests deeper than {MAX_DEPTH} levels; a goal page needs a few"

# The start of a line "key:" (or "- key:"), up to and including its colon.
_KEY_START = re.compile(r"^\s*(?:-\s+)?[^\s:#\[\]{},][^:#\[\]{},]*:(?=\s|$)")


@dataclass(slots=True)
class RawPage:
    """A goal page as read from disk: front matter tree, body and parse findings."""

    path: str
    front: Node | None
    body: str = ""
    body_line: int = 1
    findings: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class Cell:
    """One CSV field: its text, and where it starts (a quoted field may span lines)."""

    text: str
    col: int
    line: int = 0


@dataclass(slots=True)
class RawCsv:
    path: str
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]]
    header_line: int = 1
    findings: list[Finding] = field(default_factory=list)


def read_text(path: Path, shown: str, limit: int) -> tuple[str | None, Finding | None]:
    """Read a UTF-8 file (BOM accepted), or return the E001 finding that says why not."""
    try:
        info = os.stat(path)
        size: int | None = info.st_size if stat.S_ISREG(info.st_mode) else None
    except OSError:
        size = None
    if size is None:  # not plainly a regular file: ask what it is
        kind = special_kind(path)
        if kind is not None:  # a FIFO would block the read forever
            return None, Finding(code="E001", path=shown, message=not_a_file_message(kind))
    try:
        if size is None:
            size = path.stat().st_size
        if size > limit:
            return None, Finding(
                code="E001",
                path=shown,
                message=f"file is {size:,} bytes, over the {limit:,}-byte limit; split it "
                "into smaller files",
            )
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, Finding(code="E001", path=shown, message=f"cannot read file: {reason}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Finding(
            code="E001",
            path=shown,
            line=line,
            col=col,
            message=f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, Finding(
            code="E001",
            path=shown,
            line=line,
            message="file contains NUL bytes; it looks binary, not a Markdown page",
        )
    return text, None


def split_front_matter(text: str, shown: str) -> tuple[str | None, str, int, Finding | None]:
    """Split ``---``-fenced front matter from the body (see :mod:`.frontmatter`).

    Returns (yaml text, body, first line of the body, finding).
    """
    found = find_front_matter(text)
    if isinstance(found, FrontMatter):
        return found.text, text[found.body :], found.body_line, None
    message = (
        "missing front matter: start the page with a line '---', the YAML keys, and a closing '---'"
        if found == "missing"
        else "front matter is not closed: add a line '---' after the last YAML key"
    )
    return None, text, 1, Finding(code="E001", path=shown, message=message)


def load_page(path: Path, shown: str) -> RawPage:
    """Read one goal page. Never raises for bad input; problems become findings."""
    text, problem = read_text(path, shown, MAX_PAGE_BYTES)
    if text is None:
        return RawPage(path=shown, front=None, findings=[problem] if problem else [])
    return parse_page(text, shown)


def parse_page(text: str, shown: str) -> RawPage:
    """Parse the text of a goal page (see :func:`load_page`)."""
    front_text, body, body_line, problem = split_front_matter(text, shown)
    if front_text is None:
        return RawPage(path=shown, front=None, body=body, findings=[problem] if problem else [])
    page = RawPage(path=shown, front=None, body=body, body_line=body_line)
    page.front = plainyaml.read(front_text, MAX_NODES)
    if page.front is not None:
        return page  # the plain subset, read without PyYAML (see okrsite.source.plainyaml)
    try:
        root = yaml.compose(front_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        source_lines = front_text.splitlines()
        mark = _error_mark(exc, source_lines)
        line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        bad = source_lines[mark.line] if mark and mark.line < len(source_lines) else ""
        hint = "; indent with spaces, not tabs" if "\t" in bad else ""
        if mark is not None and mark is exc.context_mark and mark is not exc.problem_mark:
            hint = _OPENED_HERE.get(exc.context or "", "")
        page.findings.append(
            Finding(
                code="E001",
                path=shown,
                line=line,
                col=col,
                message=f"invalid YAML in front matter: {what}{hint}",
            )
        )
        return page
    except yaml.YAMLError as exc:
        page.findings.append(
            Finding(code="E001", path=shown, message=f"invalid YAML in front matter: {exc}")
        )
    except RecursionError:  # the pure-Python composer on absurdly deep nesting
        page.findings.append(Finding(code="E001", path=shown, message=_TOO_DEEP))
        return page
        return page
    if root is None:
        page.front = Node({}, 2, 1, kind="map")
        return page
    if not isinstance(root, MappingNode):
        page.findings.append(
            Finding(
                code="E001",
                path=shown,
                line=root.start_mark.line + 2,
                col=root.start_mark.column + 1,
                message="front matter must be a mapping of keys to values (key: value), "
                f"not a {'list' if isinstance(root, SequenceNode) else 'single value'}",
            )
        )
        return page
    builder = _TreeBuilder(shown)
    page.front = builder.build(root)
    page.findings.extend(builder.findings)
    return page


#: What to say when a YAML error is shown where the unfinished construct began.
_OPENED_HERE = {
    "while scanning a quoted scalar": "; the quoted text that starts here is never closed",
    "while parsing a flow sequence": "; the '[' here is never closed with ']'",
    "while parsing a flow mapping": "; the '{' here is never closed with '}'",
    "while scanning a simple key": "; this line has no ':' after its key",
}


def _error_mark(exc: yaml.MarkedYAMLError, source_lines: list[str]) -> Any:
    """Where a YAML error is: the line a user must fix, not where the parser gave up.

    PyYAML notices an unclosed quote or bracket, or a key without its colon, only
    on a later line (often the closing ``---``); its context mark is the line that
    opened it, which is the one to fix.
    """
    problem, context = exc.problem_mark, exc.context_mark
    if problem is None or context is None or context.line >= problem.line:
        return problem or context
    what = exc.context or ""
    if problem.line >= len(source_lines) or "end of stream" in (exc.problem or ""):
        return context  # ran off the end: point at what was left open
    if what.startswith("while scanning a simple key"):
        return context  # a key without its ':' is found missing on the next line
    key = _KEY_START.match(source_lines[problem.line])
    if "flow" in what and key and key.end() - 1 == problem.column:
        return context  # the next 'key:' arrived while a [ or { was still open
    return problem


class _TreeBuilder:
    """Turns a composed YAML node graph into :class:`Node` trees, safely.

    Aliases are refused (an alias bomb would otherwise expand exponentially),
    so are non-standard tags (``!!python/...``): nothing is ever executed.
    """

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.findings: list[Finding] = []
        self.count = 0
        self.too_deep = False
        self._seen: set[int] = set()

    def _error(self, code: str, line: int, col: int, message: str) -> None:
        self.findings.append(
            Finding(code=code, path=self.shown, line=line, col=col, message=message)
        )

    def build(self, node: yaml.Node, depth: int = 0) -> Node | None:
        line, col = node.start_mark.line + 2, node.start_mark.column + 1
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self._error("E001", line, col, _TOO_DEEP)
            return None
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self._error("E001", line, col, f"front matter has more than {MAX_NODES:,} values")
            return None
        if id(node) in self._seen:
            self._error(
                "E001",
                line,
                col,
                "YAML anchors and aliases (&name / *name) are not supported; write the "
                "value out in full",
            )
            return None
        self._seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, line, col)
        if isinstance(node, SequenceNode):
            if node.tag != f"{STD}seq":
                self._bad_tag(node, line, col)
                return None
            items = [self.build(child, depth + 1) for child in node.value]
            return Node([i for i in items if i is not None], line, col, kind="seq")
        if isinstance(node, MappingNode):
            if node.tag != f"{STD}map":
                self._bad_tag(node, line, col)
                return None
            return self._mapping(node, line, col, depth)
        return None  # pragma: no cover - PyYAML has no other node types

    def _bad_tag(self, node: yaml.Node, line: int, col: int) -> None:
        self._error(
            "E001",
            line,
            col,
            f"YAML tag {node.tag!r} is not allowed; goal pages hold plain values only",
        )

    def _scalar(self, node: ScalarNode, line: int, col: int) -> Node | None:
        if node.tag not in SCALAR_TAGS:
            self._bad_tag(node, line, col)
            return None
        quoted = node.style in ("'", '"', "|", ">")
        return Node(scalar_value(node.tag, node.value), line, col, raw=node.value, quoted=quoted)

    def _mapping(self, node: MappingNode, line: int, col: int, depth: int = 0) -> Node:
        items: dict[str, Node] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 2, key_node.start_mark.column + 1
            if key_node.tag == f"{STD}merge":
                self._error("E001", kline, kcol, "YAML merge keys (<<) are not supported")
                continue
            if not isinstance(key_node, ScalarNode):
                self._error("E004", kline, kcol, "a key must be a plain word, not a list or map")
                continue
            key = str(key_node.value)
            if key in items:
                first = items[key].key_line
                self._error(
                    "E005",
                    kline,
                    kcol,
                    f"duplicate key '{key}' (first set on line {first}); keep only one",
                )
                continue
            child = self.build(value_node, depth + 1)
            if child is None:
                # Refused (E001 already says why); the key stays, so that nothing reports
                # it as missing too.
                vline, vcol = value_node.start_mark.line + 2, value_node.start_mark.column + 1
                child = Node(None, vline, vcol, kind="refused")
            child.key_line, child.key_col = kline, kcol
            items[key] = child
        return Node(items, line, col, kind="map")


def load_csv(path: Path, shown: str) -> RawCsv:
    """Read a KPI CSV into located cells. Syntax problems become E009 findings."""
    text, problem = read_text(path, shown, MAX_CSV_BYTES)
    if text is None:
        assert problem is not None
        return unreadable_csv(problem, shown)
    return parse_csv(text, shown)


def unreadable_csv(problem: Finding, shown: str) -> RawCsv:
    """The empty CSV of a file :func:`read_text` refused, with why as an E009."""
    finding = Finding(
        code="E009", path=shown, line=problem.line, col=problem.col, message=problem.message
    )
    return RawCsv(path=shown, header=[], rows=[], findings=[finding])


def parse_csv(text: str, shown: str) -> RawCsv:
    """Split CSV text into a header and rows of :class:`Cell`, as RFC 4180 reads it.

    Records end at CR LF, LF or CR only (not at U+2028 or the other line
    separators ``str.splitlines`` knows); a quoted field may hold commas,
    doubled quotes and line breaks. A row's line is the line its record
    starts on; each cell remembers its own line and column.
    """
    result = RawCsv(path=shown, header=[], rows=[])
    header_seen = False
    lines = _NEWLINE.split(text)
    index = 0
    while index < len(lines):
        number = index + 1
        line = lines[index]
        if '"' not in line and not line.strip():
            index += 1  # blank lines between records are allowed
            continue
        if '"' in line:
            cells, error, index = _split_quoted(lines, index)
        else:
            cells, error, index = _split_plain(line, number), None, index + 1
        if error:
            result.findings.append(
                Finding(code="E009", path=shown, line=error[0], col=error[1], message=error[2])
            )
            continue
        if not header_seen:
            result.header = cells
            header_seen = True
            result.rows = []
            result.header_line = number
        else:
            result.rows.append((number, cells))
    return result


_NEWLINE = re.compile(r"\r\n|\n|\r")


def _split_plain(line: str, number: int) -> list[Cell]:
    """The common case: a record on one line without quotes."""
    cells: list[Cell] = []
    col = 1
    for text in line.split(","):
        cells.append(Cell(text, col, number))
        col += len(text) + 1
    return cells


def _split_quoted(
    lines: list[str], index: int
) -> tuple[list[Cell], tuple[int, int, str] | None, int]:
    """One record that has quotes, maybe over several lines; returns the next line's index."""
    cells: list[Cell] = []
    line = lines[index]
    i = 0
    while True:
        start, start_line = i, index + 1
        if i < len(line) and line[i] == '"':
            i += 1
            parts: list[str] = []
            while True:
                close = line.find('"', i)
                if close < 0:
                    parts.append(line[i:])
                    if index + 1 >= len(lines) or (index + 2 == len(lines) and not lines[-1]):
                        message = "unterminated quote: close the quoted field"
                        return cells, (start_line, start + 1, message), len(lines)
                    parts.append("\n")  # a line break inside quotes is part of the value
                    index += 1
                    line, i = lines[index], 0
                    continue
                parts.append(line[i:close])
                if close + 1 < len(line) and line[close + 1] == '"':
                    parts.append('"')
                    i = close + 2
                    continue
                i = close + 1
                break
            if i < len(line) and line[i] != ",":
                message = "unexpected text after a closing quote"
                return cells, (index + 1, i + 1, message), index + 1
            cells.append(Cell("".join(parts), start + 1, start_line))
        else:
            comma = line.find(",", i)
            end = len(line) if comma < 0 else comma
            cells.append(Cell(line[i:end], start + 1, start_line))
            i = end
        if i >= len(line):
            return cells, None, index + 1
        i += 1  # skip the comma
        if i == len(line):
            cells.append(Cell("", len(line) + 1, index + 1))
            return cells, None, index + 1

"""A fast reader for the plain YAML that goal pages are written in.

PyYAML composes front matter in C, but it makes every node, resolves every tag
and marks every position in Python, and load.py then walks that graph again to
build the located tree: most of the time of checking a big portal. Yet nearly
all front matter keeps to a small, regular part of YAML:

- block mappings whose keys are plain words, and block sequences;
- one scalar per line: plain, single-quoted, or double-quoted without escapes;
- one-line flow collections (``[a, b]``, ``{kr1: 4.2}``) of plain scalars;
- comments and blank lines.

:func:`read` builds the tree of that subset in one pass over the lines. On
anything else (block scalars, multi-line or escaped scalars, anchors, tags,
duplicate keys, tabs, odd characters, ...) it returns ``None`` and load.py
asks PyYAML, which also words the errors. The tags of plain scalars come from
PyYAML's own resolver, so ``yes``, ``~``, ``0x1f`` or ``12:30`` mean here what
they mean there. Both readers must give equal trees: tests/test_plainyaml.py
compares them on generated and real pages.
"""

from __future__ import annotations

import re

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .tree import SCALAR_TAGS, Node, scalar_value

# Characters this reader leaves to PyYAML: controls, DEL, NEL, the Unicode line
# separators, surrogates and the BOM; a tab anywhere (PyYAML's rules for tabs are subtle).
_ODD = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
# A key and what follows it on its line (None when the line ends after the colon).
_KEY_REST = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*)|$)")
_FLOW_PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): +")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_TAIL = re.compile(r"(?: +#.*)?$")  # what may follow a quoted scalar or a flow collection
# Plain scalars must not start with an indicator; "-" may start one ("-5") when no
# space follows it.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_ODD = re.compile(r"[\[\]{}'\"#:]")

_RESOLVER = Resolver()
# Plain scalars already read: the same names, dates and numbers recur across a portal.
_SCALARS: dict[str, tuple[object]] = {}
_SCALARS_MAX = 200_000


class _Unsupported(Exception):
    """The text leaves the subset: PyYAML reads it instead."""


def read(text: str, max_nodes: int) -> Node | None:
    """The located tree of a front matter in the plain subset, else ``None``.

    Args:
        text: the YAML between the fences; its first line is line 2 of the file.
        max_nodes: more values than this are left to PyYAML's path, which reports them.
    """
    if _ODD.search(text):
        return None
    lines = [
        (number, len(line) - len(stripped), stripped.rstrip(" "))
        for number, line in enumerate(text.split("\n"), start=2)
        if (stripped := line.lstrip(" ")) and stripped[0] != "#"
    ]
    if not lines or lines[0][1] != 0:
        return None
    reader = _Reader(lines)
    try:
        root = reader.mapping(0)
    except _Unsupported:
        return None
    if reader.pos != len(lines) or reader.count > max_nodes:
        return None
    return root


class _Reader:
    """Recursive descent over the content lines: (file line, indent, text)."""

    def __init__(self, lines: list[tuple[int, int, str]]) -> None:
        self.lines = lines
        self.end = len(lines)
        self.pos = 0
        self.count = 0

    def mapping(self, indent: int) -> Node:
        lines, key_match, end, scalars = self.lines, _KEY_REST.match, self.end, _SCALARS
        pos = self.pos
        number, col, text = lines[pos]
        items: dict[str, Node] = {}
        node = Node(items, number, col + 1, "map")
        count = 1
        while pos < end:
            number, col, text = lines[pos]
            if col != indent:
                if col < indent:
                    break
                raise _Unsupported
            match = key_match(text)
            if match is None:
                raise _Unsupported
            key, rest = match.groups()
            if key in items:
                raise _Unsupported  # PyYAML's path reports the duplicate (E005)
            pos += 1
            if rest is None or rest[0] == "#":
                self.pos, self.count = pos, self.count + count
                count = 0
                child = self._below(indent)
                pos = self.pos
                child.key_line = number
                child.key_col = col + 1
                items[key] = child
                continue
            at = col + match.start(2)  # the 0-based column of the value
            first = rest[0]
            if first == '"':
                if rest.find('"', 1) == len(rest) - 1 and "\\" not in rest:
                    # "text" and nothing after it: what _inline reads with _DOUBLE
                    value = rest[1:-1]
                    count += 1
                    items[key] = Node(value, number, at + 1, "scalar", value, True, number, col + 1)
                    continue
            else:
                known = scalars.get(rest)
                if known is not None:
                    # A plain scalar read before: every text in _SCALARS passed the checks
                    # of _inline and _plain, and has no comment or trailing space to cut.
                    count += 1
                    items[key] = Node(
                        known[0], number, at + 1, "scalar", rest, False, number, col + 1
                    )
                    continue
            self.count += count
            count = 0
            child = self._inline(number, at, rest)
            child.key_line = number
            child.key_col = col + 1
            items[key] = child
        self.pos = pos
        self.count += count
        return node

    def _below(self, indent: int) -> Node:
        """The value of a ``key:`` that ends its line: a block on the lines below."""
        if self.pos >= self.end:
            raise _Unsupported  # an empty value (null); rare, PyYAML places it
        _, col, text = self.lines[self.pos]
        if col >= indent and text.startswith("- "):
            return self._sequence(col)  # col == indent: a sequence YAML lets sit flush
        if col > indent and _KEY.match(text):
            return self.mapping(col)
        raise _Unsupported

    def _sequence(self, indent: int) -> Node:
        lines = self.lines
        number, col, _ = lines[self.pos]
        items: list[Node] = []
        node = Node(items, number, col + 1, "seq")
        self.count += 1
        while self.pos < self.end:
            number, col, text = lines[self.pos]
            if col != indent or not text.startswith("- "):
                if col > indent:
                    raise _Unsupported  # a scalar going on over several lines
                break
            rest = text[2:].lstrip(" ")
            item_col = col + len(text) - len(rest)
            if not rest or rest[0] == "#" or rest.startswith("- "):
                raise _Unsupported
            if _KEY.match(rest):
                lines[self.pos] = (number, item_col, rest)
                items.append(self.mapping(item_col))
            else:
                self.pos += 1
                items.append(self._inline(number, item_col, rest))
        return node

    def _inline(self, number: int, col: int, text: str) -> Node:
        """A value that starts at 0-based ``col`` of line ``number`` and ends with it."""
        first = text[0]
        if first == '"' or first == "'":
            match = (_DOUBLE if first == '"' else _SINGLE).match(text)
            if match is None or not _TAIL.match(text, match.end()):
                raise _Unsupported
            value = match.group(1) if first == '"' else match.group(1).replace("''", "'")
            self.count += 1
            return Node(value, number, col + 1, "scalar", value, True)
        if first == "[" or first == "{":
            return self._flow(number, col, text)
        cut = text.find(" #")
        value = text if cut < 0 else text[:cut].rstrip(" ")
        if ": " in value or value[-1] == ":":
            raise _Unsupported  # a mapping where a value should be: PyYAML's error
        return self._plain(number, col, value)

    def _plain(self, number: int, col: int, value: str) -> Node:
        known = _SCALARS.get(value)
        if known is None:
            first = value[0]
            if first in _INDICATORS and (first != "-" or len(value) < 2 or value[1] == " "):
                raise _Unsupported
            tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
            if tag not in SCALAR_TAGS:
                raise _Unsupported  # a merge key or '=': PyYAML's path refuses it
            known = (scalar_value(tag, value),)
            if len(_SCALARS) < _SCALARS_MAX:
                _SCALARS[value] = known
        self.count += 1
        return Node(known[0], number, col + 1, "scalar", value)

    def _flow(self, number: int, col: int, text: str) -> Node:
        """A one-line ``[...]`` or ``{...}`` of plain scalars."""
        is_map = text[0] == "{"
        end = text.find("}" if is_map else "]")
        if end < 0 or (end != len(text) - 1 and not _TAIL.match(text, end + 1)):
            raise _Unsupported
        inner = text[1:end]
        # Brackets, quotes, comments and colons (but a map's "key: ") leave the subset.
        if _FLOW_ODD.search(inner.replace(": ", "  ") if is_map else inner):
            raise _Unsupported
        self.count += 1
        if not inner.strip(" "):
            return Node({} if is_map else [], number, col + 1, "map" if is_map else "seq")
        scalars = _SCALARS
        pairs: dict[str, Node] = {}
        items: list[Node] = []
        offset = col + 1  # the 0-based column of the current part
        for part in inner.split(","):
            stripped = part.strip(" ")
            if not stripped:
                raise _Unsupported  # [a, , b] or a trailing comma
            at = offset + part.find(stripped[0])  # where the part's text starts
            offset += len(part) + 1
            if not is_map:
                known = scalars.get(stripped)
                if known is None:
                    items.append(self._plain(number, at, stripped))
                else:
                    self.count += 1
                    items.append(Node(known[0], number, at + 1, "scalar", stripped))
                continue
            pair = _FLOW_PAIR.match(stripped)
            if pair is None:
                raise _Unsupported
            key = pair.group(1)
            value = stripped[pair.end() :]
            if key in pairs or ": " in value:
                raise _Unsupported
            child = self._plain(number, at + pair.end(), value)
            child.key_line, child.key_col = number, at + 1
            pairs[key] = child
        if is_map:
            return Node(pairs, number, col + 1, "map")
        return Node(items, number, col + 1, "seq")

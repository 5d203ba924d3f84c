"""The located YAML tree both front-matter readers produce (see :mod:`okrsite.source.load`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

STD = "tag:yaml.org,2002:"
#: The scalar tags a goal page may use; anything else (``!!python/...``) is refused.
SCALAR_TAGS = frozenset(f"{STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp"))
_CONSTRUCT = SafeConstructor()
# Plain decimals that mean the same to YAML 1.1 and to int()/float() (no octal 012, no 1_000).
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]*([eE][-+][0-9]+)?$")


@dataclass(slots=True)
class Node:
    """A YAML value with its position (1-based file line and column).

    ``value`` is a Python scalar, a ``dict[str, Node]`` for a mapping or a
    ``list[Node]`` for a sequence; ``kind`` is ``scalar``, ``map``, ``seq`` or
    ``refused`` (a value the loader would not read, already reported as E001).
    ``raw`` is a scalar's source text and ``quoted`` tells whether it was written
    in quotes.
    """

    value: Any
    line: int
    col: int
    kind: str = "scalar"
    raw: str = ""
    quoted: bool = False
    key_line: int = 0
    key_col: int = 0

    @property
    def at(self) -> tuple[int, int]:
        """Where a finding about this entry points: the key when there is one."""
        return (self.key_line or self.line, self.key_col or self.col)

    def plain(self) -> Any:
        """The value as plain Python data (dicts, lists, scalars), positions dropped."""
        if self.kind == "map":
            return {k: v.plain() for k, v in self.value.items()}
        if self.kind == "seq":
            return [v.plain() for v in self.value]
        return self.value


_STR, _INT, _FLOAT, _BOOL, _NULL = (f"{STD}{t}" for t in ("str", "int", "float", "bool", "null"))


def scalar_value(tag: str, text: str) -> Any:
    """The Python value of a scalar with a tag from :data:`SCALAR_TAGS`.

    Timestamps stay text: validate.py parses dates and reports bad ones. A value
    PyYAML cannot convert stays text too, for validation to report.
    """
    if tag == _STR:
        return text
    try:
        if tag == _INT:
            if _PLAIN_INT.match(text):
                return int(text)  # the common case, without PyYAML's slower constructor
            return _CONSTRUCT.construct_yaml_int(ScalarNode(tag, text))
        if tag == _FLOAT:
            if _PLAIN_FLOAT.match(text):
                return float(text)
            return _CONSTRUCT.construct_yaml_float(ScalarNode(tag, text))
        if tag == _BOOL:
            return _CONSTRUCT.construct_yaml_bool(ScalarNode(tag, text))
        if tag == _NULL:
            return None
    except (ConstructorError, ValueError, OverflowError):
        pass
    return text

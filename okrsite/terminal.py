"""What okrsite prints: no control sequence from a goal file reaches a terminal or a CI log.

A statement or a CSV note can hold ``ESC ] 0 ; ... BEL`` (sets the terminal's
title), ``ESC [ 2 J`` (clears it), C1 controls that some terminals read as
escapes, or bidi overrides that reorder a line ("Trojan Source"). Findings
quote user text, so every human-readable line goes through :func:`printable`,
which shows such characters as visible ``\\xNN`` / ``\\uNNNN`` escapes.
Machine-readable output (JSON) keeps the data and escapes them the JSON way
(:func:`json_printable`).
"""

from __future__ import annotations

import re

#: C0 controls but tab, DEL, C1 controls, bidi embeddings/overrides/isolates and marks,
#: line and paragraph separators.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
#: The same set without the C0 controls JSON already escapes.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """One line of text safe for a terminal: controls shown as ``\\x1b``-style escapes."""
    return _UNPRINTABLE.sub(_visible, text)


def printable_lines(text: str) -> str:
    """Like :func:`printable`, keeping the line breaks of a multi-line text."""
    return "\n".join(printable(line) for line in text.split("\n"))


def json_printable(text: str) -> str:
    """JSON text (from ``json.dumps``) with C1 controls and bidi characters as ``\\uXXXX``.

    Valid only for JSON: these characters can stand only inside strings there.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def output_failure(exc: OSError) -> str:
    """The one line that says the output could not be written (disk full, closed pipe)."""
    reason = exc.strerror or type(exc).__name__
    return f"okrsite: cannot write the output: {reason}"

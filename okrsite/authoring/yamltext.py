"""YAML scalars written by hand so that they read back as exactly the value meant.

The authoring commands add lines to pages people edit; they write each value
as one line of YAML and check that PyYAML reads it back unchanged.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

# Strings made only of these characters are written unquoted when YAML reads
# them back as the same string; everything else is double-quoted.
_PLAIN_RE = re.compile(r"[^\W_][\w .,'()/+&-]*", re.UNICODE)


def loads(text: str) -> Any:
    """What PyYAML reads from ``text``, or ``None`` when it is not valid YAML."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def yaml_string(value: str) -> str:
    """Render a string as a YAML scalar that reads back as exactly ``value``.

    Simple text (words, spaces, common punctuation) stays unquoted; anything
    else becomes a double-quoted scalar with escapes for quotes, backslashes,
    line breaks and non-printable characters. Unicode letters are kept as they
    are (pages are UTF-8).

    Args:
        value: any string.

    Returns:
        One line of YAML.
    """
    if _PLAIN_RE.fullmatch(value) and not value.endswith(" ") and loads(value) == value:
        return value
    out = ['"']
    for char in value:
        code = ord(char)
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02X}")
        elif code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            # YAML reads U+2028/9 as line breaks, and a BOM or a lone surrogate
            # cannot stand in a UTF-8 stream: escape them.
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    rendered = "".join(out)
    if loads(rendered) != value:  # pragma: no cover - guards the escaping above
        raise ValueError(f"cannot write {value!r} as YAML safely")
    return rendered


def yaml_number(value: float) -> str:
    """Render a number as a YAML scalar that PyYAML reads back as the same number.

    Whole numbers are written without a decimal point (``42``); others with
    Python's shortest repr, adjusted where YAML 1.1 needs a dot in the mantissa
    (``1.0e-05`` rather than ``1e-05``, which YAML 1.1 reads as a string).

    Args:
        value: a finite int or float (not a bool).

    Returns:
        The scalar text.

    Raises:
        CheckinError: the number is not finite.
    """
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    if number.is_integer() and abs(number) <= 2**53:
        rendered = str(int(number))
    else:
        rendered = repr(number)
        mantissa, sep, exponent = rendered.partition("e")
        if sep and "." not in mantissa:
            rendered = f"{mantissa}.0e{exponent}"
    if loads(rendered) != number:  # pragma: no cover - guards the formatting above
        raise ValueError(f"cannot write {value!r} as YAML safely")
    return rendered

"""Numbers as people read them, the same on the pages and on the charts."""

from __future__ import annotations


def format_number(value: float) -> str:
    """A finite number for display: ``41,200``, ``99.5``, ``3.14``, ``0.423``, ``0.0123``.

    Thousands are grouped, three significant digits below 1, trailing zeros
    dropped; very large and very small magnitudes in exponent form (``1e+16``).
    """
    size = abs(value)
    if size >= 1e15 or (0 < size < 1e-3):
        return f"{value:.3g}"
    if size >= 1000:
        text = f"{value:,.0f}"
    elif size >= 100:
        text = f"{value:,.1f}"
    elif size >= 1:
        text = f"{value:,.2f}"
    else:
        text = f"{value:.3g}"
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text

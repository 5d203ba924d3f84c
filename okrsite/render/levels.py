"""How a key result's values read on a page: numbers, levels to hold, milestones.

A threshold key result is a level to hold, shown with its met / not met state
rather than as a progress bar from 0; a baseline the page never stated is shown
as unknown ("–"), not as a measured 0.
"""

from __future__ import annotations

from ..model import KeyResult, KrResult
from .markup import encode, fmt_value

_SIDES = {"at_least": "at least", "at_most": "at most"}


def level_state(kr_result: KrResult) -> str:
    """A threshold key result's state as a word on a coloured badge: met or not met."""
    met = kr_result.score >= 1 if kr_result.progress is None else kr_result.progress >= 1
    # Its own classes (coloured like green and red in the stylesheet): "met" is not a status
    # word, and a badge's colour class always names the word it shows.
    kind, word = ("met", "met") if met else ("not-met", "not met")
    return f'<span class="okr-status okr-status--{kind}">{word}</span>'


def threshold_text(kr: KeyResult, kr_result: KrResult) -> str:
    """``at least 99.9 % · now 99.92 %`` (``no value yet`` when nothing was measured)."""
    side = _SIDES.get(kr.threshold or "", "at least")
    now = (
        f"now {fmt_value(kr_result.current, kr.unit)}"
        if kr_result.current is not None
        else "no value yet"
    )
    return f"{side} {fmt_value(kr.target, kr.unit)} · {now}"


def numeric_text(kr: KeyResult, kr_result: KrResult) -> str:
    """``baseline → current → target``; ``–`` for a baseline or value nobody gave."""
    baseline = fmt_value(kr.baseline, kr.unit) if kr.baseline_stated else "–"
    current = fmt_value(kr_result.current, kr.unit) if kr_result.measured else "–"
    return f"{baseline} → {current} → {fmt_value(kr.target, kr.unit)}"


def kr_values(kr: KeyResult, kr_result: KrResult) -> str:
    """The values line of a key result, whatever its kind (safe HTML)."""
    if kr.kind == "threshold":
        return threshold_text(kr, kr_result)
    if kr.kind == "numeric":
        return numeric_text(kr, kr_result)
    if kr.kind == "milestone":
        return "milestone: " + ("done" if (kr_result.progress or 0) >= 1 else "not done")
    return encode("takes the score of the linked objective")

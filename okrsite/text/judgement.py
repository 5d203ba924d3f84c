"""The verdict of one text check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict of one text check.

    Attributes:
        fires: whether the check applies to the text.
        reason: a short phrase saying why, in the words of the statement; ``""`` when
            the check does not fire.
    """

    fires: bool
    reason: str


QUIET = Judgement(False, "")

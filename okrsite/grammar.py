"""One grammar of ids, periods and objective references (SPEC sections 2 and 6).

Discovery, the validator, the JSON Schema and the authoring commands all read
these, so ``okrsite check`` and ``okrsite new`` accept and refuse exactly the
same ids and periods, and resolve references the same way.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

#: A team id, a KPI id or a key result id: the file stem, or the ``id`` key.
ID = re.compile(r"[a-z0-9_-]+")
#: One ``/``-separated part of an objective id: folders may be periods (``2026-Q4``).
OBJECTIVE_PART = re.compile(r"[A-Za-z0-9_-]+")
#: ``YYYY-Qn``, ``YYYY-Hn`` or ``YYYY``.
PERIOD = re.compile(r"([0-9]{4})(?:-([QH])([0-9]))?")
#: Years a period may name: the calendar arithmetic holds from here to there.
FIRST_YEAR, LAST_YEAR = 1900, 9998

#: The same rules as JSON Schema patterns (``okrsite schema``).
ID_PATTERN = r"^[a-z0-9_-]+$"
OBJECTIVE_ID_PATTERN = r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$"
PERIOD_PATTERN = r"^[0-9]{4}(-Q[1-4]|-H[1-2])?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

ID_RULE = "lowercase letters, digits, - and _"


def is_id(text: str) -> bool:
    """Whether ``text`` is a valid team, KPI or key result id."""
    return ID.fullmatch(text) is not None


def is_objective_id(text: str) -> bool:
    """Whether ``text`` is a valid objective id (``/``-separated parts)."""
    return all(OBJECTIVE_PART.fullmatch(part) for part in text.split("/"))


def period_problem(text: str) -> str | None:
    """Why ``text`` is not a period key, or ``None`` when it is one.

    Returns:
        ``"shape"`` when it is not written ``YYYY-Qn``, ``YYYY-Hn`` or ``YYYY``;
        ``"year"`` when its year is outside :data:`FIRST_YEAR`..:data:`LAST_YEAR`.
    """
    match = PERIOD.fullmatch(text)
    if match is None or not _part_in_range(match):
        return "shape"
    if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return "year"
    return None


def _part_in_range(match: re.Match[str]) -> bool:
    kind, number = match[2], match[3]
    if kind is None:
        return True
    return 1 <= int(number) <= (4 if kind == "Q" else 2)


def next_period(key: str) -> str:
    """The period after ``key``, of the same length (``2026-Q4`` -> ``2027-Q1``).

    Raises:
        ValueError: ``key`` is not a period key.
    """
    match = PERIOD.fullmatch(key)
    if match is None or period_problem(key) is not None:
        raise ValueError(f"{key!r} is not a period")
    year = int(match[1])
    if match[2] is None:
        return str(year + 1)
    count = 4 if match[2] == "Q" else 2
    number = int(match[3])
    if number == count:
        return f"{year + 1}-{match[2]}1"
    return f"{year}-{match[2]}{number + 1}"


class UnresolvedReference(ValueError):
    """An objective reference that names no objective, or more than one."""


class ObjectiveIndex:
    """Resolves objective references: a full id, or a bare stem unique among all ids."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = set(ids)
        self.stems: dict[str, list[str]] = {}
        for oid in sorted(self.ids):
            self.stems.setdefault(oid.rsplit("/", 1)[-1], []).append(oid)

    def resolve(self, ref: str) -> str:
        """The full id ``ref`` names (a trailing ``.md`` and outer ``/`` are ignored).

        Raises:
            UnresolvedReference: unknown (with the closest names) or ambiguous
                (with the candidates).
        """
        text = ref.removesuffix(".md").strip("/")
        if text in self.ids:
            return text
        candidates = self.stems.get(text, [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise UnresolvedReference(
                f"objective reference '{ref}' is ambiguous: it could be "
                f"{', '.join(candidates)}; write the full id"
            )
        pool = self.ids | set(self.stems)
        close = difflib.get_close_matches(text, sorted(pool), n=3, cutoff=0.6)
        tail = f"; closest: {', '.join(close)}" if close else ""
        raise UnresolvedReference(f"unknown objective '{ref}'{tail}")

"""Compact pickling of the model's most numerous objects, for the trip between processes.

Big portals send tens of thousands of check-ins and ~100,000 KPI points back
from the loading workers; a day number pickles three times faster than a
``date``, and drafts and references travel as the arguments that make them.
The reducers are registered with :mod:`copyreg` when :mod:`okrsite.engine` is
imported (in the main process and in every worker, which imports it to run its
task), so the model classes stay plain dataclasses.
"""

from __future__ import annotations

import copyreg
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import date
from operator import attrgetter

from ..model import CheckIn, Point
from ..validate.drafts import Draft, Ref


def _reduce_checkin(checkin: CheckIn) -> tuple[Callable[..., CheckIn], tuple[object, ...]]:
    return _checkin, (
        checkin.date.toordinal(),
        checkin.line,
        checkin.values,
        checkin.confidence,
        checkin.by,
        checkin.note,
    )


def _checkin(
    day: int,
    line: int,
    values: Mapping[str, float | bool],
    confidence: float | None,
    by: str | None,
    note: str | None,
) -> CheckIn:
    return CheckIn(
        date=date.fromordinal(day),
        line=line,
        values=values,
        confidence=confidence,
        by=by,
        note=note,
    )


def _reduce_point(point: Point) -> tuple[Callable[..., Point], tuple[object, ...]]:
    return _point, (point.date.toordinal(), point.value, point.line, point.target, point.note)


def _point(
    day: int, value: float | None, line: int, target: float | None, note: str | None
) -> Point:
    return Point(date=date.fromordinal(day), value=value, line=line, target=target, note=note)


# Drafts and references travel as the positional arguments that make them (every field,
# in order): a slotted dataclass otherwise travels as a dict of its slots, set one by one.
_DRAFT_ARGS = attrgetter(*(f.name for f in fields(Draft)))
_REF_ARGS = attrgetter(*(f.name for f in fields(Ref)))


def _reduce_draft(draft: Draft) -> tuple[Callable[..., Draft], tuple[object, ...]]:
    return Draft, _DRAFT_ARGS(draft)


def _reduce_ref(ref: Ref) -> tuple[Callable[..., Ref], tuple[object, ...]]:
    return Ref, _REF_ARGS(ref)


def register() -> None:
    """Register the compact reducers (idempotent)."""
    copyreg.pickle(CheckIn, _reduce_checkin)
    copyreg.pickle(Point, _reduce_point)
    copyreg.pickle(Draft, _reduce_draft)
    copyreg.pickle(Ref, _reduce_ref)


register()

"""``okrsite kpi add``: one data point appended to a KPI's CSV, nothing else changed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from ..model import Kpi, Portal
from ..writes import rewrite_locked
from .csvrows import Row, append_rows, csv_path, number_text, read_state
from .site import CadenceError, Goals
from .wording import one_line


@dataclass(frozen=True, slots=True, kw_only=True)
class Added:
    """What ``kpi add`` wrote: the file (as shown) and the row."""

    shown: str
    row: Row


def find_kpi(portal: Portal, kpi_id: str) -> Kpi:
    """The KPI with this id; refused with the closest ids, or the page's own problem.

    Raises:
        CadenceError: no such KPI, or its page is too broken to be read.
    """
    kpi = portal.kpis.get(kpi_id)
    if kpi is not None:
        return kpi
    broken = [
        f
        for f in portal.errors
        if f.path.rsplit("/", 1)[-1] == f"{kpi_id}.md" and f.path in portal.pages
    ]
    if broken:
        raise CadenceError(f"KPI '{kpi_id}' cannot be read: {broken[0].format()}")
    close = difflib.get_close_matches(kpi_id, sorted(portal.kpis), n=1, cutoff=0.6)
    if close:
        hint = f"; did you mean '{close[0]}'?"
    elif portal.kpis:
        hint = f"; the KPIs are: {', '.join(sorted(portal.kpis))}"
    else:
        hint = " (the goals folder has no KPIs)"
    raise CadenceError(f"unknown KPI '{one_line(kpi_id, 60)}'{hint}")


def add_point(
    goals: Goals,
    portal: Portal,
    kpi_id: str,
    *,
    day: date,
    value: str,
    target: str | None = None,
    note: str | None = None,
) -> Added:
    """Append ``day,value[,target][,note]`` to the KPI's CSV under the folder lock.

    Raises:
        CadenceError: unknown KPI, bad number, a date already present, a column the
            file lacks, or a file with problems; nothing is written then.
    """
    kpi = find_kpi(portal, kpi_id)
    row = Row(
        date=day,
        value=number_text(value, "--value"),
        target=number_text(target, "--target") if target is not None else "",
        note=note or "",
    )
    path, shown = csv_path(kpi, portal, goals)

    def change(data: bytes) -> bytes:
        state = read_state(data, shown)
        if day in state.dates:
            raise CadenceError(
                f"{shown} already has a row for {day.isoformat()}; rows are never changed by "
                "okrsite kpi add (edit the file to correct a value), nothing was written"
            )
        return append_rows(data, [row], state)

    try:
        rewrite_locked(path, change)
    except OSError as exc:
        raise CadenceError(f"cannot write {shown}: {exc.strerror or exc}") from None
    return Added(shown=shown, row=row)

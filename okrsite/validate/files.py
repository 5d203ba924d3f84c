"""One discovered file -> its draft and findings: the page read, and a KPI's CSV."""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Finding
from ..source.discover import SourceFile, inside, shown_path
from ..source.load import (
    MAX_CSV_BYTES,
    load_page,
    parse_csv,
    parse_page,
    read_text,
    unreadable_csv,
)
from ..source.special import special_kind
from .drafts import Draft, draft_kpi, draft_objective, draft_team
from .fields import Reporter
from .points import plain_points, points_from_csv


def _attach_data(
    draft: Draft, source: SourceFile, docs_dir: Path, root: Path, sink: list[Finding]
) -> None:
    """Read the KPI's CSV: ``data`` (relative to the page) or ``<id>.csv`` beside it."""
    explicit = draft.values.pop("data", None)
    rep = Reporter(source.shown, sink)
    at = (draft.lines.get("data", 1), 1)
    relative = explicit or f"{source.id}.csv"
    if os.path.isabs(relative) or relative.startswith("~"):
        rep.error("E010", at, f"data path '{relative}' must be relative to the KPI page")
        return
    csv_path = source.path.parent / relative
    # A FIFO or a link loop is reported by read_text (never opened); the checks below
    # would call it missing or outside.
    if special_kind(csv_path) is None:
        if not inside(csv_path, docs_dir):
            rep.error(
                "E010",
                at,
                f"data path '{relative}' leads outside the goals folder; keep the CSV beside "
                "the page",
            )
            return
        if not csv_path.is_file():
            if explicit:
                rep.error("E009", at, f"data file '{relative}' does not exist")
            return
    tidy = Path(os.path.normpath(csv_path))  # kpis/../data/x.csv is shown as data/x.csv
    shown = shown_path(tidy, root)
    text, problem = read_text(csv_path, shown, MAX_CSV_BYTES)
    points = plain_points(text) if text is not None else None  # the usual CSV, read fast
    if points is None:
        if text is None:
            assert problem is not None
            raw = unreadable_csv(problem, shown)
        else:
            raw = parse_csv(text, shown)
        points = points_from_csv(raw, sink)
    draft.points = points
    draft.values["data_path"] = shown_path(tidy, docs_dir)


def draft_file(
    source: SourceFile,
    docs_dir: Path,
    root: Path,
    fiscal_year_start: int,
    text: str | None = None,
) -> tuple[Draft | None, list[Finding]]:
    """One file read, parsed and checked field by field, with its findings.

    Args:
        source: the discovered file.
        docs_dir: the goals folder (a KPI's CSV must stay inside it).
        root: finding paths are shown relative to it.
        fiscal_year_start: the month fiscal years start in.
        text: the page's text, when it was read already (by :func:`read_text`).
    """
    findings: list[Finding] = []
    page = load_page(source.path, source.shown) if text is None else parse_page(text, source.shown)
    findings.extend(page.findings)
    draft: Draft | None
    if source.kind == "team":
        draft = draft_team(page, source.id, findings)
    elif source.kind == "kpi":
        draft = draft_kpi(page, source.id, findings)
        if draft is not None:
            _attach_data(draft, source, docs_dir, root, findings)
    else:
        draft = draft_objective(page, source.id, findings, fiscal_year_start)
    return draft, findings

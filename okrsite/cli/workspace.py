"""The goals as the authoring commands see them: through the core's own readers.

``okrsite new`` and ``okrsite checkin`` find pages with the same discovery as
``okrsite check`` (:mod:`okrsite.source.discover`), read them with the same
loader and validator (:func:`okrsite.validate.files.draft_file`, which also
reads a KPI's CSV wherever its ``data`` key points) and resolve references with
the same grammar (:mod:`okrsite.grammar`), so the two can never disagree.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..grammar import ObjectiveIndex, UnresolvedReference
from ..source.discover import Discovery, SourceFile, discover
from ..source.site import Target
from ..validate import Draft
from ..validate.files import draft_file
from .base import fail
from .goals import locate


def show(path: Path) -> str:
    """A path for messages: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return os.fspath(path)


@dataclass
class Workspace:
    """The goals folder of a command, its pages by kind and id, read on demand."""

    target: Target
    found: Discovery = field(init=False)

    def __post_init__(self) -> None:
        self.found = discover(self.target.docs_dir, self.target.options, self.target.root)

    @classmethod
    def locate(cls, directory: str | None, config_file: str | None) -> Workspace:
        """The workspace for ``--dir`` and ``-f``, found as every command finds it."""
        return cls(locate(directory, config_file))

    def folder(self, kind: str) -> Path:
        """``teams``, ``objectives`` or ``kpis`` as the plugin options name them."""
        options = self.target.options
        name = {"team": options.teams_dir, "objective": options.objectives_dir}.get(
            kind, options.kpis_dir
        )
        return self.target.docs_dir / name

    def sources(self, kind: str) -> list[SourceFile]:
        return [source for source in self.found.files if source.kind == kind]

    def ids(self, kind: str) -> list[str]:
        return sorted(source.id for source in self.sources(kind))

    def path(self, kind: str, ident: str) -> Path:
        """Where the page of ``ident`` is, or would be written."""
        for source in self.sources(kind):
            if source.id == ident:
                return source.path
        return self.folder(kind) / f"{ident}.md"

    def draft(self, source: SourceFile) -> Draft | None:
        """The page read and checked as ``okrsite check`` reads it (None if unreadable)."""
        target = self.target
        draft, _ = draft_file(
            source, target.docs_dir, target.root, target.options.fiscal_year_start
        )
        return draft

    def resolve(self, ref: str) -> str:
        """The objective ``ref`` names (full id or unique stem); refuses otherwise."""
        try:
            return ObjectiveIndex(self.ids("objective")).resolve(ref)
        except UnresolvedReference as problem:
            fail(str(problem))

    def require_team(self, team: str, flag: str) -> None:
        """Refuse a ``--team``/``--parent`` that names no team (with the closest one)."""
        known = self.ids("team")
        if team in known:
            return
        where = f"no team {team!r} in {show(self.folder('team'))}"
        if flag != "--team":
            fail(f"{where} for {flag}")
        close = difflib.get_close_matches(team, known, n=1, cutoff=0.6)
        if close:
            fail(f"{where}; did you mean {close[0]!r}?")
        fail(f"{where}; create it first: okrsite new team --id {team} --name NAME")

    def kpi_values(self) -> dict[str, float]:
        """The latest value of every KPI with readable data (for carried-over baselines)."""
        values: dict[str, float] = {}
        for source in self.sources("kpi"):
            draft = self.draft(source)
            points = [p for p in (draft.points if draft else ()) if p.value is not None]
            if points:
                latest = points[-1].value
                assert latest is not None
                values[source.id] = latest
        return values

"""Discovery: the team, objective and KPI pages under the goal folders, with their ids.

Bad ids (E004), duplicate ids (E006) and links leading out of the goals folder
(E010) are found here; nothing is read yet.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..grammar import is_id, is_objective_id
from ..model import Finding
from ..options import Options
from .special import not_a_file_message, special_kind


@dataclass(slots=True)
class SourceFile:
    """A file found under one of the goal folders."""

    kind: str  # team, objective, kpi
    id: str
    path: Path
    shown: str


@dataclass(slots=True)
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a link loop (Python < 3.13)
        return False
    return True


def _walk(
    folder: Path, docs_dir: Path, shown_root: Path, found: Discovery
) -> Iterator[tuple[Path, str]]:
    """Every ``*.md`` below ``folder`` in sorted order, with its path relative to
    ``folder`` ('/'-separated); links leaving docs_dir are E010."""
    seen: set[str] = set()
    # (folder, its real path, its path relative to the top); a folder that is no link
    # has its real path under its parent's, so only links need resolving
    stack: list[tuple[Path, str, str]] = [(folder, os.path.realpath(folder), "")]
    while stack:
        current, real, prefix = stack.pop()
        if real in seen:
            continue
        seen.add(real)
        try:
            # scandir caches each entry's type, sparing a stat per file on big portals
            with os.scandir(current) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            name = entry.name
            is_page = name.endswith(".md") and name.lstrip(".") != "md"  # as splitext sees it
            is_dir = _entry_is(entry.is_dir)
            if not (is_page or is_dir):
                continue
            path = current / name
            if not is_dir and not _entry_is(entry.is_file):
                kind = special_kind(path)  # FIFO, socket, link loop: reported, never opened
                if kind is not None:
                    found.findings.append(
                        Finding(
                            code="E001",
                            path=shown_path(path, shown_root),
                            message=not_a_file_message(kind),
                        )
                    )
                    continue
            link = entry.is_symlink()
            # Only pages and folders are judged here; a KPI's CSV is judged where the page
            # names it (``_attach_data``), so one escaping link is reported once.
            if link and not inside(path, docs_dir):
                found.findings.append(
                    Finding(
                        code="E010",
                        path=shown_path(path, shown_root),
                        message="symbolic link points outside the goals folder; copy the file "
                        "in instead",
                    )
                )
                continue
            if is_dir:
                inner = os.path.realpath(path) if link else os.path.join(real, name)
                subdirs.append((path, inner, f"{prefix}{name}/"))
            elif entry.is_file():
                yield path, f"{prefix}{name}"
        stack.extend(reversed(subdirs))


def _entry_is(test: Callable[[], bool]) -> bool:
    """``DirEntry.is_dir``/``is_file``, False where they raise (a link loop: ELOOP)."""
    try:
        return test()
    except OSError:
        return False


def shown_path(path: Path, shown_root: Path) -> str:
    try:
        return path.relative_to(shown_root).as_posix()
    except ValueError:
        return os.path.relpath(path, shown_root).replace(os.sep, "/")


def discover(
    docs_dir: Path,
    options: Options,
    shown_root: Path,
    *,
    when_big: Callable[[], None] | None = None,
    big: int = 0,
) -> Discovery:
    """Find the team, objective and KPI pages; bad ids (E004) and duplicate ids (E006).

    ``when_big`` is called once, as soon as ``big`` pages are found (the engine
    starts its workers early for a big portal).
    """
    found = Discovery()
    for kind, sub in (
        ("team", options.teams_dir),
        ("objective", options.objectives_dir),
        ("kpi", options.kpis_dir),
    ):
        folder = docs_dir / sub
        if not folder.is_dir():
            continue
        first: dict[str, str] = {}
        base = shown_path(folder, shown_root)
        base = "" if base == "." else f"{base}/"
        for path, rel in _walk(folder, docs_dir, shown_root, found):
            shown = f"{base}{rel}"
            ident = rel[:-3] if kind == "objective" else path.name[:-3]
            valid = is_objective_id(ident) if kind == "objective" else is_id(ident)
            if not valid:
                found.findings.append(
                    Finding(
                        code="E004",
                        path=shown,
                        message=f"'{ident}' is not a valid {kind} id: rename the file using "
                        "lowercase letters, digits, - and _",
                    )
                )
                continue
            if ident in first:
                found.findings.append(
                    Finding(
                        code="E006",
                        path=shown,
                        message=f"{kind} id '{ident}' is already used by {first[ident]}; "
                        "rename one of the files",
                    )
                )
                continue
            first[ident] = shown
            found.files.append(SourceFile(kind=kind, id=ident, path=path, shown=shown))
            if when_big is not None and len(found.files) == big:
                when_big()
    return found

"""The pipeline: load -> validate -> score -> link -> lint. The one entry point.

``build_portal`` is what the CLI, the MkDocs plugin, the benchmark and the tests
call; nothing else reads goal files.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .load import load_csv, load_page
from .model import Finding, Portal
from .options import Options, resolve_as_of
from .periods import quarter_of
from .schema import ID_PATTERN, OBJECTIVE_ID_PATTERN
from .score import kpi_status, rollup, score_objectives
from .text import (
    Judgement,
    Request,
    judge_key_result_is_task,
    judge_objective_is_a_number,
    judge_objective_reads_like_kpi,
    remember,
    take_verdicts,
)
from .validate import (
    Reporter,
    _Draft,
    build_model,
    draft_kpi,
    draft_objective,
    draft_team,
    points_from_csv,
)
from .workers import PRELOAD_PIPELINE, map_in_workers, start_server

_ID = re.compile(ID_PATTERN)
_OBJECTIVE_PART = re.compile(OBJECTIVE_ID_PATTERN)


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


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
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
            is_dir = entry.is_dir()
            if not (is_page or is_dir):
                continue
            path = current / name
            link = entry.is_symlink()
            # Only pages and folders are judged here; a KPI's CSV is judged where the page
            # names it (``_attach_data``), so one escaping link is reported once.
            if link and not _inside(path, docs_dir):
                found.findings.append(
                    Finding(
                        code="E010",
                        path=_shown(path, shown_root),
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


def _shown(path: Path, shown_root: Path) -> str:
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
) -> Discovery:
    """Find the team, objective and KPI pages; bad ids (E004) and duplicate ids (E006).

    ``when_big`` is called once, as soon as :data:`PARALLEL_FILES` pages are found.
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
        base = _shown(folder, shown_root)
        base = "" if base == "." else f"{base}/"
        for path, rel in _walk(folder, docs_dir, shown_root, found):
            shown = f"{base}{rel}"
            ident = rel[:-3] if kind == "objective" else path.name[:-3]
            parts = ident.split("/")
            pattern = _OBJECTIVE_PART if kind == "objective" else _ID
            if not all(pattern.match(part) for part in parts):
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
            if when_big is not None and len(found.files) == PARALLEL_FILES:
                when_big()
    return found


def _attach_data(
    draft: _Draft, source: SourceFile, docs_dir: Path, root: Path, sink: list[Finding]
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
    if not _inside(csv_path, docs_dir):
        rep.error(
            "E010",
            at,
            f"data path '{relative}' leads outside the goals folder; keep the CSV beside the page",
        )
        return
    if not csv_path.is_file():
        if explicit:
            rep.error("E009", at, f"data file '{relative}' does not exist")
        return
    tidy = Path(os.path.normpath(csv_path))  # kpis/../data/x.csv is shown as data/x.csv
    raw = load_csv(csv_path, _shown(tidy, root))
    draft.points = points_from_csv(raw, sink)
    draft.values["data_path"] = _shown(tidy, docs_dir)


#: Load and draft pages in worker processes from this many files on: below it,
#: starting the workers (~0.2 s with the fork server) costs more than it saves.
PARALLEL_FILES = 1500
#: Files per task sent to a worker: large enough that pickling stays cheap.
_CHUNK = 250


@dataclass(frozen=True, slots=True)
class _Job:
    """What a worker needs to load and draft a run of files."""

    files: tuple[SourceFile, ...]
    docs_dir: Path
    root: Path
    fiscal_year_start: int
    #: The text checks (Q103-Q105) to judge ahead, while the statements are at hand.
    text_checks: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Done:
    """What a worker sends back: each file's draft and findings, and text verdicts."""

    drafts: list[tuple[_Draft | None, list[Finding]]]
    verdicts: list[tuple[Request, Judgement]]


def _draft_files(
    files: list[SourceFile], docs_dir: Path, root: Path, options: Options
) -> Iterator[tuple[_Draft | None, list[Finding]]]:
    """Load and draft every file, in order: in worker processes for big portals.

    The workers also judge the objective statements and key result titles for the
    text checks, which are otherwise the slowest part of linting, in the main process.
    """
    parallel = len(files) >= PARALLEL_FILES
    checks = frozenset(c for c in _TEXT_CHECKS if parallel and options.lint.enabled(c))
    jobs = [
        _Job(tuple(files[i : i + _CHUNK]), docs_dir, root, options.fiscal_year_start, checks)
        for i in range(0, len(files), _CHUNK)
    ]
    done = None
    if parallel:
        done = map_in_workers(
            _draft_job, jobs, chunksize=1, preload=PRELOAD_PIPELINE, what="loading"
        )
    for result in done if done is not None else map(_draft_job, jobs):
        remember(result.verdicts)
        yield from result.drafts


_TEXT_CHECKS = ("Q103", "Q104", "Q105")


def _draft_job(job: _Job) -> _Done:
    # Runs in a worker process too: the collector would only slow the many small objects.
    enabled = gc.isenabled()
    gc.disable()
    try:
        drafts = [_draft_file(source, job) for source in job.files]
        if not job.text_checks:
            return _Done(drafts, [])
        for draft, _ in drafts:
            if draft is not None and draft.kind == "objective":
                _judge_texts(draft, job.text_checks)
        return _Done(drafts, take_verdicts())
    finally:
        if enabled:
            gc.enable()


def _judge_texts(draft: _Draft, checks: frozenset[str]) -> None:
    """Ask the text checks' questions about one objective as lint will ask them."""
    statement = draft.values.get("objective", "")
    if "Q103" in checks:
        judge_objective_reads_like_kpi(statement)
    if "Q105" in checks:
        judge_objective_is_a_number(statement)
    if "Q104" in checks:
        for kr in draft.krs:
            judge_key_result_is_task(
                kr.get("title", ""),
                kind=kr["kind"],
                has_unit=bool(kr.get("unit")),
                has_kpi="kpi" in kr["refs"],
            )


def _draft_file(source: SourceFile, job: _Job) -> tuple[_Draft | None, list[Finding]]:
    """One file read, parsed and checked field by field, with its findings."""
    findings: list[Finding] = []
    page = load_page(source.path, source.shown)
    findings.extend(page.findings)
    draft: _Draft | None
    if source.kind == "team":
        draft = draft_team(page, source.id, findings)
    elif source.kind == "kpi":
        draft = draft_kpi(page, source.id, findings)
        if draft is not None:
            _attach_data(draft, source, job.docs_dir, job.root, findings)
    else:
        draft = draft_objective(page, source.id, findings, job.fiscal_year_start)
    return draft, findings


def build_portal(
    docs_dir: Path,
    options: Options,
    *,
    as_of: date | None = None,
    root: Path | None = None,
) -> Portal:
    """Run the whole pipeline over ``docs_dir``; never raises for bad goal files.

    Args:
        docs_dir: the goals folder (MkDocs ``docs_dir``).
        options: normalised plugin options.
        as_of: overrides the as_of resolution order (CLI ``--as-of``).
        root: finding paths are shown relative to it (default: ``docs_dir``).
    """
    # Loading makes millions of small, acyclic objects; the cyclic garbage collector would
    # rescan them again and again (a third of the time of a 10,000-objective portal).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_portal(Path(docs_dir), options, as_of, root)
    finally:
        if enabled:
            gc.enable()


def _build_portal(
    docs_dir: Path, options: Options, as_of: date | None, root: Path | None
) -> Portal:
    root = Path(root) if root is not None else docs_dir
    day = resolve_as_of(as_of, options)
    # A big portal is loaded in workers: their fork server starts while the walk goes on.
    found = discover(docs_dir, options, root, when_big=_start_workers)
    findings = list(found.findings)
    drafts: dict[str, list[_Draft]] = {"team": [], "objective": [], "kpi": []}
    for draft, file_findings in _draft_files(found.files, docs_dir, root, options):
        findings.extend(file_findings)
        if draft is not None:
            draft.rep.sink = findings  # what validation finds later joins the rest
            drafts[draft.kind].append(draft)
    model = build_model(drafts["team"], drafts["objective"], drafts["kpi"], findings)
    results = score_objectives(model.objectives, model.kpis, day)
    team_scores, company_scores = rollup(model.objectives, results)
    portal = Portal(
        root=str(root),
        as_of=day,
        current_period=quarter_of(day, options.fiscal_year_start),
        company=options.company,
        teams=model.teams,
        objectives=model.objectives,
        kpis=model.kpis,
        objective_results=results,
        kpi_results={k: kpi_status(kpi, day) for k, kpi in model.kpis.items()},
        team_scores=team_scores,
        company_scores=company_scores,
        findings=(),
        pages=tuple(source.shown for source in found.files),
    )
    findings.extend(_lint(portal, options))
    findings.sort(key=lambda f: f.sort_key)
    return _with_findings(portal, findings)


def _start_workers() -> None:
    start_server(PRELOAD_PIPELINE)  # a no-op when a build started it already


def _lint(portal: Portal, options: Options) -> list[Finding]:
    try:
        from .lint import lint_portal
    except ImportError:  # pragma: no cover - during bootstrap only
        return []
    return lint_portal(portal, options.lint)


def _with_findings(portal: Portal, findings: list[Finding]) -> Portal:
    from dataclasses import replace

    return replace(portal, findings=tuple(findings))

"""The pipeline: discover -> load -> validate -> score -> lint. The one entry point.

``build_portal`` is what the CLI, the MkDocs plugin, the benchmark and the tests
call; nothing else reads goal files. Each stage is a module (or package) of its
own: :mod:`okrsite.source` finds and parses files, :mod:`okrsite.validate` turns
them into the model with E-code findings, :mod:`okrsite.score` scores it and
:mod:`okrsite.lint` adds the Q-code warnings. :mod:`okrsite.engine` decides
whether files are loaded in worker processes; the result is the same.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from .connections import check_connections
from .engine import draft_files, drafting, paused_collector, start_workers, verdicts
from .engine.seal import cache_key
from .lint import lint_portal
from .model import Finding, Portal
from .options import Options, resolve_as_of
from .periods import quarter_of
from .score import kpi_status, rollup, score_objectives
from .source.discover import Discovery, SourceFile, discover
from .validate import Draft, build_model

__all__ = ["Discovery", "SourceFile", "build_portal", "discover"]


def build_portal(
    docs_dir: Path,
    options: Options,
    *,
    as_of: date | None = None,
    root: Path | None = None,
    cache: bool = False,
) -> Portal:
    """Run the whole pipeline over ``docs_dir``; never raises for bad goal files.

    Args:
        docs_dir: the goals folder (MkDocs ``docs_dir``).
        options: normalised plugin options.
        as_of: overrides the as_of resolution order (CLI ``--as-of``).
        root: finding paths are shown relative to it (default: ``docs_dir``).
        cache: read and keep the text checks' verdicts in the project's cache folder
            (``root``/``cache_dir``; :mod:`okrsite.engine.verdicts`). ``check`` and
            builds do; commands that promise to change one file only do not.
    """
    with paused_collector():
        return _build_portal(Path(docs_dir), options, as_of, root, cache)


def _build_portal(
    docs_dir: Path, options: Options, as_of: date | None, root: Path | None, cache: bool
) -> Portal:
    # Verdicts are kept when there is a project (the folder of mkdocs.yml) to keep them
    # in and a key to seal them with.
    key = cache_key(Path(root)) if cache and root is not None else None
    kept = (Path(root) / options.cache_dir, key) if root is not None and key else None
    root = Path(root) if root is not None else docs_dir
    day = resolve_as_of(as_of, options)
    # A big portal is loaded in workers: their fork server starts while the walk goes on.
    found = discover(docs_dir, options, root, when_big=start_workers, big=drafting.PARALLEL_FILES)
    findings = list(found.findings)
    drafts: dict[str, list[Draft]] = {"team": [], "objective": [], "kpi": []}
    for draft, file_findings in draft_files(found.files, docs_dir, root, options, cache=kept):
        findings.extend(file_findings)
        if draft is not None:
            draft.report_to(findings)  # what validation finds later joins the rest
            drafts[draft.kind].append(draft)
    model = build_model(drafts["team"], drafts["objective"], drafts["kpi"], findings)
    findings.extend(check_connections(model.kpis.values(), options.connections))
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
    if kept is not None:
        verdicts.keep(*kept)
    findings.sort(key=lambda f: f.sort_key)
    return _with_findings(portal, findings)


def _lint(portal: Portal, options: Options) -> list[Finding]:
    return lint_portal(portal, options.lint)


def _with_findings(portal: Portal, findings: list[Finding]) -> Portal:
    return replace(portal, findings=tuple(findings))

"""Loading and drafting the discovered files, in worker processes when the portal is big."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model import Finding
from ..options import Options
from ..source.discover import SourceFile
from ..source.load import MAX_PAGE_BYTES, read_text
from ..text import (
    Judgement,
    Request,
    judge_key_result_is_task,
    judge_objective_is_a_number,
    judge_objective_reads_like_kpi,
    remember,
    take_verdicts,
)
from ..validate import Draft
from ..validate.files import draft_file
from . import pickling as _pickling  # noqa: F401  (registers the compact reducers)
from . import verdicts as kept
from .collector import paused_collector
from .draftstore import Drafted, DraftStore, entry_key, kept_kind
from .workers import PRELOAD_PIPELINE, map_in_workers, start_server

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
    #: Where the last run's verdicts are kept, and the key that seals them.
    verdicts: tuple[Path, bytes] | None = None
    #: The files' texts where they were read already (None: read it), else ().
    texts: tuple[str | None, ...] = ()


@dataclass(slots=True)
class _Done:
    """What a worker sends back: each file's draft and findings, and text verdicts."""

    drafts: list[tuple[Draft | None, list[Finding]]]
    verdicts: list[tuple[Request, Judgement]]


def draft_files(
    files: list[SourceFile],
    docs_dir: Path,
    root: Path,
    options: Options,
    *,
    cache: tuple[Path, bytes] | None = None,
) -> Iterator[tuple[Draft | None, list[Finding]]]:
    """Load and draft every file, in order: in worker processes for big portals.

    The serial path (``map(_draft_job, jobs)``) is the reference: the parallel one
    gives the same drafts and findings (tests/test_workers.py). The workers also
    judge the objective statements and key result titles for the text checks,
    which are otherwise the slowest part of linting, in the main process.
    ``cache`` (a cache folder and its key) holds the last run's verdicts
    (:mod:`.verdicts`), which this process and each worker read before judging,
    and the drafts of the pages that have not changed since (:mod:`.draftstore`).
    """
    store = DraftStore(*cache) if cache is not None else None
    known: dict[int, Drafted] = {}
    texts: dict[int, str] = {}
    keys: dict[int, str] = {}
    if store is not None:
        for i, source in enumerate(files):
            if not kept_kind(source):
                continue
            text, _ = read_text(source.path, source.shown, MAX_PAGE_BYTES)
            if text is None:
                continue  # drafted as usual, which reports why it cannot be read
            keys[i] = entry_key(source, text, options.fiscal_year_start)
            hit = store.get(keys[i])
            if hit is None:
                texts[i] = text  # drafted from the very text its key was made of
            else:
                known[i] = hit
    todo = [i for i in range(len(files)) if i not in known]
    parallel = len(todo) >= PARALLEL_FILES
    checks = frozenset(c for c in _TEXT_CHECKS if parallel and options.lint.enabled(c))
    if cache is not None:
        kept.preload(*cache)
    jobs = [
        _Job(
            tuple(files[i] for i in run),
            docs_dir,
            root,
            options.fiscal_year_start,
            checks,
            cache if checks else None,
            tuple(texts.get(i) for i in run) if texts else (),
        )
        for run in (todo[at : at + _CHUNK] for at in range(0, len(todo), _CHUNK))
    ]
    done = _in_workers(jobs) if parallel else None
    drafted = (
        drafts
        for result in (done if done is not None else map(_draft_job, jobs))
        for drafts in _verdicts_taken(result)
    )
    for i in range(len(files)):
        if i in known:
            yield known[i]
            continue
        new = next(drafted)
        if store is not None and i in keys:
            store.put(keys[i], new)  # before the caller changes it
        yield new
    if store is not None:
        store.save()


def _verdicts_taken(result: _Done) -> list[tuple[Draft | None, list[Finding]]]:
    remember(result.verdicts)
    return result.drafts


_TEXT_CHECKS = ("Q103", "Q104", "Q105")


def _in_workers(jobs: list[_Job]) -> list[_Done] | None:
    """The jobs' results, in order, from worker processes and this one; None without workers.

    The jobs of KPI pages only (their CSVs, no statement to judge) are done here
    while the workers load and judge the rest: this process would otherwise wait,
    first for the workers to start, then for their results, and its drafts need
    not travel through a pipe.
    """
    here = [i for i, job in enumerate(jobs) if all(f.kind == "kpi" for f in job.files)]
    mine = frozenset(here)
    away = [i for i in range(len(jobs)) if i not in mine]
    if not away:
        here, away = [], list(range(len(jobs)))
    done_here: dict[int, _Done] = {}

    def meanwhile() -> None:
        for i in here:
            done_here[i] = _draft_job(jobs[i])

    results = map_in_workers(
        _draft_job,
        [jobs[i] for i in away],
        chunksize=1,
        preload=PRELOAD_PIPELINE,
        what="loading",
        meanwhile=meanwhile,
    )
    if results is None:
        return None  # no workers: every job is done in-process, in order, by the caller
    done_here.update(zip(away, results, strict=True))
    return [done_here[i] for i in range(len(jobs))]


def _draft_job(job: _Job) -> _Done:
    # Runs in a worker process too: the collector would only slow the many small objects.
    with paused_collector():
        texts = job.texts or (None,) * len(job.files)
        drafts = [
            draft_file(source, job.docs_dir, job.root, job.fiscal_year_start, text)
            for source, text in zip(job.files, texts, strict=True)
        ]
        if not job.text_checks:
            return _Done(drafts, [])
        if job.verdicts is not None:
            kept.preload(*job.verdicts)  # once per worker
        for draft, _ in drafts:
            if draft is not None and draft.kind == "objective":
                _judge_texts(draft, job.text_checks)
        return _Done(drafts, take_verdicts())


def _judge_texts(draft: Draft, checks: frozenset[str]) -> None:
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


def start_workers() -> None:
    """Start the loading workers' fork server early (a no-op when it runs already)."""
    start_server(PRELOAD_PIPELINE)

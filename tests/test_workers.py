"""The parallel paths (loading, text checks) give exactly what the in-process paths give."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from okrsite import portal as pipeline
from okrsite import text as textcheck
from okrsite.engine import drafting, workers
from okrsite.export import export_data
from okrsite.options import options_from_mapping

ROOT = Path(__file__).resolve().parents[1]


def _example(monkeypatch: pytest.MonkeyPatch, *, parallel: bool) -> dict[str, object]:
    monkeypatch.setattr(drafting, "PARALLEL_FILES", 1 if parallel else 10**9)
    monkeypatch.setattr(drafting, "_CHUNK", 5)  # several jobs, so that workers start
    textcheck._VERDICTS.clear()
    options = options_from_mapping({"company": "Tidewright", "as_of": "2026-11-15"})
    portal = pipeline.build_portal(ROOT / "goals", options, root=ROOT)
    return export_data(portal)


def test_parallel_build_equals_in_process_build(monkeypatch: pytest.MonkeyPatch) -> None:
    if workers.worker_count() < 2:
        pytest.skip("one CPU: no worker processes are started")
    serial = _example(monkeypatch, parallel=False)
    parallel = _example(monkeypatch, parallel=True)
    assert parallel == serial
    assert serial["findings"], "the example shows some warnings on purpose"


def test_findings_found_after_loading_still_reach_the_portal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reference errors are found by build_model, after the drafts came back from workers."""
    if workers.worker_count() < 2:
        pytest.skip("one CPU: no worker processes are started")
    docs = tmp_path / "goals"
    (docs / "teams").mkdir(parents=True)
    (docs / "teams/sales.md").write_text("---\nname: Sales\nparent: nowhere\n---\n", "utf-8")
    monkeypatch.setattr(drafting, "PARALLEL_FILES", 1)
    portal = pipeline.build_portal(docs, options_from_mapping({"as_of": "2026-11-15"}))
    assert [(f.code, f.path, f.line) for f in portal.findings if f.is_error] == [
        ("E007", "teams/sales.md", 3)
    ]


def test_workers_judge_the_texts_lint_asks_about(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loaded in workers, the statements come back judged: lint then finds every verdict."""
    if workers.worker_count() < 2:
        pytest.skip("one CPU: no worker processes are started")
    _example(monkeypatch, parallel=True)
    sent = dict(textcheck._VERDICTS)
    asked: list[textcheck.Request] = []
    real = textcheck._verdict

    def spy(request: textcheck.Request) -> textcheck.Judgement:
        asked.append(request)
        return real(request)

    monkeypatch.setattr(textcheck, "_verdict", spy)
    options = options_from_mapping({"company": "Tidewright", "as_of": "2026-11-15"})
    monkeypatch.setattr(drafting, "PARALLEL_FILES", 10**9)
    from okrsite.lint import lint_portal

    portal = pipeline.build_portal(ROOT / "goals", options, root=ROOT)
    lint_portal(portal, options.lint)
    assert asked and all(request in sent for request in asked)
    assert {r[0] for r in asked} == {"Q103", "Q104", "Q105"}


def test_map_in_workers_keeps_order_and_declines_with_one_worker() -> None:
    if workers.worker_count() < 2:
        pytest.skip("one CPU: no worker processes are started")
    items = list(range(50))
    assert workers.map_in_workers(abs, [-i for i in items], chunksize=3) == items
    assert workers.map_in_workers(abs, items, workers=1) is None


def test_drafts_travel_without_their_raw_trees() -> None:
    """What a worker sends back holds no YAML node trees (they made pickling slow)."""
    options = options_from_mapping({"as_of": "2026-11-15"})
    found = pipeline.discover(ROOT / "goals", options, ROOT)
    job = drafting._Job(tuple(found.files), ROOT / "goals", ROOT, 1)
    drafts = [draft for draft, _ in drafting._draft_job(job).drafts if draft is not None]
    objectives = [d for d in drafts if d.kind == "objective"]
    assert objectives and all(d.krs for d in objectives)
    for draft in objectives:
        assert "key_results" not in draft.values and "checkins" not in draft.values
        assert not any(
            dataclasses.is_dataclass(v) and type(v).__name__ == "Node"
            for v in draft.values.values()
        )


def test_the_parallel_build_really_uses_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    if workers.worker_count() < 2:
        pytest.skip("one CPU: no worker processes are started")
    calls: list[int] = []
    real = workers.map_in_workers

    def spy(func, items, **kwargs):  # type: ignore[no-untyped-def]
        result = real(func, items, **kwargs)
        calls.append(-1 if result is None else len(result))
        return result

    monkeypatch.setattr(drafting, "map_in_workers", spy)
    _example(monkeypatch, parallel=True)
    assert calls and all(n > 1 for n in calls), calls


def test_kpi_pages_are_drafted_here_while_the_workers_draft_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The main process drafts the KPI-only jobs itself; the result equals the serial one."""
    if workers.worker_count() < 2:
        pytest.skip("one CPU: no worker processes are started")
    serial = _example(monkeypatch, parallel=False)
    here: list[str] = []
    real = drafting.draft_file

    def spy(source, *args):  # type: ignore[no-untyped-def]
        here.append(source.kind)  # only calls in this process are seen
        return real(source, *args)

    monkeypatch.setattr(drafting, "draft_file", spy)
    parallel = _example(monkeypatch, parallel=True)
    assert here and set(here) == {"kpi"}, here
    assert parallel == serial


def test_discovery_starts_the_workers_once_the_portal_is_big(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fork server starts while the walk goes on, once, and only for a big portal."""
    options = options_from_mapping({"as_of": "2026-11-15"})
    every = pipeline.discover(ROOT / "goals", options, ROOT)
    calls: list[int] = []
    found_so_far = len(every.files) - 1
    again = pipeline.discover(
        ROOT / "goals", options, ROOT, when_big=lambda: calls.append(1), big=found_so_far
    )
    assert calls == [1]
    assert again.files == every.files
    pipeline.discover(
        ROOT / "goals", options, ROOT, when_big=lambda: calls.append(2), big=len(every.files) + 1
    )
    assert calls == [1]


def test_discovered_ids_and_shown_paths_follow_the_files() -> None:
    options = options_from_mapping({"as_of": "2026-11-15"})
    found = pipeline.discover(ROOT / "goals", options, ROOT)
    assert found.files
    for source in found.files:
        assert source.shown == source.path.relative_to(ROOT).as_posix()
        folder = ROOT / "goals" / getattr(options, f"{source.kind}s_dir")
        expected = source.path.relative_to(folder).with_suffix("").as_posix()
        assert source.id == (expected if source.kind == "objective" else source.path.stem)

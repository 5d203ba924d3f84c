"""Drafts of unchanged pages are kept between processes (``engine.draftstore``): a run
after one edit parses only the page that changed, and loads the very portal a run with
nothing kept loads, findings included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import CACHE_SECRET

from okrsite.engine import draftstore
from okrsite.options import options_from_mapping
from okrsite.portal import build_portal
from okrsite.validate import files as drafting_files

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = {"company": "Tidewright", "as_of": "2026-11-15"}
#: A page with problems: its findings must come back from the store as they were made.
FLAWED = """\
---
objective: Grow
owner: nobody-known
period: 2026-Q4
key_results:
  - title: More
    start: 1
    target: 1
    current: zero
---
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example's goals, with one flawed page, its cache sealed with a key."""
    monkeypatch.setenv("OKRSITE_CACHE_KEY", CACHE_SECRET)
    shutil.copytree(ROOT / "goals", tmp_path / "goals")
    (tmp_path / "goals/objectives/2026-Q4/flawed.md").write_text(FLAWED, encoding="utf-8")
    return tmp_path


def _load(project: Path, *, cache: bool = True) -> tuple[object, list[str]]:
    """The portal, and the pages parsed to load it."""
    parsed: list[str] = []
    parse = drafting_files.parse_page
    load = drafting_files.load_page

    def counted_parse(text: str, shown: str):  # type: ignore[no-untyped-def]
        parsed.append(shown)
        return parse(text, shown)

    def counted_load(path: Path, shown: str):  # type: ignore[no-untyped-def]
        parsed.append(shown)
        return load(path, shown)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(drafting_files, "parse_page", counted_parse)
        patch.setattr(drafting_files, "load_page", counted_load)
        portal = build_portal(
            project / "goals", options_from_mapping(OPTIONS), root=project, cache=cache
        )
    return portal, parsed


def test_a_second_run_parses_only_the_kpi_pages(project: Path) -> None:
    fresh, parsed_first = _load(project, cache=False)
    _, parsed_keeping = _load(project)
    again, parsed_again = _load(project)
    assert parsed_first == parsed_keeping and len(parsed_first) > 10
    kpis = [p for p in parsed_first if "/kpis/" in p]
    assert kpis and parsed_again == kpis  # a KPI's draft depends on its CSV: always read
    assert again == fresh  # the model, scores and findings, the flawed page's included
    assert any("flawed.md" in f.path for f in fresh.findings)  # type: ignore[attr-defined]


def test_after_an_edit_only_the_edited_page_is_parsed(project: Path) -> None:
    _load(project)
    page = project / "goals/objectives/2026-Q4/flawed.md"
    page.write_text(FLAWED.replace("current: zero", "current: 1"), encoding="utf-8")
    edited, parsed = _load(project)
    assert [p for p in parsed if "/kpis/" not in p] == ["goals/objectives/2026-Q4/flawed.md"]
    fresh, _ = _load(project, cache=False)
    assert edited == fresh
    # Back to the first text: the first draft is kept no more (only what a run used is).
    page.write_text(FLAWED, encoding="utf-8")
    _, parsed = _load(project)
    assert [p for p in parsed if "/kpis/" not in p] == ["goals/objectives/2026-Q4/flawed.md"]


def test_another_version_of_the_code_keeps_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, parsed_first = _load(project)
    monkeypatch.setattr(draftstore, "stamp", lambda: "another version of okrsite")
    _, parsed = _load(project)
    assert parsed == parsed_first


def test_without_a_key_nothing_is_kept(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(project / "no-home"))
    monkeypatch.delenv("OKRSITE_CACHE_KEY")  # and a key file in the project is refused
    _load(project)
    assert not (project / ".cache/okrsite" / draftstore.FILE).exists()

"""The GitHub workflows are valid and run the commands the README documents."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _runs(workflow: dict[str, Any]) -> list[str]:
    return [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]


def _uses(workflow: dict[str, Any]) -> list[str]:
    return [
        step["uses"].split("@")[0]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "uses" in step
    ]


def test_check_workflow_runs_on_pull_requests() -> None:
    workflow = _workflow("check.yml")
    # PyYAML reads the bare key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert "pull_request" in workflow[True]
    runs = "\n".join(_runs(workflow))
    assert "okrsite check --format github" in runs
    assert "mkdocs build" in runs
    assert re.search(r"okrsite diff \S*base\.json\S* \S*head\.json", runs)
    assert "GITHUB_STEP_SUMMARY" in runs
    assert "actions/upload-artifact" in _uses(workflow)
    setup = next(
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/setup-python")
    )
    assert setup["with"]["cache"] == "pip"


def test_pages_workflow_publishes_with_the_official_actions() -> None:
    workflow = _workflow("pages.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    uses = _uses(workflow)
    for action in ("actions/cache", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    cache = next(
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/cache")
    )
    plugin = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(
        p["okrsite"] for p in plugin["plugins"] if isinstance(p, dict) and "okrsite" in p
    )
    assert cache["with"]["path"] == options.get("cache_dir", ".cache/okrsite")
    assert workflow["permissions"]["pages"] == "write"


def test_workflows_run_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("check.yml", "pages.yml"):
        for run in _runs(_workflow(name)):
            for line in run.splitlines():
                line = line.strip()
                if line.startswith(("okrsite check", "mkdocs build")):
                    assert line in readme, f"{name}: '{line}' is not documented in the README"


def test_pre_commit_hook_runs_okrsite_check() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "okrsite-check")
    assert hook["entry"] == "okrsite check"
    assert hook["pass_filenames"] is False

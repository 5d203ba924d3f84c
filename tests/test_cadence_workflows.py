"""The scheduled workflows: daily Pages build, weekly pull / due / digest, kept thin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _step(workflow: dict[str, Any], job: str, name_part: str) -> dict[str, Any]:
    return next(s for s in workflow["jobs"][job]["steps"] if name_part in s.get("name", ""))


def test_pages_also_build_every_day() -> None:
    triggers = _workflow("pages.yml")[True]
    assert triggers["push"]["branches"] == ["main"]
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month, weekday) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()


def test_weekly_workflow_runs_the_three_commands() -> None:
    workflow = _workflow("cadence.yml")
    (cron,) = [entry["cron"] for entry in workflow[True]["schedule"]]
    assert cron.split()[2:] == ["*", "*", "1"]  # Mondays
    assert set(workflow["jobs"]) == {"pull", "due", "digest"}
    pull = _step(workflow, "pull", "okrsite pull")
    assert "okrsite pull" in pull["run"]
    assert pull["env"]["OKRSITE_WAREHOUSE_URL"] == "${{ secrets.OKRSITE_WAREHOUSE_URL }}"
    proposal = _step(workflow, "pull", "pull request")["run"]
    assert "gh pr create" in proposal and "git push" in proposal
    assert workflow["jobs"]["pull"]["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
    }
    due = _step(workflow, "due", "okrsite due")["run"]
    assert "okrsite due --format json" in due
    issues = _step(workflow, "due", "issue")
    assert "python -m okrsite.cadence.issues" in issues["run"] and "--apply" in issues["run"]
    assert workflow["jobs"]["due"]["permissions"]["issues"] == "write"
    digest = _step(workflow, "digest", "digest")["run"]
    assert "okrsite digest --since" in digest and "GITHUB_STEP_SUMMARY" in digest
    chat = _step(workflow, "digest", "chat")
    assert chat["if"] == "env.OKRSITE_CHAT_WEBHOOK != ''"
    assert workflow["jobs"]["digest"]["env"]["OKRSITE_CHAT_WEBHOOK"] == (
        "${{ secrets.OKRSITE_CHAT_WEBHOOK }}"
    )


def test_the_digest_step_runs_on_the_example(tmp_path: Path) -> None:
    """The step's own shell, run on the example portal (its as_of is pinned)."""
    script = _step(_workflow("cadence.yml"), "digest", "digest")["run"]
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## [Tidewright goals: 2026-11-08 → 2026-11-15](")


def test_people_mapping_file_maps_nobody_in_the_example() -> None:
    from okrsite.cadence.issues import read_logins

    text = (ROOT / ".github/okrsite-people.yml").read_text(encoding="utf-8")
    assert read_logins(text) == {}

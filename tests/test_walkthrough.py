"""The README walk-through, run command by command on a copy of the example portal."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _walkthrough() -> list[tuple[str, int | None]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- walkthrough:start -->")[1].split("<!-- walkthrough:end -->")[0]
    commands = []
    for line in block.splitlines():
        if not line.strip() or line.startswith("```"):
            continue
        command, _, comment = line.partition("  #")
        match = re.search(r"exits (\d+)", comment)
        commands.append((command.strip(), int(match.group(1)) if match else None))
    return commands


def _make_recipe(target: str) -> list[str]:
    """The shell lines of a Makefile target, with the venv's bin folder substituted."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip().replace("$(BIN)", str(BIN)))
    return recipe


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture()
def portal_copy(tmp_path: Path) -> Path:
    for name in ("goals", "theme", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / ".venv").symlink_to(BIN.parent)
    return tmp_path


def _score(cwd: Path, objective: str) -> float:
    out = _run(f"{BIN}/okrsite export", cwd)
    data = json.loads(out.stdout)
    return next(o["score"] for o in data["objectives"] if o["id"] == objective)


def test_readme_walkthrough_runs_as_written(portal_copy: Path) -> None:
    commands = _walkthrough()
    assert len(commands) >= 6
    page = portal_copy / "goals/objectives/2026-Q4/faster-support.md"
    before_text = page.read_text(encoding="utf-8")
    before_score = _score(portal_copy, "2026-Q4/faster-support")
    outputs = []
    for command, expected in commands:
        if command.startswith("make "):
            for line in _make_recipe(shlex.split(command)[1]):
                result = _run(line, portal_copy)
                assert result.returncode == 0, (line, result.stdout, result.stderr)
            outputs.append("")
            continue
        result = _run(command, portal_copy)
        assert "Traceback" not in result.stderr
        if expected is not None:
            assert result.returncode == expected, (command, result.stdout, result.stderr)
        outputs.append(result.stdout)
    failing_check = outputs[3]
    assert "E002 unknown key 'onwer'" in failing_check
    assert "did you mean 'owner'?" in failing_check
    after_text = page.read_text(encoding="utf-8")
    assert after_text.startswith(before_text.split("\n---\n")[0])  # only appended
    assert "frt: 5.5" in after_text
    assert _score(portal_copy, "2026-Q4/faster-support") > before_score
    built = (portal_copy / "site/objectives/2026-Q4/faster-support/index.html").read_text()
    assert "Weekend rota works" in built

"""Malformed goal files are refused with their code at their line, through both front doors.

``okrsite check`` and a real ``mkdocs build`` each read a portal that holds
every case of :mod:`tests.malformed`; each case must be reported as
``path:line:col: CODE`` and neither may print a traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from malformed import CASES, Case

BIN = Path(sys.executable).parent
_FINDING = re.compile(r"(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[EQ]\d{3}) ")

MKDOCS_YML = """\
site_name: Malformed
docs_dir: goals
theme:
  name: material
plugins:
  - okrsite:
      as_of: 2026-11-15
"""


def write_malformed_portal(root: Path, cases: tuple[Case, ...] = CASES) -> Path:
    docs = root / "goals"
    (docs / "teams").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for case in cases:
        path = docs / case.path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = case.text if isinstance(case.text, bytes) else case.text.encode("utf-8")
        path.write_bytes(data)
        if path.suffix == ".csv" and not path.with_suffix(".md").exists():
            path.with_suffix(".md").write_text(
                "---\nname: K\nowner: Ann\ndefinition: d\nsource: s\ncadence: monthly\n"
                "target: 10\n---\n",
                encoding="utf-8",
            )
    return docs


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _findings(output: str) -> set[tuple[str, int, str]]:
    return {
        (m["path"].removeprefix("goals/"), int(m["line"]), m["code"])
        for m in _FINDING.finditer(output)
    }


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("malformed")
    write_malformed_portal(root)
    return root


@pytest.fixture(scope="module")
def check_output(portal: Path) -> subprocess.CompletedProcess[str]:
    return _run([str(BIN / "okrsite"), "check"], portal)


@pytest.fixture(scope="module")
def build_output(portal: Path) -> subprocess.CompletedProcess[str]:
    return _run([str(BIN / "mkdocs"), "build", "--site-dir", "site"], portal)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_refuses(case: Case, check_output: subprocess.CompletedProcess[str]) -> None:
    assert check_output.returncode == 1
    assert "Traceback" not in check_output.stdout + check_output.stderr
    assert (case.path, case.line, case.code) in _findings(check_output.stdout)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_build_refuses(case: Case, build_output: subprocess.CompletedProcess[str]) -> None:
    assert build_output.returncode == 1
    assert "Traceback" not in build_output.stdout + build_output.stderr
    assert (case.path, case.line, case.code) in _findings(build_output.stderr)


def test_nothing_else_is_wrong(check_output: subprocess.CompletedProcess[str]) -> None:
    """Each file gives its own finding and no stray error (a valid portal around them)."""
    expected = {(c.path, c.line, c.code) for c in CASES}
    errors = {f for f in _findings(check_output.stdout) if f[2].startswith("E")}
    stray = {f for f in errors - expected if f[0] not in {c.path for c in CASES}}
    assert stray == set()

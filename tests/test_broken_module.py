"""A module of okrsite that fails to import makes ``okrsite check`` fail, loudly.

Each run starts the real program in a fresh interpreter whose ``sitecustomize``
makes one okrsite module raise ImportError when imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Real builds or fresh interpreters: left out by make test-fast.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

SITECUSTOMIZE = """\
import importlib.abc
import sys


class _Breaker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            raise ImportError("broken on purpose: " + name)
        return None


sys.meta_path.insert(0, _Breaker())
"""


def _check(tmp_path: Path, broken: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if broken is not None:
        hook = tmp_path / "hook"
        hook.mkdir(exist_ok=True)
        (hook / "sitecustomize.py").write_text(
            textwrap.dedent(SITECUSTOMIZE.format(module=broken)), encoding="utf-8"
        )
        env["PYTHONPATH"] = os.pathsep.join([str(hook), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", "from okrsite.cli import entry; entry()", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_example_checks_clean_without_a_broken_module(tmp_path: Path) -> None:
    result = _check(tmp_path, None)
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stdout  # the example shows some warnings on purpose


@pytest.mark.parametrize(
    "module",
    [
        "okrsite.lint.kpis",  # a family of quality checks
        "okrsite.lint",
        "okrsite.validate.points",
        "okrsite.cli.new",  # the authoring commands were once optional
        "okrsite.text.structure",  # the phrasing checks
    ],
)
def test_a_module_that_fails_to_import_fails_check(tmp_path: Path, module: str) -> None:
    result = _check(tmp_path, module)
    assert result.returncode != 0
    assert f"broken on purpose: {module}" in result.stderr
    assert "Found 0 errors" not in result.stdout

"""What okrsite prints: no terminal escapes from goal files, one line when output fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from okrsite.terminal import json_printable, printable

OKRSITE = str(Path(sys.executable).with_name("okrsite"))
ESCAPES = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def test_printable_shows_controls_as_escapes() -> None:
    assert printable("a\x1b]0;owned\x07b") == "a\\x1b]0;owned\\x07b"
    assert printable("x\x9b2Jy\u202ez\rw") == "x\\x9b2Jy\\u202ez\\x0dw"
    assert printable("Café, 王伟, tab\tok") == "Café, 王伟, tab\tok"
    assert json.loads(json_printable(json.dumps({"m": "a\x9bb\u2028"}, ensure_ascii=False))) == {
        "m": "a\x9bb\u2028"
    }


@pytest.fixture()
def escaping_portal(tmp_path: Path) -> Path:
    goals = tmp_path / "goals" / "objectives"
    goals.mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: goals\nplugins:\n  - okrsite:\n      as_of: 2026-11-15\n",
        encoding="utf-8",
    )
    (goals / "evil.md").write_text(
        "---\n"
        'objective: "Title \\e]0;pwned\\a and \\x9b2J \\u202e"\n'
        "period: 2026-Q4\n"
        "owner: Ann\n"
        "key_results:\n"
        '  - title: "KR"\n'
        '    target: "\\e[2J12"\n'
        "---\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize("style", ["text", "github", "json"])
def test_check_prints_no_escape(escaping_portal: Path, style: str) -> None:
    result = subprocess.run(
        [OKRSITE, "check", "--format", style],
        cwd=escaping_portal,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "E004" in out
    assert not [c for c in ESCAPES if c in out]
    if style != "json":
        assert "\\x1b[2J12" in out  # shown, visibly


def _portal(tmp_path: Path) -> Path:
    (tmp_path / "goals" / "teams").mkdir(parents=True)
    (tmp_path / "goals" / "teams" / "a.md").write_text("---\nname: A\n---\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: goals\nplugins:\n  - okrsite:\n      as_of: 2026-11-15\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["check"], ["export"], ["schema"]])
def test_a_full_disk_is_one_line_and_exit_1(tmp_path: Path, command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [OKRSITE, *command],
            cwd=_portal(tmp_path),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr == "okrsite: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("command", [["check"], ["export"]])
def test_a_closed_pipe_is_one_line_and_exit_1(tmp_path: Path, command: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [OKRSITE, *command],
            cwd=_portal(tmp_path),
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    assert result.returncode == 1
    assert result.stderr == "okrsite: cannot write the output: Broken pipe\n"

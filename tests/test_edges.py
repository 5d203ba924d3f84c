"""Inputs at the edges: plugin options, special files under the goals folder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from okrsite.options import OptionsError, options_from_mapping, read_site_config
from okrsite.source.special import special_kind

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

TEAM = "---\nname: Sales\n---\n"


def _site(root: Path, options: str = "") -> Path:
    (root / "goals" / "teams").mkdir(parents=True, exist_ok=True)
    (root / "goals" / "teams" / "sales.md").write_text(TEAM, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Edges\ndocs_dir: goals\ntheme:\n  name: material\nplugins:\n"
        f"  - okrsite:\n      as_of: 2026-11-15\n{options}",
        encoding="utf-8",
    )
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("teams_dir", "../outside"),
        ("objectives_dir", "/etc"),
        ("kpis_dir", "a/../../b"),
        ("teams_dir", "C:/goals"),
    ],
)
def test_folder_options_stay_inside_docs_dir(key: str, value: str) -> None:
    with pytest.raises(OptionsError, match=f"option '{key}' must be a folder inside docs_dir"):
        options_from_mapping({key: value})


def test_folder_options_are_normalised() -> None:
    options = options_from_mapping({"teams_dir": "./org/teams/", "kpis_dir": "metrics"})
    assert (options.teams_dir, options.kpis_dir) == ("org/teams", "metrics")


def test_outside_folder_is_a_clear_error_in_check_and_build(tmp_path: Path) -> None:
    root = _site(tmp_path, "      teams_dir: ../outside\n")
    (tmp_path / "outside").mkdir()
    check = _run(root, "okrsite", "check")
    assert check.returncode == 2
    assert "option 'teams_dir' must be a folder inside docs_dir" in check.stderr
    build = _run(root, "mkdocs", "build")
    assert build.returncode == 1
    assert "option 'teams_dir' must be a folder inside docs_dir" in build.stderr
    assert "Traceback" not in check.stderr + build.stderr


def test_an_impossible_as_of_is_a_clear_error(tmp_path: Path) -> None:
    root = _site(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("2026-11-15", "2026-02-30"), encoding="utf-8")
    with pytest.raises(OptionsError, match="'2026-02-30' is not a date"):
        options_from_mapping(read_site_config(config).plugin)
    check = _run(root, "okrsite", "check")
    assert check.returncode == 2
    assert "'2026-02-30' is not a date; write YYYY-MM-DD" in check.stderr
    assert "Traceback" not in check.stderr
    quoted = config.read_text().replace("as_of: 2026-02-30", 'as_of: "2026-02-30"')
    config.write_text(quoted, encoding="utf-8")
    build = _run(root, "mkdocs", "build")
    assert build.returncode == 1
    assert "'2026-02-30' is not a date" in build.stderr
    assert "Traceback" not in build.stderr


def test_special_kinds(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nothing")
    regular = tmp_path / "a.md"
    regular.write_text("x", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(regular)
    assert special_kind(fifo) == "a FIFO (named pipe)"
    assert special_kind(loop) == "a symbolic link loop"
    assert special_kind(dangling) == "a symbolic link to nothing"
    assert special_kind(regular) is None
    assert special_kind(tmp_path / "link.md") is None
    assert special_kind(tmp_path) is None


@pytest.fixture()
def special_site(tmp_path: Path) -> Path:
    root = _site(tmp_path)
    goals = root / "goals"
    (goals / "objectives").mkdir()
    (goals / "kpis").mkdir()
    os.mkfifo(goals / "objectives" / "fifo.md")
    (goals / "objectives" / "loop.md").symlink_to("loop.md")
    (goals / "teams" / "cycle").symlink_to("cycle")
    (goals / "kpis" / "k.md").write_text(
        "---\nname: K\nowner: Ann\ndefinition: d\nsource: s\ncadence: monthly\ntarget: 1\n---\n",
        encoding="utf-8",
    )
    os.mkfifo(goals / "kpis" / "k.csv")
    short = Path("/tmp") / f"okrsite-sock-{os.getpid()}"  # socket paths are short
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(short))
        os.rename(short, goals / "teams" / "sock.md")
    return root


def test_special_files_are_findings_not_reads(special_site: Path) -> None:
    check = _run(special_site, "okrsite", "check")
    assert check.returncode == 1
    out = check.stdout
    assert "goals/objectives/fifo.md:1:1: E001 this is a FIFO (named pipe), not a file" in out
    assert "goals/objectives/loop.md:1:1: E001 this is a symbolic link loop" in out
    assert "goals/teams/sock.md:1:1: E001 this is a socket" in out
    assert "goals/kpis/k.csv:1:1: E009 this is a FIFO (named pipe)" in out
    build = _run(special_site, "mkdocs", "build")
    assert build.returncode == 1
    assert "E001 this is a FIFO (named pipe)" in build.stderr
    assert "Traceback" not in check.stderr + build.stderr


def test_special_files_outside_the_goal_folders_are_skipped(tmp_path: Path) -> None:
    root = _site(tmp_path)
    os.mkfifo(root / "goals" / "notes.md")
    (root / "goals" / "loop.css").symlink_to("loop.css")
    build = _run(root, "mkdocs", "build")
    assert build.returncode == 0, build.stderr
    assert "notes.md: skipped: this is a FIFO (named pipe)" in build.stderr
    assert "loop.css: skipped: this is a symbolic link loop" in build.stderr


@pytest.mark.parametrize("day", ["0001-01-05", "1899-12-31", "9999-12-31"])
def test_as_of_outside_the_covered_years_is_a_clear_error(tmp_path: Path, day: str) -> None:
    root = _site(tmp_path)
    check = _run(root, "okrsite", "check", "--as-of", day)
    assert check.returncode == 2
    assert f"{day} is outside the years 1900 to 9998 okrsite covers" in check.stderr
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("2026-11-15", day), encoding="utf-8")
    build = _run(root, "mkdocs", "build")
    assert build.returncode == 1
    assert f"{day} is outside the years" in build.stderr
    assert "Traceback" not in check.stderr + build.stderr

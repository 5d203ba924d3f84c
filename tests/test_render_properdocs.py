"""``okrsite render -o OUT`` builds with ProperDocs (no okrsite plugin), menu included, --strict."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from okrsite.cli import main

# Real builds or fresh interpreters: left out by make test-fast.
pytestmark = pytest.mark.slow

PLAIN_YML = """\
INHERIT: docs/nav.yml
site_name: Plain engine
docs_dir: docs
theme:
  name: material
extra_css:
  - assets/okrsite/okrsite.css
markdown_extensions: [tables, admonition, attr_list, toc]
"""


def _render(root: Path, out: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(root / "goals"), "-o", str(out)])
    assert result.exit_code == 0, result.output


def test_render_writes_a_menu_of_sections(tmp_path: Path, tiny_portal: Callable[..., Path]) -> None:
    root = tiny_portal(tmp_path / "repo")
    out = tmp_path / "out"
    _render(root, out)
    nav = yaml.safe_load((out / "nav.yml").read_text(encoding="utf-8"))["nav"]
    flat: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, str):
                flat.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])

    walk(nav)
    assert flat[:3] == ["index.md", "objectives/index.md", "teams/index.md"]
    assert "about.md" in flat  # the company's own page
    # never one entry per objective, team, KPI or person
    assert not [e for e in flat if re.match(r"(objectives|teams|kpis|people)/(?!index\.md)", e)]
    for entry in flat:
        assert (out / entry).is_file() or (root / "goals" / entry).is_file(), entry


def test_properdocs_builds_the_rendered_site_strictly(
    tmp_path: Path,
    tiny_portal: Callable[..., Path],
    link_checker: Callable[[Path], list[str]],
) -> None:
    root = tiny_portal(tmp_path / "repo")
    out = tmp_path / "out"
    _render(root, out)
    plain = tmp_path / "plain"
    shutil.copytree(root / "goals", plain / "docs")
    shutil.copytree(out, plain / "docs", dirs_exist_ok=True)
    (plain / "properdocs.yml").write_text(PLAIN_YML, encoding="utf-8")
    build = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-d", "site"],
        cwd=plain,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    site = plain / "site"
    assert (site / "people/jose-nunez/index.html").is_file()
    assert (site / "objectives/2026-Q4/grow/index.html").is_file()
    assert link_checker(site) == []
    # The menu is the sections of nav.yml: the dashboard links no single objective from it.
    dashboard = (site / "index.html").read_text(encoding="utf-8")
    menu = dashboard[dashboard.index('<nav class="md-nav md-nav--primary"') :]
    menu = menu[: menu.index("md-sidebar--secondary")]
    assert "objectives/2026-Q4/grow/" not in menu
    assert "people/" in menu and "teams/" in menu

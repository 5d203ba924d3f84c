"""``okrsite render``: the generated site as plain files, built by MkDocs without the plugin."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from okrsite.cli import main

PLAIN_MKDOCS_YML = """\
site_name: Plain engine
docs_dir: docs
theme:
  name: material
extra_css:
  - assets/okrsite/okrsite.css
markdown_extensions: [tables, admonition, attr_list, toc]
"""


def test_rendered_tree_builds_without_the_plugin(
    tmp_path: Path,
    tiny_portal: Callable[..., Path],
    mkdocs_build: Callable[..., Path],
    link_checker: Callable[[Path], list[str]],
) -> None:
    root = tiny_portal(tmp_path / "repo")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(root / "goals"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote ")
    dashboard = (out / "index.md").read_text(encoding="utf-8")
    assert "Our intro, above the dashboard." in dashboard  # the company's own index.md first
    objective = (out / "objectives/2026-Q4/grow.md").read_text(encoding="utf-8")
    assert not objective.startswith("---")  # front matter is the plugin's input, not output
    assert "Become the obvious choice for small marinas" in objective
    # one KPI (chart + sparkline) and three started objectives (progress charts)
    assert len(list(out.rglob("*.svg"))) == 5
    assert (out / "okrs.json").is_file()

    plain = tmp_path / "plain"
    shutil.copytree(root / "goals", plain / "docs")
    shutil.copytree(out, plain / "docs", dirs_exist_ok=True)
    (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    site = mkdocs_build(plain, strict=True)  # a warning (e.g. a broken link) would fail it
    assert (site / "people/jose-nunez/index.html").is_file()
    assert link_checker(site) == []


def test_render_refuses_goals_with_errors(tmp_path: Path, tiny_portal: Callable[..., Path]) -> None:
    root = tiny_portal(tmp_path, {"goals/teams/emea.md": "---\nname: EMEA\nparent: nobody\n---\n"})
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(root / "goals"), "-o", str(out)])
    assert result.exit_code == 1
    assert "goals/teams/emea.md" not in result.output  # paths are relative to DIR
    assert "teams/emea.md:3:" in result.output and "E007" in result.output
    assert not out.exists()

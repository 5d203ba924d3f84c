"""Every ``url`` in okrs.json is a page the site really builds, whatever the folders and URLs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MKDOCS_YML, TINY, build_site, write_site

from okrsite.cli import main

# Real builds or fresh interpreters: left out by make test-fast.
pytestmark = pytest.mark.slow

FOLDERS = {"teams": "squads", "objectives": "okrs", "kpis": "metrics"}


def _renamed(rel: str) -> str:
    parts = rel.split("/")
    if len(parts) > 2 and parts[0] == "goals" and parts[1] in FOLDERS:
        parts[1] = FOLDERS[parts[1]]
    return "/".join(parts)


def _custom_site(root: Path, *, directory_urls: bool) -> Path:
    files: dict[str, str | None] = {rel: None for rel in TINY}
    files.update({_renamed(rel): text for rel, text in TINY.items()})
    extra = "\n      ".join(f"{old}_dir: {new}" for old, new in FOLDERS.items())
    write_site(root, files, extra=extra)
    config = MKDOCS_YML.format(extra=extra)
    if not directory_urls:
        config = "use_directory_urls: false\n" + config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def _built_file(site: Path, url: str) -> Path:
    return site / (url + "index.html" if url.endswith("/") or not url else url)


@pytest.mark.parametrize("directory_urls", [False, True])
def test_every_export_url_is_a_built_page(tmp_path: Path, directory_urls: bool) -> None:
    root = _custom_site(tmp_path, directory_urls=directory_urls)
    assert not (root / "goals" / "objectives").exists()
    site = build_site(root)
    built = json.loads((site / "okrs.json").read_text(encoding="utf-8"))
    urls = [o["url"] for o in built["objectives"]] + [k["url"] for k in built["kpis"]]
    assert len(urls) == 4  # three objectives and one KPI
    missing = [url for url in urls if not _built_file(site, url).is_file()]
    assert missing == []
    assert all(url.startswith(("okrs/", "metrics/")) for url in urls)
    assert all(url.endswith("/" if directory_urls else ".html") for url in urls)

    # ``okrsite export`` reads the same mkdocs.yml and gives the same addresses.
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["export"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == built

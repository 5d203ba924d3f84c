"""Small helpers shared by the core tests: write a portal into a temporary folder, build
it as a new process would."""

from __future__ import annotations

import textwrap
from pathlib import Path


def write_portal(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text, dedented) under ``root/goals``; return that folder.

    Paths are relative to the docs folder (``teams/x.md``, ``kpis/mrr.csv``). A path that
    starts with ``../`` lands beside it (e.g. ``../mkdocs.yml`` writes ``root/mkdocs.yml``).
    """
    docs = root / "goals"
    docs.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = (docs / rel).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return docs


#: The cache key's secret of tests that forge cache files (``keyed_portal``).
CACHE_SECRET = "the build machine's secret"


def build_as_new_process(root: Path, site: str, *, dirty: bool = False) -> dict[str, bytes]:
    """``mkdocs build`` of the project at ``root`` into ``root/site``, with nothing in
    okrsite's text memo (what the cache holds is all a new process knows).

    Returns:
        Every file of the built site: site-relative path -> bytes.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from okrsite.render.textmemo import MEMO

    MEMO.clear()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / site))
    build(config, dirty=dirty)
    folder = root / site
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }

"""Shared fixtures: a tiny portal on disk, a real MkDocs build, and a link checker."""

from __future__ import annotations

import os
import secrets
import textwrap
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """The key that seals okrsite's caches (``okrsite.engine.seal``) is one of this test
    session, given the way CI gives it: tests never write a key file into the user's
    cache folder, and a home folder that cannot be written does not turn caches off.
    The tests of the key file itself set their own folder."""
    os.environ.setdefault("OKRSITE_CACHE_KEY", secrets.token_hex(16))


MKDOCS_YML = """\
site_name: Acme goals
repo_url: https://github.com/acme/goals
edit_uri: edit/main/goals/
docs_dir: goals
theme:
  name: material
  features: [content.action.edit]
plugins:
  - search
  - okrsite:
      company: Acme
      as_of: 2026-11-15
      {extra}
"""

#: A small portal that uses every kind of link: a sub-team, a company objective
#: with an aligned key result and a KPI, a team objective with a parent, an
#: older period, people with accents and without Latin letters, and user text
#: that tries to inject HTML.
TINY: dict[str, str] = {
    "goals/index.md": "# Acme goals\n\nOur intro, above the dashboard.\n",
    "goals/about.md": "# How we work\n\nSee the [dashboard](index.md).\n",
    "goals/teams/sales.md": """\
        ---
        name: Sales
        lead: José Núñez
        members: [Ann Lee, 王伟]
        mission: Sell *more* <script>alert("mission")</script>
        ---
        The sales team. See [how we work](../about.md).
        """,
    "goals/teams/emea.md": """\
        ---
        name: EMEA sales
        parent: sales
        lead: Ann Lee
        ---
        """,
    "goals/objectives/2026-Q4/grow.md": """\
        ---
        objective: Become the obvious choice for small marinas
        period: 2026-Q4
        owner: José Núñez
        key_results:
          - id: revenue
            title: Grow monthly revenue from 100 to 150 kUSD
            baseline: 100
            target: 150
            unit: kUSD
            kpi: mrr
          - id: emea
            title: EMEA closes the deals it plans
            objective: emea-deals
        checkins:
          - date: 2026-11-10
            confidence: 0.6
            by: José Núñez
            note: Good month; see the [EMEA plan](emea-deals.md).
        ---
        Why this matters.
        """,
    "goals/objectives/2026-Q4/emea-deals.md": """\
        ---
        objective: Win the marina groups of southern Europe
        period: 2026-Q4
        owner: Ann Lee
        team: emea
        parent: grow
        key_results:
          - id: deals
            title: Sign 6 marina groups <img src=x onerror=alert(1)> \\[x\\](javascript:alert(2))
            target: 6
          - id: pilot
            title: Two groups run a pilot by December | one already
            baseline: 0
            target: 2
        checkins:
          - date: 2026-11-01
            values: {deals: 3, pilot: 1}
            confidence: 0.7
            by: Ann Lee
        ---
        """,
    "goals/objectives/2026-Q3/groundwork.md": """\
        ---
        objective: Know which marinas we should talk to
        period: 2026-Q3
        owner: 王伟
        team: sales
        key_results:
          - title: Qualify 40 marinas from the harbour register
            target: 40
            current: 44
          - title: Interview 10 harbour masters about their season
            target: 10
            current: 9
        ---
        """,
    "goals/kpis/mrr.md": """\
        ---
        name: Monthly recurring revenue
        owner: José Núñez
        team: sales
        definition: Active subscriptions at month end
        source: Billing
        cadence: monthly
        target: 140
        warning: 120
        unit: kUSD
        ---
        """,
    "goals/kpis/mrr.csv": """\
        date,value,note
        2026-06,100,
        2026-07,104,
        2026-08,110,summer
        2026-09,118,
        2026-10,125,
        2026-11,131,
        """,
}


def write_site(
    root: Path,
    files: Mapping[str, str | None] | None = None,
    *,
    extra: str = "",
) -> Path:
    """Write the tiny portal into ``root``; ``files`` adds, replaces or (None) removes files.

    ``extra`` is more plugin options (YAML, indented into the okrsite block).
    """
    content: dict[str, str | None] = {**TINY, **(files or {})}
    content["mkdocs.yml"] = MKDOCS_YML.format(extra=extra)
    for rel, text in content.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def build_site(root: Path, *, strict: bool = False) -> Path:
    """Run a real, in-process ``mkdocs build`` of ``root/mkdocs.yml``; returns the site dir."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = root / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=strict)
    build(config)
    return site


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def broken_links(site_dir: Path) -> list[str]:
    """Every internal ``href``/``src`` in the built site whose target file does not exist.

    Links must be relative (an absolute ``/path`` breaks when the site is
    served under a sub-path) and stay inside the site. ``404.html`` is
    skipped: MkDocs builds it with root-relative links on purpose.
    """
    root = site_dir.resolve()
    broken = []
    for page in sorted(site_dir.rglob("*.html")):
        if page.name == "404.html" and page.parent == site_dir:
            continue
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            where = page.relative_to(site_dir).as_posix()
            if parts.path.startswith("/"):
                broken.append(f"{where}: {url} (absolute)")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(root) or not target.is_file():
                broken.append(f"{where}: {url}")
    return broken


@pytest.fixture(scope="session")
def tiny_portal() -> Callable[..., Path]:
    """:func:`write_site`: ``tiny_portal(tmp_path, {path: text or None}, extra="...")``."""
    return write_site


@pytest.fixture()
def keyed_portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny portal, whose caches are sealed with ``helpers.CACHE_SECRET``."""
    from helpers import CACHE_SECRET

    monkeypatch.setenv("OKRSITE_CACHE_KEY", CACHE_SECRET)
    return write_site(tmp_path)


@pytest.fixture(scope="session")
def mkdocs_build() -> Callable[..., Path]:
    """:func:`build_site`: ``mkdocs_build(root, strict=False)`` -> the site folder."""
    return build_site


@pytest.fixture(scope="session")
def link_checker() -> Callable[[Path], list[str]]:
    """:func:`broken_links`, for tests of any built site (e.g. the example portal)."""
    return broken_links

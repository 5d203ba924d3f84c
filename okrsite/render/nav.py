"""The site's navigation menu: sections only, never one entry per objective or person.

mkdocs-material writes the whole menu into every page, so a menu that grows
with the portal makes the build quadratic. The menu okrsite proposes (when
mkdocs.yml has no ``nav``) has a fixed set of section pages, plus the
company's own ordinary pages: Markdown files at the top of docs_dir and in
folders other than the goal folders. Generated pages (people, periods, the
numbered sub-pages of long listings) are never in it: they are reached from
the section pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .links import SiteMap

#: The file ``okrsite render -o OUT`` writes the menu into, inside OUT.
NAV_FILE = "nav.yml"

NavItem = str | dict[str, Any]

#: Folders okrsite generates pages in, besides the goal folders (``alignment/page`` and
#: ``health/page`` hold the sub-pages of long listings, see :mod:`.paging`).
GENERATED_DIRS = (
    "people",
    "periods",
    "alignment/page",
    "health/page",
    "changes/page",
    "assets/okrsite",
)


def section_nav(docs_dir: Path, site: SiteMap) -> list[NavItem]:
    """The menu: dashboard, goal sections, the company's own pages, health and rules."""
    nav: list[NavItem] = [
        {"Dashboard": site.dashboard},
        {"Objectives": site.objectives_index},
        {"Teams": site.teams_index},
        {"KPIs": site.kpis_index},
        {"People": site.people_index},
        {"Quarters": site.periods_index},
        {"Alignment": site.alignment},
        {"Changes": site.changes},
    ]
    reserved = {site.teams_dir, site.objectives_dir, site.kpis_dir, *GENERATED_DIRS}
    generated = {
        site.dashboard,
        site.alignment,
        site.changes,
        site.health,
        site.rules,
        "README.md",
    }
    nav.extend(_own_pages(docs_dir, "", reserved, generated))
    # "Findings", not "Health": the dashboard speaks of the health of KPIs, something else.
    nav.extend([{"Findings": site.health}, {"Quality checks": site.rules}])
    return nav


def _own_pages(folder: Path, rel: str, reserved: set[str], skip: set[str]) -> list[NavItem]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return []
    pages: list[str] = []
    sections: list[NavItem] = []
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        path = f"{rel}{entry.name}"
        if entry.is_dir():
            if path in reserved:
                continue
            inner = _own_pages(entry, f"{path}/", reserved, skip)
            if inner:
                sections.append({_title(entry.name): inner})
        elif entry.suffix == ".md" and path not in skip:
            pages.append(path)
    # A folder's index.md first, so mkdocs-material's navigation.indexes can use it.
    pages.sort(key=lambda p: (not p.endswith("index.md"), p))
    return [*pages, *sections]


def _title(name: str) -> str:
    words = name.replace("-", " ").replace("_", " ").split()
    return " ".join(words).capitalize() if words else name


def nav_yaml(nav: list[NavItem]) -> str:
    """The menu as a ``mkdocs.yml`` fragment, for an engine that runs no okrsite plugin.

    The plugin sets the menu itself; ``okrsite render`` writes this instead, so a
    plain MkDocs or ProperDocs build shows the same sections (and not a menu of
    every page, which would make its build quadratic). It is a config file of its
    own: ``INHERIT: docs/nav.yml`` in ``mkdocs.yml`` uses it, or its ``nav`` can be
    pasted in.
    """
    head = (
        "# Written by okrsite render: the site's menu (sections only) for a mkdocs.yml\n"
        "# without the okrsite plugin. Use it with 'INHERIT: <path of this file>' in\n"
        "# mkdocs.yml, or paste the nav below into it.\n"
    )
    body = yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True, width=1000)
    return head + body

"""Where the goals are: ``DIR`` and ``-f mkdocs.yml`` resolved the same way by every command.

Every command that reads the goals takes ``--dir DIR`` (the goals folder, or the
folder of ``mkdocs.yml``) and ``-f/--config-file``; the commands whose only
argument it is (check, export, render) also take it as the SPEC writes it,
``okrsite check [DIR]``. Both spellings go through :func:`locate`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..markdown_config import SiteMarkdown
from ..model import Portal
from ..options import (
    Options,
    OptionsError,
    SiteConfig,
    options_from_mapping,
    parse_date,
    read_site_config,
)
from ..portal import build_portal
from ..sitemap import SiteMap


@dataclass(frozen=True, slots=True)
class Target:
    """Where the goals are, how to show paths, and the options that apply."""

    docs_dir: Path
    root: Path
    options: Options
    site: SiteConfig | None


def dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``-d/--dir DIR`` and ``-f/--config-file``, as every goals-reading command takes them."""
    func = click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False),
        help="mkdocs.yml to read (default: ./mkdocs.yml).",
    )(func)
    return click.option(
        "-d",
        "--dir",
        "dir_flag",
        type=click.Path(file_okay=False),
        help="The goals folder, or the folder of mkdocs.yml (default: docs_dir of ./mkdocs.yml).",
    )(func)


def either_dir(argument: str | None, option: str | None) -> str | None:
    """``[DIR]`` or ``--dir DIR``: one of them, or both naming the same folder."""
    if argument and option and Path(argument) != Path(option):
        raise click.UsageError(f"two goals folders given: '{argument}' and --dir '{option}'")
    return argument or option


def locate(directory: str | None, config_file: str | None) -> Target:
    """Resolve ``[DIR] [-f mkdocs.yml]`` as SPEC section 10 describes; raises UsageError."""
    try:
        site: SiteConfig | None = None
        if config_file:
            site = read_site_config(Path(config_file))
        elif directory and (Path(directory) / "mkdocs.yml").is_file():
            site = read_site_config(Path(directory) / "mkdocs.yml")
        elif directory:
            site = owning_site(Path(directory))
        elif Path("mkdocs.yml").is_file():
            site = read_site_config(Path("mkdocs.yml"))
        options = options_from_mapping(site.plugin if site else None)
    except OptionsError as exc:
        raise click.UsageError(str(exc)) from None
    if directory and not (site and Path(directory) == site.root):
        docs = Path(directory)
        root = docs
    elif site is not None:
        docs, root = site.docs_dir, site.root
    else:
        raise click.UsageError(
            "no mkdocs.yml in this folder: run okrsite where mkdocs.yml is, or name the goals "
            "folder (--dir goals/)"
        )
    if not docs.is_dir():
        raise click.UsageError(f"goals folder '{docs}' does not exist")
    return Target(docs_dir=docs, root=root, options=options, site=site)


def owning_site(directory: Path) -> SiteConfig | None:
    """The mkdocs.yml whose docs_dir is ``directory``: in the working folder or beside it.

    The options of a mkdocs.yml that serves another folder do not apply: checking
    ``/tmp/portal/goals`` from inside an unrelated repository must not pick up that
    repository's ``as_of`` or company name.
    """
    wanted = directory.resolve()
    for candidate in (Path("mkdocs.yml"), directory.parent / "mkdocs.yml"):
        if not candidate.is_file():
            continue
        try:
            site = read_site_config(candidate)
        except OptionsError:
            if candidate == Path("mkdocs.yml"):
                raise  # a broken mkdocs.yml where okrsite runs is worth a usage error
            continue
        if site.docs_dir.resolve() == wanted:
            return site
    return None


def as_of_option(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except OptionsError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None


def portal_of(target: Target, as_of: str | None) -> Portal:
    day = as_of_option(as_of)
    try:
        return build_portal(target.docs_dir, target.options, as_of=day, root=target.root)
    except OptionsError as exc:
        raise click.UsageError(str(exc)) from None


def file_count(portal: Portal) -> int:
    # Every page found, including those too broken to enter the model.
    return len(portal.pages)


def site_map(target: Target) -> SiteMap:
    """Where the site built from ``target`` puts each page (as the plugin's map does)."""
    prefix = Path(os.path.relpath(target.docs_dir, target.root)).as_posix()
    config = target.site.root / "mkdocs.yml" if target.site else None
    return SiteMap.from_options(
        target.options,
        docs_prefix="" if prefix == "." else prefix.rstrip("/") + "/",
        config_path=Path(os.path.relpath(config, target.docs_dir)).as_posix() if config else None,
        repo_url=target.site.repo_url if target.site else None,
        edit_uri=target.site.edit_uri if target.site else None,
        directory_urls=target.site.use_directory_urls if target.site else True,
        has_index=(target.docs_dir / "index.md").is_file(),
        markdown=target.site.markdown if target.site else SiteMarkdown(),
    )

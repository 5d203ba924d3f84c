"""Where the goals are: ``DIR`` and ``-f mkdocs.yml`` resolved the same way by every command.

Every command that reads the goals takes ``--dir DIR`` (the goals folder, or the
folder of ``mkdocs.yml``) and ``-f/--config-file``; the commands whose only
argument it is (check, export, render) also take it as the SPEC writes it,
``okrsite check [DIR]``. Both spellings go through :func:`locate`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..markdown_config import SiteMarkdown
from ..model import Portal
from ..options import (
    OptionsError,
    parse_date,
)
from ..portal import build_portal
from ..sitemap import SiteMap
from ..source.site import Target, locate_goals


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
    """Resolve ``DIR`` and ``-f mkdocs.yml`` (:func:`okrsite.source.site.locate_goals`).

    Raises:
        click.UsageError: no usable goals folder or mkdocs.yml.
    """
    try:
        return locate_goals(directory, config_file)
    except OptionsError as exc:
        raise click.UsageError(str(exc)) from None


def as_of_option(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except OptionsError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None


def portal_of(target: Target, as_of: str | None, *, cache: bool = False) -> Portal:
    """The portal of ``target``; ``cache``: keep the text checks' verdicts (see build_portal)."""
    day = as_of_option(as_of)
    try:
        return build_portal(
            target.docs_dir, target.options, as_of=day, root=target.root, cache=cache
        )
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

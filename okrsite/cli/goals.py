"""Where the goals are: ``[DIR] [-f mkdocs.yml]`` resolved the same way by every command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

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


@dataclass(frozen=True, slots=True)
class Target:
    """Where the goals are, how to show paths, and the options that apply."""

    docs_dir: Path
    root: Path
    options: Options
    site: SiteConfig | None


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
            "no mkdocs.yml in this folder: run okrsite where mkdocs.yml is, or pass the goals "
            "folder (okrsite check goals/)"
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


def run(directory: str | None, config_file: str | None, as_of: str | None) -> Portal:
    return portal_of(locate(directory, config_file), as_of)


def portal_of(target: Target, as_of: str | None) -> Portal:
    day = as_of_option(as_of)
    try:
        return build_portal(target.docs_dir, target.options, as_of=day, root=target.root)
    except OptionsError as exc:
        raise click.UsageError(str(exc)) from None


def file_count(portal: Portal) -> int:
    # Every page found, including those too broken to enter the model.
    return len(portal.pages)

"""The commands over a whole portal: check, export, render, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..export import export_json
from ..schema import json_schema
from .base import main
from .goals import dir_option, either_dir, file_count, locate, portal_of, site_map
from .output import format_findings


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@dir_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--as-of", help="The day 'now' is (YYYY-MM-DD).")
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
)
def check(
    directory: str | None,
    dir_flag: str | None,
    config_file: str | None,
    strict: bool,
    as_of: str | None,
    style: str,
) -> None:
    """Validate and lint the goals; exit 0 clean, 1 on errors (or warnings with --strict)."""
    target = locate(either_dir(directory, dir_flag), config_file)
    portal = portal_of(target, as_of, cache=True)
    click.echo(format_findings(portal.findings, style, file_count(portal)), nl=False)
    strict = strict or target.options.strict
    if portal.errors or (strict and portal.warnings):
        sys.exit(1)


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@dir_option
@click.option("--as-of", help="The day 'now' is (YYYY-MM-DD).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
def export(
    directory: str | None,
    dir_flag: str | None,
    config_file: str | None,
    as_of: str | None,
    output: str | None,
) -> None:
    """Write the portal as JSON (okrs.json, SPEC section 9)."""
    target = locate(either_dir(directory, dir_flag), config_file)
    text = export_json(portal_of(target, as_of), site_map(target))
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise click.FileError(output, exc.strerror or type(exc).__name__) from None
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@dir_option
@click.option("--as-of", help="The day 'now' is (YYYY-MM-DD).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write the generated pages, charts and okrs.json into.",
)
def render(
    directory: str | None,
    dir_flag: str | None,
    config_file: str | None,
    as_of: str | None,
    output: str,
) -> None:
    """Write the generated pages (Markdown), charts (SVG) and okrs.json as plain files.

    The tree mirrors the goals folder, for an engine that runs no MkDocs plugin:
    copy it over a copy of the goals folder and build that. OUT/nav.yml holds the
    menu (sections only) such a build needs: ``INHERIT: docs/nav.yml`` in its
    mkdocs.yml. Refused (exit 1) when the goals have errors, as ``mkdocs build`` is.
    """
    # Imported here, not at the top: they bring matplotlib (~0.5 s), which
    # ``okrsite check`` and ``export`` do not need.
    from ..charts.cache import ChartCache
    from ..render import write_tree
    from ..render.kept import render_kept
    from ..render.nav import NAV_FILE, nav_yaml, section_nav

    target = locate(either_dir(directory, dir_flag), config_file)
    portal = portal_of(target, as_of, cache=True)
    if portal.errors:
        click.echo(format_findings(portal.findings, "text", file_count(portal)), nl=False)
        click.echo("okrsite: the goals have errors; nothing was written", err=True)
        sys.exit(1)
    site = site_map(target)
    cache_dir = target.root / target.options.cache_dir
    rendered = render_kept(portal, target.options, site, cache_dir=cache_dir, project=target.root)
    cache = ChartCache(cache_dir, project=target.root)
    svgs = cache.render_all(rendered.charts)
    try:
        written = write_tree(rendered, Path(output), svgs, docs_dir=target.docs_dir)
        menu = Path(output) / NAV_FILE
        menu.write_text(nav_yaml(section_nav(target.docs_dir, site)), encoding="utf-8")
        written = sorted([*written, menu])
    except OSError as exc:
        raise click.FileError(output, exc.strerror or type(exc).__name__) from None
    click.echo(
        f"Wrote {len(written)} files ({len(rendered.pages)} pages, {len(svgs)} charts) to {output}."
    )


@main.command()
def schema() -> None:
    """Print the JSON Schema of the front matter."""
    click.echo(json.dumps(json_schema(), indent=2))

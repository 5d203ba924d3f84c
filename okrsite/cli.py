"""The ``okrsite`` command line: check, export, render, schema (+ authoring commands)."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from . import __version__
from .export import export_json
from .model import Finding, Portal
from .options import (
    Options,
    OptionsError,
    SiteConfig,
    options_from_mapping,
    parse_date,
    read_site_config,
)
from .portal import build_portal
from .schema import json_schema


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
            site = _owning_site(Path(directory))
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


def _owning_site(directory: Path) -> SiteConfig | None:
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


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except OptionsError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None


def _run(directory: str | None, config_file: str | None, as_of: str | None) -> Portal:
    return _portal(locate(directory, config_file), as_of)


def _portal(target: Target, as_of: str | None) -> Portal:
    day = _as_of(as_of)
    try:
        return build_portal(target.docs_dir, target.options, as_of=day, root=target.root)
    except OptionsError as exc:
        raise click.UsageError(str(exc)) from None


def summary_line(findings: Sequence[Finding], files: int) -> str:
    """``Found 2 errors (E002 x1, E007 x1) and 1 warning (Q101 x1) in 12 files.``"""

    def part(items: list[Finding], word: str) -> str:
        counts = Counter(f.code for f in items)
        noun = word if len(items) == 1 else f"{word}s"
        if not items:
            return f"0 {noun}"
        detail = ", ".join(f"{code} x{n}" for code, n in sorted(counts.items()))
        return f"{len(items)} {noun} ({detail})"

    errors = [f for f in findings if f.is_error]
    warnings = [f for f in findings if not f.is_error]
    noun = "file" if files == 1 else "files"
    return f"Found {part(errors, 'error')} and {part(warnings, 'warning')} in {files} {noun}."


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_findings(findings: Sequence[Finding], style: str, files: int) -> str:
    """Render findings as text (ruff-like lines + summary), json or GitHub annotations."""
    if style == "json":
        data: dict[str, Any] = {
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "path": f.path,
                    "line": f.line,
                    "col": f.col,
                    "message": f.message,
                }
                for f in findings
            ],
            "summary": {
                "errors": sum(f.is_error for f in findings),
                "warnings": sum(not f.is_error for f in findings),
                "by_code": dict(sorted(Counter(f.code for f in findings).items())),
                "files": files,
            },
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    lines = []
    for f in findings:
        if style == "github":
            level = "error" if f.is_error else "warning"
            # Exactly the SPEC's shape, ``::error file=...,line=...::message``: the code
            # leads the message, so the annotation still names it.
            lines.append(
                f"::{level} file={_github_escape(f.path, prop=True)},line={f.line}::"
                f"{_github_escape(f.code + ' ' + f.message)}"
            )
        else:
            lines.append(f.format())
    lines.append(summary_line(findings, files))
    return "\n".join(lines) + "\n"


def _file_count(portal: Portal) -> int:
    # Every page found, including those too broken to enter the model.
    return len(portal.pages)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="okrsite")
def main() -> None:
    """okrsite: OKRs and KPIs as code."""


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("-f", "--config-file", type=click.Path(dir_okay=False), help="mkdocs.yml to read.")
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
    directory: str | None, config_file: str | None, strict: bool, as_of: str | None, style: str
) -> None:
    """Validate and lint the goals; exit 0 clean, 1 on errors (or warnings with --strict)."""
    portal = _run(directory, config_file, as_of)
    click.echo(format_findings(portal.findings, style, _file_count(portal)), nl=False)
    strict = strict or _strict_option(directory, config_file)
    if portal.errors or (strict and portal.warnings):
        sys.exit(1)


def _strict_option(directory: str | None, config_file: str | None) -> bool:
    return locate(directory, config_file).options.strict


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("-f", "--config-file", type=click.Path(dir_okay=False), help="mkdocs.yml to read.")
@click.option("--as-of", help="The day 'now' is (YYYY-MM-DD).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
def export(
    directory: str | None, config_file: str | None, as_of: str | None, output: str | None
) -> None:
    """Write the portal as JSON (okrs.json, SPEC section 9)."""
    text = export_json(_run(directory, config_file, as_of))
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise click.FileError(output, exc.strerror or type(exc).__name__) from None
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("-f", "--config-file", type=click.Path(dir_okay=False), help="mkdocs.yml to read.")
@click.option("--as-of", help="The day 'now' is (YYYY-MM-DD).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write the generated pages, charts and okrs.json into.",
)
def render(directory: str | None, config_file: str | None, as_of: str | None, output: str) -> None:
    """Write the generated pages (Markdown), charts (SVG) and okrs.json as plain files.

    The tree mirrors the goals folder, for an engine that runs no MkDocs plugin:
    copy it over a copy of the goals folder and build that. Refused (exit 1) when
    the goals have errors, as ``mkdocs build`` is.
    """
    from .cache import ChartCache
    from .render import SiteMap, render_site, write_tree

    target = locate(directory, config_file)
    portal = _portal(target, as_of)
    if portal.errors:
        click.echo(format_findings(portal.findings, "text", _file_count(portal)), nl=False)
        click.echo("okrsite: the goals have errors; nothing was written", err=True)
        sys.exit(1)
    prefix = Path(os.path.relpath(target.docs_dir, target.root)).as_posix()
    config = target.site.root / "mkdocs.yml" if target.site else None
    site = SiteMap.from_options(
        target.options,
        docs_prefix="" if prefix == "." else prefix.rstrip("/") + "/",
        config_path=Path(os.path.relpath(config, target.docs_dir)).as_posix() if config else None,
        repo_url=target.site.repo_url if target.site else None,
        edit_uri=target.site.edit_uri if target.site else None,
        has_index=(target.docs_dir / "index.md").is_file(),
    )
    rendered = render_site(portal, target.options, site)
    cache = ChartCache(target.root / target.options.cache_dir)
    svgs = cache.render_all(rendered.charts)
    try:
        written = write_tree(rendered, Path(output), svgs, docs_dir=target.docs_dir)
    except OSError as exc:
        raise click.FileError(output, exc.strerror or type(exc).__name__) from None
    click.echo(
        f"Wrote {len(written)} files ({len(rendered.pages)} pages, {len(svgs)} charts) to {output}."
    )


@main.command()
def schema() -> None:
    """Print the JSON Schema of the front matter."""
    click.echo(json.dumps(json_schema(), indent=2))


def _add_authoring_commands() -> None:
    try:
        from .authoring_cli import checkin_cmd, diff_cmd, new_group
    except ImportError:  # pragma: no cover - the authoring module is optional at bootstrap
        return
    main.add_command(new_group, "new")
    main.add_command(checkin_cmd, "checkin")
    main.add_command(diff_cmd, "diff")


_add_authoring_commands()

from .cadence.commands import register as _register_cadence  # noqa: E402 - after main exists

_register_cadence(main)


def entry() -> None:
    """The ``okrsite`` program: :func:`main`, then an exit that skips tearing down the heap.

    A checked portal of 10,000 objectives is millions of objects; freeing them one
    by one at interpreter exit, and the cyclic collector's passes over them after
    the output is written, cost a noticeable part of a pre-commit ``okrsite check``
    and serve no purpose in a process about to end. So the cyclic collector stays
    off for the commands' short lives (the portal pipeline runs without it
    anyway) and, once the output is flushed, the process ends at once. Every file a
    command writes is closed before it returns. :func:`main` itself (what the tests
    invoke) keeps the ordinary exit.
    """
    gc.disable()
    try:
        main()
        code: object = 0  # pragma: no cover - click's main always raises SystemExit
    except SystemExit as done:
        code = done.code
    os._exit(_exit_status(code))


def _exit_status(code: object) -> int:
    """What ``sys.exit(code)`` would end the process with, its message written and all
    output flushed."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code & 0xFF
    else:
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            status = status or 1
    return status


if __name__ == "__main__":  # pragma: no cover
    entry()

"""Normalised run options: what the pipeline needs, separate from what users type.

The CLI reads them from ``mkdocs.yml`` without importing MkDocs; the plugin builds
them from its validated config. Both end up here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from .codes import DEFAULT_OFF, LINT_CODES, LINT_RANGE
from .connections import Connection, ConnectionOptionError, connections_from_option
from .grammar import FIRST_YEAR, LAST_YEAR
from .markdown_config import PythonName, SiteMarkdown, from_mkdocs_yml


class OptionsError(ValueError):
    """A plugin option or command-line value is not usable."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LintOptions:
    ignore: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    stale_days: int = 14
    off_target_periods: int = 3
    max_kpis: int = 25
    min_key_results: int = 2
    max_key_results: int = 5

    def enabled(self, code: str) -> bool:
        """Whether check ``code`` runs: Q114 only when selected, others unless ignored."""
        if code in self.ignore:
            return False
        return code not in DEFAULT_OFF or code in self.select


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    company: str = "Company"
    as_of: date | None = None
    fiscal_year_start: int = 1
    strict: bool = False
    teams_dir: str = "teams"
    objectives_dir: str = "objectives"
    kpis_dir: str = "kpis"
    cache_dir: str = ".cache/okrsite"
    lint: LintOptions = field(default_factory=LintOptions)
    #: Databases for ``okrsite pull``: name -> the variable that holds its URL.
    connections: Mapping[str, Connection] = field(default_factory=dict)


def parse_date(value: Any) -> date:
    """A date from ``YYYY-MM-DD`` text (or a date object); raises OptionsError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        shaped = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII)
        day = date.fromisoformat(text) if shaped else None
    except ValueError:
        day = None
    if day is None:
        raise OptionsError(f"'{value}' is not a date; write YYYY-MM-DD")
    return _in_range(day)


def _in_range(day: date) -> date:
    """``day``, when its year is one okrsite's periods cover; raises OptionsError."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise OptionsError(
            f"{day.isoformat()} is outside the years {FIRST_YEAR} to {LAST_YEAR} okrsite covers"
        )
    return day


def _int(raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise OptionsError(f"option '{key}' must be a whole number from {low} to {high}")
    return value


def _codes(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or any(str(c) not in LINT_CODES for c in value):
        raise OptionsError(f"option 'lint.{key}' must list check codes from {LINT_RANGE}")
    return tuple(str(c) for c in value)


def _folder(raw: Mapping[str, Any], key: str, default: str) -> str:
    """A goal folder option: a relative path that stays inside docs_dir."""
    value = raw.get(key)
    if value in (None, ""):
        return default
    if not isinstance(value, str):
        raise OptionsError(f"option '{key}' must be a folder name, got {value!r}")
    text = value.strip().replace("\\", "/")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if (
        text.startswith("/")
        or re.match(r"^[A-Za-z]:", text)
        or ".." in parts
        or not parts
        or any(ord(c) < 32 for c in text)
    ):
        raise OptionsError(
            f"option '{key}' must be a folder inside docs_dir (a relative path without '..'), "
            f"got {value!r}"
        )
    return "/".join(parts)


def options_from_mapping(raw: Mapping[str, Any] | None) -> Options:
    """Options from the plugin's mapping in mkdocs.yml (also used by the CLI)."""
    raw = dict(raw or {})
    known = {
        "company",
        "as_of",
        "fiscal_year_start",
        "strict",
        "teams_dir",
        "objectives_dir",
        "kpis_dir",
        "cache_dir",
        "lint",
        "connections",
        "enabled",
    }
    unknown = sorted(set(raw) - known)
    if unknown:
        raise OptionsError(f"unknown okrsite option(s): {', '.join(unknown)}")
    lint_raw = raw.get("lint") or {}
    if not isinstance(lint_raw, Mapping):
        raise OptionsError("option 'lint' must be a mapping")
    lint_known = {
        "ignore",
        "select",
        "stale_days",
        "off_target_periods",
        "max_kpis",
        "min_key_results",
        "max_key_results",
    }
    if set(lint_raw) - lint_known:
        bad = ", ".join(sorted(set(lint_raw) - lint_known))
        raise OptionsError(f"unknown lint option(s): {bad}")
    lint = LintOptions(
        ignore=_codes(lint_raw, "ignore"),
        select=_codes(lint_raw, "select"),
        stale_days=_int(lint_raw, "stale_days", 14, 1, 3650),
        off_target_periods=_int(lint_raw, "off_target_periods", 3, 1, 1000),
        max_kpis=_int(lint_raw, "max_kpis", 25, 1, 1_000_000),
        min_key_results=_int(lint_raw, "min_key_results", 2, 1, 100),
        max_key_results=_int(lint_raw, "max_key_results", 5, 1, 100),
    )
    as_of = raw.get("as_of")
    try:
        connections = connections_from_option(raw.get("connections"))
    except ConnectionOptionError as exc:
        raise OptionsError(str(exc)) from None
    return Options(
        company=str(raw.get("company") or "Company"),
        as_of=None if as_of in (None, "") else parse_date(as_of),
        fiscal_year_start=_int(raw, "fiscal_year_start", 1, 1, 12),
        strict=bool(raw.get("strict", False)),
        teams_dir=_folder(raw, "teams_dir", "teams"),
        objectives_dir=_folder(raw, "objectives_dir", "objectives"),
        kpis_dir=_folder(raw, "kpis_dir", "kpis"),
        cache_dir=str(raw.get("cache_dir") or ".cache/okrsite"),
        lint=lint,
        connections=connections,
    )


def resolve_as_of(cli: date | None, options: Options) -> date:
    """The day "now" is: CLI, plugin option, ``SOURCE_DATE_EPOCH``, today (UTC).

    Raises:
        OptionsError: a day outside the years okrsite's periods cover, or a bad
            ``SOURCE_DATE_EPOCH``.
    """
    if cli is not None:
        return _in_range(cli)
    if options.as_of is not None:
        return _in_range(options.as_of)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            day = datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            raise OptionsError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time") from None
        return _in_range(day)
    return datetime.now(tz=UTC).date()


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: unknown tags (``!!python/name:``, ``!ENV``) become text."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if suffix.startswith("tag:yaml.org,2002:python/name:"):
            return PythonName(suffix.removeprefix("tag:yaml.org,2002:python/name:"))
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # An impossible date (as_of: 2026-02-30) stays text, for the option check to name it.
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_ConfigLoader.add_multi_constructor("", _any_tag)
_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteConfig:
    """What okrsite needs from mkdocs.yml."""

    root: Path
    docs_dir: Path
    plugin: Mapping[str, Any]
    site_name: str = ""
    repo_url: str | None = None
    edit_uri: str | None = None
    markdown: SiteMarkdown = field(default_factory=SiteMarkdown)
    site_url: str | None = None
    use_directory_urls: bool = True


def read_site_config(config_file: Path) -> SiteConfig:
    """Read ``mkdocs.yml`` (no MkDocs needed); raises OptionsError on a bad file."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)
    except OSError as exc:
        raise OptionsError(f"cannot read {config_file}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise OptionsError(f"{config_file} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise OptionsError(f"{config_file} must be a YAML mapping")
    plugin: Mapping[str, Any] = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "okrsite" in entry:
            plugin = entry["okrsite"] or {}
        elif entry == "okrsite":
            plugin = {}
    if isinstance(data.get("plugins"), dict):
        plugin = data["plugins"].get("okrsite") or {}
    root = config_file.parent
    try:
        markdown = from_mkdocs_yml(data.get("markdown_extensions"), data.get("mdx_configs"))
    except ValueError as exc:
        raise OptionsError(f"{config_file}: {exc}") from None
    return SiteConfig(
        root=root,
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        plugin=plugin,
        site_name=str(data.get("site_name") or ""),
        repo_url=data.get("repo_url"),
        edit_uri=data.get("edit_uri"),
        markdown=markdown,
        site_url=str(data["site_url"]) if data.get("site_url") else None,
        use_directory_urls=data.get("use_directory_urls") is not False,
    )

"""The site's Markdown settings as plain data, so the core needs no MkDocs to read them."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The extensions MkDocs always enables, before those of ``markdown_extensions``.
MKDOCS_DEFAULTS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteMarkdown:
    """The Markdown of a site as plain data (MkDocs' ``markdown_extensions``/``mdx_configs``).

    Attributes:
        extensions: extension names (``"admonition"``, ``"pymdownx.tabbed"``) or instances.
        configs: extension name -> its options.
    """

    extensions: tuple[Any, ...] = MKDOCS_DEFAULTS
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        """What a rendering depends on, for memo keys (equal settings, equal key)."""
        configs = sorted((str(k), repr(sorted(dict(v).items()))) for k, v in self.configs.items())
        return repr((tuple(repr(e) for e in self.extensions), configs))


def from_mkdocs_yml(extensions: Any, configs: Any = None) -> SiteMarkdown:
    """The Markdown settings of ``markdown_extensions`` as written in mkdocs.yml.

    Entries are names or one-key mappings ``{name: options}``; MkDocs'
    defaults come first, as MkDocs adds them. ``!!python/name:`` values in the
    options were read as :class:`PythonName` and are imported here, as MkDocs
    would (mkdocs.yml is the site's own, trusted configuration).

    Raises:
        ValueError: an entry that is neither, or a name that does not import.
    """
    names: list[str] = list(MKDOCS_DEFAULTS)
    options: dict[str, dict[str, Any]] = {k: dict(v) for k, v in dict(configs or {}).items()}
    if isinstance(extensions, Mapping):  # MkDocs also takes {name: options, ...}
        extensions = [{k: v} for k, v in extensions.items()]
    for entry in extensions or []:
        if isinstance(entry, str):
            name, value = entry, None
        elif isinstance(entry, Mapping) and len(entry) == 1:
            name, value = next(iter(entry.items()))
        else:
            raise ValueError(f"markdown_extensions: cannot read the entry {entry!r}")
        if name not in names:
            names.append(str(name))
        if isinstance(value, Mapping):
            options[str(name)] = {str(k): _resolve(v) for k, v in value.items()}
    return SiteMarkdown(extensions=tuple(names), configs=options)


class PythonName(str):
    """A ``!!python/name:module.attr`` value of mkdocs.yml, not imported yet."""


def _resolve(value: Any) -> Any:
    if isinstance(value, PythonName):
        module, _, attr = str(value).rpartition(".")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError, ValueError):
            raise ValueError(f"markdown_extensions: cannot import {value}") from None
    if isinstance(value, Mapping):
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return value

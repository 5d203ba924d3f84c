"""The plugin's options as MkDocs reads them from mkdocs.yml (SPEC section 11).

MkDocs checks the types; :func:`okrsite.options.options_from_mapping` (shared
with the command line) checks the values and builds the core's
:class:`~okrsite.options.Options`, so each rule is written once.
"""

from __future__ import annotations

import datetime
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..options import Options, options_from_mapping


class OkrsiteConfig(base.Config):
    """``plugins: - okrsite: {...}`` in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    company = c.Type(str, default="Company")
    as_of = c.Optional(c.Type((str, datetime.date)))
    fiscal_year_start = c.Type(int, default=1)
    strict = c.Type(bool, default=False)
    teams_dir = c.Type(str, default="teams")
    objectives_dir = c.Type(str, default="objectives")
    kpis_dir = c.Type(str, default="kpis")
    cache_dir = c.Type(str, default=".cache/okrsite")
    lint = c.Type(dict, default={})
    connections = c.Type(dict, default={})
    #: How ``mkdocs serve`` sees edits (not a build option, so not in Options).
    serve_watcher = c.Choice(("native", "polling"), default="native")
    #: ``mkdocs build --dirty`` and ``mkdocs serve`` rebuilds render only the pages whose
    #: content changed (off: MkDocs' own behaviour, every generated page rendered).
    incremental = c.Type(bool, default=True)


#: Options of the MkDocs adapter alone; the core never sees them.
ADAPTER_ONLY = frozenset({"enabled", "serve_watcher", "incremental"})


def to_options(config: OkrsiteConfig) -> Options:
    """The core's options; raises :class:`okrsite.options.OptionsError` on a bad value."""
    raw: dict[str, Any] = {key: config[key] for key in config if key not in ADAPTER_ONLY}
    return options_from_mapping(raw)

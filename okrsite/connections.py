"""Database connections for ``okrsite pull`` (SPEC sections 3, 11 and 12).

A connection is only a name and the environment variable that holds its
SQLAlchemy URL: the URL itself never lives in the repository. This module
reads the ``connections`` plugin option and checks that every KPI's
``connection`` names one of them (E007); running the queries is
:mod:`okrsite.cadence.pull`'s business.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .model import Finding, Kpi

_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ConnectionOptionError(ValueError):
    """The ``connections`` option is malformed."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Connection:
    """A named database: its SQLAlchemy URL is read from ``url_env`` when needed."""

    name: str
    url_env: str


def connections_from_option(raw: Any) -> dict[str, Connection]:
    """The ``connections`` option (``{name: {url_env: VAR}}``) as :class:`Connection` objects.

    Raises:
        ConnectionOptionError: not a mapping, a bad name, a missing or bad ``url_env``,
            or a ``url`` written into the file (URLs carry passwords: never in the repository).
    """
    if raw in (None, ""):
        return {}
    if not isinstance(raw, Mapping):
        raise ConnectionOptionError("option 'connections' must map names to {url_env: VARIABLE}")
    found: dict[str, Connection] = {}
    for name, spec in raw.items():
        name = str(name)
        if not _NAME.match(name):
            raise ConnectionOptionError(
                f"connection name '{name}' may use letters, digits, - and _ only"
            )
        if not isinstance(spec, Mapping):
            raise ConnectionOptionError(
                f"connection '{name}' must be a mapping like {{url_env: OKRSITE_WAREHOUSE_URL}}"
            )
        unknown = sorted(str(k) for k in spec if k != "url_env")
        if "url" in unknown:
            raise ConnectionOptionError(
                f"connection '{name}': a URL does not belong in mkdocs.yml (it carries the "
                "password); put it in an environment variable and name it with url_env"
            )
        if unknown:
            raise ConnectionOptionError(
                f"connection '{name}': unknown key(s) {', '.join(unknown)}; only url_env is known"
            )
        env = spec.get("url_env")
        if not isinstance(env, str) or not _ENV.match(env):
            raise ConnectionOptionError(
                f"connection '{name}' needs url_env: the name of an environment variable "
                "(letters, digits and _) that holds its SQLAlchemy URL"
            )
        found[name] = Connection(name=name, url_env=env)
    return found


def check_connections(kpis: Iterable[Kpi], connections: Mapping[str, Connection]) -> list[Finding]:
    """E007 for each KPI whose ``connection`` is not one of ``connections``."""
    findings = []
    for kpi in kpis:
        if kpi.connection is None or kpi.connection in connections:
            continue
        close = difflib.get_close_matches(kpi.connection, sorted(connections), n=1, cutoff=0.6)
        hint = close[0] if close else None
        if hint:
            tail = f"; did you mean '{hint}'?"
        elif connections:
            tail = f"; known: {', '.join(sorted(connections))}"
        else:
            tail = " (the plugin option 'connections' in mkdocs.yml names none)"
        line = kpi.lines.get("connection", 1)
        findings.append(
            Finding(
                code="E007",
                path=kpi.path,
                line=line,
                col=1,
                message=f"unknown connection '{kpi.connection}'{tail}",
            )
        )
    return findings

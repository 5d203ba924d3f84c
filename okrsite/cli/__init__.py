"""The ``okrsite`` command line (click throughout).

:mod:`.base` holds the command group :func:`main` and the program's
:func:`entry`; every other module of this package registers its commands on
``main`` with ``@main.command()``. To add a command, write it in a module here
and add that module to the import line below: one line.
"""

from __future__ import annotations

from ..source.site import Target
from . import cadence, edit, new, portal  # noqa: F401  (each registers its commands on main)
from .base import _exit_status, entry, main
from .goals import locate
from .output import format_findings, summary_line

__all__ = ["Target", "_exit_status", "entry", "format_findings", "locate", "main", "summary_line"]

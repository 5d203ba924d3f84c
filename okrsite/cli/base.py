"""The ``okrsite`` command group and the program's entry point.

Commands register themselves on :func:`main` with ``@main.command()`` in the
modules of this package; :mod:`okrsite.cli` imports each of those modules once.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys

import click

from .. import __version__
from ..engine import stop_collector
from ..terminal import output_failure


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="okrsite")
def main() -> None:
    """okrsite: OKRs and KPIs as code."""


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
    stop_collector()
    try:
        main()
        code: object = 0  # pragma: no cover - click's main always raises SystemExit
    except SystemExit as done:
        code = done.code
    except OSError as exc:  # the output could not be written: a full disk, a closed pipe
        _say(output_failure(exc))
        os._exit(1)
    if type(sys.stdout).__name__.endswith("PacifyFlushWrapper"):
        # click's sign that a write met a closed pipe (it then exits 1 without a word)
        _say(output_failure(BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))))
    os._exit(_exit_status(code))


def _say(line: str) -> None:
    """One line on stderr, unbuffered; nothing more can be done when that fails too."""
    with contextlib.suppress(OSError):
        os.write(2, (line + "\n").encode("utf-8", "replace"))


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
        except OSError as exc:  # a full disk, a closed pipe
            if status == 0 or stream is sys.stdout:
                _say(output_failure(exc))
            status = status or 1
        except ValueError:  # a closed stream: nothing more can be said
            status = status or 1
    return status

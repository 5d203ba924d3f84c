"""The ``okrsite`` command group, its one error shape, and the program's entry point.

Commands register themselves on :func:`main` with ``@main.command()`` in the
modules of this package; :mod:`okrsite.cli` imports each of those modules once.

Every error of every command is one line on stderr, ``okrsite: error: ...``, and
never a traceback: exit status 2 for a usage error (bad or missing flags and
arguments, no goals folder), 1 when the files refuse (unknown reference, page
exists, a check that fails). Commands raise :class:`Failure` (or call
:func:`fail`); click's own usage errors are turned into the same shape.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import IO, Any, NoReturn

import click

from .. import __version__
from ..engine import stop_collector
from ..terminal import output_failure, printable


class Failure(click.ClickException):
    """A refusal, shown as one line ``okrsite: error: ...``; exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"okrsite: error: {printable(self.format_message())}", err=True)


class UsageFailure(Failure):
    """A usage error (bad or missing flags or arguments), shown as one line; exit status 2."""

    exit_code = 2


def fail(message: str, exit_code: int = 1) -> NoReturn:
    """Stop the command with ``okrsite: error: message`` and ``exit_code`` (1 or 2)."""
    raise (UsageFailure if exit_code == 2 else Failure)(message)


def _one_line(
    ctx: click.Context, exc: click.ClickException, *, hint: bool = True
) -> click.ClickException:
    if isinstance(exc, Failure) or type(exc).__name__ == "NoArgsIsHelpError":
        return exc  # `okrsite new` alone: click shows the help, which is what was asked for
    message = exc.format_message().rstrip(".")
    if not isinstance(exc, click.UsageError):
        return Failure(message) if exc.exit_code == 1 else exc
    if message[1:2].islower():  # "No such option" -> "no such option", not "SOURCE_DATE..."
        message = message[:1].lower() + message[1:]
    return UsageFailure(f"{message} (see '{ctx.command_path} --help')" if hint else message)


class Command(click.Command):
    """A command whose errors are one line (see the module docstring)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as exc:
            raise _one_line(ctx, exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            raise _one_line(ctx, exc, hint=False) from None


class Group(click.Group):
    """A group whose errors are one line; its commands and sub-groups are alike."""

    command_class = Command
    group_class = type  # sub-groups made with @group.group() are Groups too

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as exc:
            raise _one_line(ctx, exc) from None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.ClickException as exc:
            raise _one_line(ctx, exc) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
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

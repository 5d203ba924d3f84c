"""One function run in a child forked from this process, while this process works on.

:mod:`.workers` starts its workers from a fork server, which holds none of
this process's data: what a worker needs travels through a pipe. A forked
child starts with all of it (copy-on-write): only its result travels. That
suits work on data this process just built, such as rendering half of the
pages of a loaded portal.

Forking a process that runs other threads (``mkdocs serve`` does: its HTTP
server and file watcher) is safe only if the child takes no lock another
thread held at the moment of the fork. The child here runs pure Python and
writes one pipe; should it hang or die anyway, :meth:`Child.result` gives up
after a bounded wait, and the caller does the work itself, with the same
result. Nothing here is required for correctness.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import select
import signal
import struct
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

_FAILED = b"\0"  # the first byte a child sends: the job raised
_DONE = b"\1"  # the first byte a child sends: its pickled result follows


class Child(Generic[T]):
    """A forked child running one job; :meth:`result` collects what it returned."""

    def __init__(self, pid: int, reader: int) -> None:
        self.pid = pid
        self._reader = reader

    def result(self, *, patience: float) -> T | None:
        """The job's return value; None when it raised or died, or when it sent
        nothing for ``patience`` seconds (it is then killed).

        The result is unpickled as it arrives: it is never held twice in memory.
        """
        result: T | None = None
        finished = False
        try:
            waiting = select.poll()  # not select(): it fails for descriptors past 1023
            waiting.register(self._reader, select.POLLIN)
            if waiting.poll(max(int(patience * 1000), 0)):
                with os.fdopen(self._reader, "rb", closefd=False) as stream:
                    if stream.read(1) == _DONE:
                        result = pickle.load(stream)
                        finished = True
        except Exception:  # a child that died half-way: the caller does the work
            result = None
        finally:
            os.close(self._reader)
            self._reap(finished)
        return result

    def _reap(self, finished: bool) -> None:
        if not finished:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)


def start(job: Callable[[], T]) -> Child[T] | None:
    """Run ``job`` in a forked child; None where this platform cannot fork.

    The child sends ``job()``'s result, pickled, and exits without running
    this process's exit handlers or flushing its buffers (they belong to the
    parent).
    """
    if not hasattr(os, "fork") or sys.platform == "win32":
        return None
    reader, writer = os.pipe()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns when a process with threads forks; see the module docstring.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # the child
        os.close(reader)
        _run(job, writer)
    os.close(writer)
    return Child(pid, reader)


def _run(job: Callable[[], T], writer: int) -> None:
    """In the child: run the job, send its result, exit (never returns)."""
    code = 1
    try:
        with os.fdopen(writer, "wb") as stream:
            try:
                result = job()
            except BaseException:  # the parent does the work itself
                stream.write(_FAILED)
            else:
                stream.write(_DONE)
                pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
    except BaseException:
        code = 1
    finally:
        os._exit(code)


class Ends:
    """Positions ``0 .. n-1`` of a list, taken one at a time from both ends by two
    processes until they meet: a child forked after this is made calls
    :meth:`front`, this process :meth:`back` once it is done with other work.
    Whichever is faster takes more, so neither waits for the other.

    Each side writes only its own end, in memory the two share (an anonymous
    shared mapping), and reads the other's without a lock: near the middle both
    may take the same position (the work is done twice, with the same result).
    The caller still checks that every position was done by one side or the
    other, and does any left over itself, as it does when the child fails.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self._shared = mmap.mmap(-1, 16)  # MAP_SHARED: a forked child sees the same bytes
        struct.pack_into("qq", self._shared, 0, 0, count)

    def _ends(self) -> tuple[int, int]:
        first, end = struct.unpack_from("qq", self._shared, 0)
        return first, end

    def front(self) -> Iterator[int]:
        """The positions from the start, for as long as the other side has not taken them."""
        while True:
            first, end = self._ends()
            if first >= min(end, self.count):
                return
            struct.pack_into("q", self._shared, 0, first + 1)
            yield first

    def back(self) -> Iterator[int]:
        """The positions from the end, for as long as the other side has not taken them."""
        while True:
            first, end = self._ends()
            if end - 1 < max(first, 0):
                return
            struct.pack_into("q", self._shared, 8, end - 1)
            yield end - 1

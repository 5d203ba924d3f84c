"""How long ``mkdocs serve`` takes to show an edit: the serve target of the benchmark.

:func:`measure_serve` starts ``mkdocs serve`` on a generated portal, waits for
its first build (a warm one: the chart cache is filled), makes the edit a
person makes (:func:`bench.generate.edit_objective`), and times how long the
server takes to have the edited page ready: from the moment the file is
written to MkDocs' "Reloading browsers" line, which it logs once the rebuilt
site is in place and open pages are told to reload. The edited page is then
fetched from the server to check that it shows the edit.

The plugin has the server watch the docs folder with the system's file events
(MkDocs 1.6 alone polls it every half second), and a rebuild is a full build
in the same process; both are part of what is timed, since both are part of
what a person waits for.
"""

from __future__ import annotations

import codecs
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Lines MkDocs logs: the server is up (after the first build), the watcher saw a
#: change, the rebuilt site is served. (MkDocs' own "Documentation built in" line
#: cannot be relied on: a filter drops a log message it has logged before.)
_SERVING = re.compile(r"Serving on (?P<url>http://\S+)")
_DETECTED = re.compile("Detected file changes")
_RELOADING = re.compile("Reloading browsers")
#: What :func:`bench.generate.edit_objective` writes into the check-in's note.
EDIT_MARK = "Edited by the benchmark."
#: Time the file watcher is given to take its first look at the docs folder.
SETTLE_SECONDS = 3.0
POLL_SECONDS = 0.05


@dataclass(slots=True, kw_only=True)
class ServeMeasurement:
    """One ``mkdocs serve`` session: a first build, one edit, one rebuild.

    Attributes:
        first_build: Wall seconds from starting the server to its "Serving on"
            line (start-up and a warm build).
        rebuild: Wall seconds from "Detected file changes" to "Reloading
            browsers": the rebuild alone.
        visible: Wall seconds from writing the edited file to "Reloading
            browsers" (the rebuilt site served): the watcher's delay and the
            rebuild.
        shows_edit: Whether the edited objective's page, fetched from the
            server afterwards, holds the edit.
        max_rss: Peak resident memory of the server process, in bytes.
        log: File holding the server's output.
        error: Why the measurement failed, else ``None``.
    """

    first_build: float | None = None
    rebuild: float | None = None
    visible: float | None = None
    shows_edit: bool = False
    max_rss: int = 0
    log: str = ""
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the edit showed and every time was measured."""
        return self.error is None and self.shows_edit and self.visible is not None


class _LogReader:
    """What a running process has written to its log file so far, read as it grows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = ""
        self._offset = 0  # bytes read so far: each read takes only what is new
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def read(self) -> str:
        with open(self.path, "rb") as stream:
            stream.seek(self._offset)
            chunk = stream.read()
        if chunk:
            self._offset += len(chunk)
            self.text += self._decoder.decode(chunk)
        return self.text


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 30.0) -> str | None:
    """The page at ``url`` as text, or ``None`` if the server did not answer with it."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def page_url(edited: Path, docs_dir: Path) -> str:
    """The served path of a goal page (``directory_urls``, MkDocs' default)."""
    rel = edited.relative_to(docs_dir).with_suffix("").as_posix()
    return f"{rel}/"


def measure_serve(
    root: Path,
    log: Path,
    *,
    edit: Callable[[Path], Path],
    docs_dir: str = "goals",
    timeout: float = 3600.0,
) -> ServeMeasurement:
    """Serve a portal, edit one goal page, and time until the rebuilt site is served.

    Args:
        root: Folder of the portal's ``mkdocs.yml``.
        log: File that receives the server's output.
        edit: Makes the edit; takes ``root``, returns the edited file.
        docs_dir: The portal's docs folder, relative to ``root``.
        timeout: Longest wait for each build, in seconds.

    Returns:
        The measurement; a failure is recorded in ``error``, never raised.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port()}"]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = ServeMeasurement(log=os.fspath(log))
    launched = time.perf_counter()
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            command, cwd=root, stdout=sink, stderr=subprocess.STDOUT, env=environment
        )
    reader = _LogReader(log)
    try:
        served = _wait(reader, process, _SERVING, 0, timeout)
        if served is None:
            result.error = "the server did not start"
            return result
        result.first_build = time.perf_counter() - launched
        time.sleep(SETTLE_SECONDS)
        before = len(reader.read())
        edited = edit(root)
        written = time.perf_counter()
        if _wait(reader, process, _DETECTED, before, timeout) is None:
            result.error = "the watcher did not see the edit"
            return result
        detected = time.perf_counter()
        if _wait(reader, process, _RELOADING, before, timeout) is None:
            result.error = "the edit was not rebuilt"
            return result
        reloaded = time.perf_counter()
        result.visible, result.rebuild = reloaded - written, reloaded - detected
        url = served["url"].rstrip("/") + "/" + page_url(edited, root / docs_dir)
        page = fetch(url)
        result.shows_edit = page is not None and EDIT_MARK in page
        if not result.shows_edit:
            result.error = "the served page does not show the edit"
        return result
    finally:
        result.max_rss = _stop(process)


def _wait(
    reader: _LogReader,
    process: subprocess.Popen[bytes],
    line: re.Pattern[str],
    start: int,
    timeout: float,
) -> re.Match[str] | None:
    """The first match of ``line`` in the log from character ``start`` on, once it is written.

    ``None`` if the process exits or ``timeout`` seconds pass first.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := line.search(reader.read(), start):
            return found
        if not _running(process):
            return line.search(reader.read(), start)
        time.sleep(POLL_SECONDS)
    return None


def _running(process: subprocess.Popen[bytes]) -> bool:
    """Whether the process is still running; an exited one is left for :func:`_stop` to reap."""
    return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None


def _stop(process: subprocess.Popen[bytes], grace: float = 60.0) -> int:
    """Stop the server; its peak resident memory in bytes."""
    if _running(process):
        process.send_signal(signal.SIGINT)  # what Ctrl-C does: MkDocs shuts down cleanly
        deadline = time.monotonic() + grace
        while _running(process) and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
        if _running(process):
            process.kill()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024

"""Safe edits of goal files: one locked read-modify-write, replaced atomically.

Every command that changes a file in the goals folder (``okrsite checkin``,
``okrsite new``, ``okrsite kpi add``, ``okrsite pull``) goes through
:func:`rewrite_locked`, so that concurrent writers all land and no reader ever
sees half a file.

Why the lock is on the folder and not on the file: the new content is written
to a temporary file that is renamed over the old one, so the file's inode
changes with every write and a lock held on it would guard nothing. The folder
keeps its inode; ``flock`` on it serialises all writers of that folder. Where
``fcntl`` does not exist (Windows) the write is still atomic, but concurrent
writers are not serialised.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

try:  # POSIX only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["create_locked", "locked_folder", "rewrite_locked", "write_atomically"]


@contextlib.contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (blocks until it is free)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one rename, keeping the file's mode.

    A symlinked file is edited where it lives (the link is kept). The
    temporary file is removed on any failure, so nothing is left behind.
    """
    path = path.resolve()
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def create_locked(path: Path, data: bytes) -> bool:
    """Create ``path`` with ``data``, whole or not at all; False when it already exists.

    The check and the write happen under the folder's lock, so two writers
    creating the same page cannot both succeed, and a reader never sees half
    of it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked_folder(path.parent):
        if os.path.lexists(path):
            return False
        write_atomically(path, data)
    return True


def rewrite_locked(path: Path, change: Callable[[bytes], bytes]) -> bytes:
    """Read ``path``, pass its bytes to ``change`` and write the result, under one lock.

    ``change`` sees the file as it is once the lock is held, so a concurrent
    writer's edit is never overwritten. If ``change`` raises, nothing is
    written. A file that does not exist yet is read as empty bytes.

    Returns:
        The bytes written.
    """
    real = path.resolve()
    with locked_folder(real.parent):
        old = real.read_bytes() if real.exists() else b""
        new = change(old)
        write_atomically(real, new)
    return new

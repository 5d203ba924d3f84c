"""Files that are not files: FIFOs, sockets, devices, symbolic link loops.

Reading a FIFO waits forever and a link loop fails on every access, so these
are recognised before anything is opened, and reported instead of read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def special_kind(path: Path | str) -> str | None:
    """What ``path`` is when it is not a regular file or a folder (``None`` when it is one).

    Symbolic links are followed: a link to a regular file is a regular file.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return "a symbolic link to nothing"
        if exc.errno == errno.ENAMETOOLONG:
            return "a path too long to open"
        return None  # gone or unreadable: the reader says why, as for any file
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def not_a_file_message(kind: str) -> str:
    """The finding's message for a special file."""
    return f"this is {kind}, not a file; okrsite does not read it: remove it or replace it"

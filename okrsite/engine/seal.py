"""Seals on okrsite's caches, with a key the project folder does not hold.

okrsite keeps caches in the project (``cache_dir``, by default
``.cache/okrsite``): chart SVGs, the manifest of incremental builds (which
carries search entries), the user text already rendered. What they hold is
published as it is, past the sanitizer, so a cache file that a pull request
commits must not be taken for okrsite's own. Each cache file therefore carries
an HMAC (SHA-256) made with a key from outside the project:

1. the environment variable ``OKRSITE_CACHE_KEY`` when set (in CI, a repository
   secret: GitHub gives none to pull requests from forks);
2. else a random key kept in ``$XDG_CACHE_HOME/okrsite/cache-key`` (by default
   ``~/.cache/okrsite/cache-key``), created on first use, readable by its owner
   only. A key file inside the project folder is not used.

Without a key nothing is trusted: every chart is drawn and every page rendered,
which is slower, never wrong. A file whose seal does not match is ignored the
same way.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from ..writes import write_atomically

log = logging.getLogger(__name__)

ENV_KEY = "OKRSITE_CACHE_KEY"
_KEY_BYTES = 32
_MAGIC = b"okrsite-sealed 1 "
_MAC_HEX = 64  # SHA-256


def key_path() -> Path | None:
    """Where this machine's key file lives, or None without a home folder."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = os.fspath(Path.home() / ".cache")
        except RuntimeError:  # no home folder
            return None
    return Path(base) / "okrsite" / "cache-key"


def cache_key(project: Path) -> bytes | None:
    """The key that seals the caches of the project at ``project``, or None.

    Args:
        project: the folder of ``mkdocs.yml``; a key file under it is refused (a
            pull request could commit one).
    """
    return _cache_key(os.environ.get(ENV_KEY, ""), os.fspath(project.resolve()))


@functools.lru_cache(maxsize=8)
def _cache_key(from_env: str, project: str) -> bytes | None:
    if from_env:
        return hashlib.sha256(from_env.encode("utf-8", "surrogatepass")).digest()
    path = key_path()
    if path is None:
        return None
    resolved = path.parent.resolve() / path.name
    if resolved.is_relative_to(project):
        log.info("okrsite: the cache key file %s is inside the project: caches are not used", path)
        return None
    key = _read_key(resolved) or _create_key(resolved) or _read_key(resolved)
    if key is None:
        log.info("okrsite: no cache key (cannot write %s): caches are not used", path)
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == _KEY_BYTES else None


def _create_key(path: Path) -> bytes | None:
    """Write a new random key; None when the file exists already or cannot be made."""
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:  # another process made it first (read it then), or no place for it
        return None
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


def mac(key: bytes, data: bytes) -> str:
    """The seal of ``data`` (hex)."""
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def matches(key: bytes, data: bytes, seal: object) -> bool:
    """Whether ``seal`` is the seal of ``data``, compared in constant time."""
    return isinstance(seal, str) and hmac.compare_digest(mac(key, data), seal)


def sealed(key: bytes, payload: bytes) -> bytes:
    """``payload`` with its seal in front, the content of a sealed file."""
    return _MAGIC + mac(key, payload).encode("ascii") + b"\n" + payload


def opened(key: bytes, blob: bytes) -> bytes | None:
    """The payload of a sealed file's content, or None when the seal does not match."""
    start = len(_MAGIC) + _MAC_HEX + 1
    if not blob.startswith(_MAGIC) or blob[start - 1 : start] != b"\n":
        return None
    seal, payload = blob[len(_MAGIC) : start - 1], blob[start:]
    with contextlib.suppress(UnicodeDecodeError):
        if matches(key, payload, seal.decode("ascii")):
            return payload
    return None


def read_sealed(path: Path, key: bytes | None) -> bytes | None:
    """The payload of the sealed file at ``path``; None if missing, unreadable or not sealed
    with ``key`` (or without a key)."""
    if key is None:
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    return opened(key, blob)


def write_sealed(path: Path, key: bytes | None, payload: bytes) -> bool:
    """Write ``payload`` sealed, atomically; False (and nothing written) without a key or
    when the file cannot be written: a cache that cannot be kept is no error."""
    if key is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, sealed(key, payload))
    except OSError:
        return False
    return True

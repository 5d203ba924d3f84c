"""The theme's compiled templates, kept between builds in one sealed file.

MkDocs makes a new Jinja environment for every build (and for every rebuild
of ``mkdocs serve``), and Jinja compiles each template the first time it is
loaded: mkdocs-material's ``main.html``, ``base.html``, ``404.html`` and their
partials, about 0.2 s of every build. Jinja can keep compiled templates (a
"bytecode cache"), but what it keeps is read with ``marshal`` and ``pickle``:
code, run as it is loaded. A cache file a pull request commits must never be
run, so :class:`SealedTemplates` keeps them in ``<cache_dir>/templates.marshal``,
sealed like every okrsite cache (:mod:`okrsite.engine.seal`): a file whose seal
is not this machine's is ignored, never decoded.

A kept template is used only if its source is the same (Jinja checks a hash of
it), and the file only if the :func:`stamp` is: Jinja's version, Python's, and
the environment's settings that change compiled code (its extensions and
syntax). The environment is stamped once every plugin has changed it.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from ..engine import textstore
from ..engine.seal import write_sealed

FILE = "templates.marshal"
#: Version of the file's format.
VERSION = 1

#: Environment settings the compiled code of a template depends on.
_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


def _name(value: object) -> str:
    """A callable's dotted name (stable between runs, unlike its repr); other values' repr."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value))}"
    return repr(value)


def stamp(env: jinja2.Environment) -> str:
    """What compiled templates depend on besides their source."""
    settings = [f"{name}={getattr(env, name, None)!r}" for name in _SYNTAX]
    settings += [
        f"autoescape={_name(env.autoescape)}",
        f"finalize={_name(env.finalize)}",
        f"code_generator={_name(env.code_generator_class)}",
        f"extensions={sorted(env.extensions)}",
    ]
    return "\n".join([f"jinja2 {jinja2.__version__}", f"python {sys.version}", *settings])


class SealedTemplates(BytecodeCache):
    """Jinja's bytecode cache over one sealed file: set it as the environment's
    ``bytecode_cache``, and :meth:`save` it after the build.

    Args:
        env: the theme's environment, as every plugin left it.
        cache_dir: okrsite's cache folder.
        key: the key that seals it (None: nothing is read or kept).
    """

    def __init__(self, env: jinja2.Environment, cache_dir: Path, key: bytes | None) -> None:
        self.path = cache_dir / FILE
        self.key = key
        self.stamp = stamp(env)
        self._kept = self._read()
        self._made: dict[str, bytes] = {}

    def _read(self) -> dict[str, Any]:
        entries = textstore.sealed_entries(self.path, self.key, marshal.loads, VERSION, self.stamp)
        return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, bytes)}

    def load_bytecode(self, bucket: Bucket) -> None:
        raw = self._kept.get(bucket.key)
        if raw is not None:
            bucket.bytecode_from_string(raw)  # left empty if the template's source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._made[bucket.key] = bucket.bytecode_to_string()

    def save(self) -> bool:
        """Keep the templates compiled in this build beside those kept; False when none
        was compiled (or the file cannot be kept)."""
        if self.key is None or not self._made:
            return False
        entries = {**self._kept, **self._made}
        data = {"version": VERSION, "stamp": self.stamp, "entries": dict(sorted(entries.items()))}
        return write_sealed(self.path, self.key, marshal.dumps(data))

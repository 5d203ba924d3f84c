"""Drafts of unchanged goal pages, kept between processes in one sealed file.

Reading a team's or an objective's page into its draft (front matter parsed,
checked field by field) is most of loading a portal, and between two runs
(``mkdocs build --dirty`` after a check-in, the next build, ``okrsite
check``) almost no page changes. A draft and its findings are a pure function
of the page's text, where it is (kind, id, the path findings show) and the
fiscal year's first month, and of okrsite's code: the last run's are kept in
``<cache_dir>/drafts.pickle`` under a hash of those, and under a :func:`stamp`
of the code (every module of the package, PyYAML's version, Python's).

KPI pages are always read: their draft includes the CSV beside them, found
through the file system.

The file is pickled, so it is opened only when its seal (:mod:`.seal`) is this
machine's: a file a pull request commits is ignored, never unpickled.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from pathlib import Path

import yaml

from ..model import Finding
from ..source.discover import SourceFile
from ..validate import Draft
from . import pickling as _pickling  # noqa: F401  (drafts pickle as the workers send them)
from . import textstore
from .seal import write_sealed

FILE = "drafts.pickle"
#: Version of the file's format.
VERSION = 1

Drafted = tuple[Draft | None, list[Finding]]


@functools.cache
def stamp() -> str:
    """The code drafts depend on: every module of okrsite, PyYAML and Python."""
    import okrsite

    package = Path(okrsite.__file__).parent
    libyaml = f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)}"
    return textstore.source_stamp((), sorted(package.rglob("*.py")), libyaml)


def kept_kind(source: SourceFile) -> bool:
    """Whether a file's draft can be kept (a KPI's depends on its CSV as well)."""
    return source.kind != "kpi"


def entry_key(source: SourceFile, text: str, fiscal_year_start: int) -> str:
    """Everything a kept draft depends on besides the code, as one hash."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in (source.kind, source.id, source.shown, str(fiscal_year_start), text):
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


class DraftStore:
    """The drafts the last run kept, and those this run used (what the next one gets).

    Args:
        cache_dir: okrsite's cache folder.
        key: the key that seals it (None: nothing is read or kept).
    """

    def __init__(self, cache_dir: Path, key: bytes | None) -> None:
        self.path = cache_dir / FILE
        self.key = key
        self._kept = self._read()
        self._used: dict[str, bytes] = {}

    def _read(self) -> dict[str, bytes]:
        return textstore.sealed_entries(self.path, self.key, pickle.loads, VERSION, stamp())

    def get(self, key: str) -> Drafted | None:
        """The kept draft and findings under ``key`` (a fresh copy), or None."""
        raw = self._kept.get(key)
        if raw is None:
            return None
        try:
            drafted: Drafted = pickle.loads(raw)
        except Exception:
            return None
        self._used[key] = raw
        return drafted

    def put(self, key: str, drafted: Drafted) -> None:
        """Keep a draft made now; call it before anything changes the draft."""
        self._used[key] = pickle.dumps(drafted, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> bool:
        """Keep this run's drafts for the next run, if they are not those kept already."""
        if self._used.keys() == self._kept.keys():
            return False
        data = {"version": VERSION, "stamp": stamp(), "entries": dict(sorted(self._used.items()))}
        return write_sealed(self.path, self.key, pickle.dumps(data, protocol=4))

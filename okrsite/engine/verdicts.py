"""The text checks' verdicts, kept between processes in one sealed file.

Judging statements for Q103-Q105 is the slowest part of checking a big portal,
and between two runs of ``okrsite check`` (a pre-commit hook, a build after a
check-in) almost no statement changes. Verdicts are a pure function of the
request (check, text, key result kind, unit, KPI) and of the text checks' code
and word lists, so the last run's are kept in ``<cache_dir>/verdicts.json``
under a :func:`stamp` of that code, sealed like every cache okrsite keeps
(:mod:`.seal`): a forged file could hide or invent warnings.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from ..text import Judgement, Request, all_verdicts, remember, verdict_count
from . import textstore

FILE = "verdicts.json"


@functools.cache
def stamp() -> str:
    """The code and data the verdicts depend on: okrsite's text modules, their word lists
    and the lemminflect lexicon's version."""
    import okrsite.text

    package = Path(okrsite.text.__file__).parent
    modules = sorted(f"okrsite.text.{path.stem}" for path in package.glob("*.py"))
    modules = [m.removesuffix(".__init__") for m in modules]
    lexicon = textstore.version("lemminflect")
    return textstore.source_stamp(modules, sorted((package / "data").glob("*.txt")), lexicon)


def load(cache_dir: Path, key: bytes | None) -> list[tuple[Request, Judgement]]:
    """The verdicts the last run kept, if sealed with ``key`` under today's :func:`stamp`."""
    verdicts: list[tuple[Request, Judgement]] = []
    for text, value in textstore.load(cache_dir, key, stamp(), name=FILE).items():
        try:
            code, said, kind, unit, kpi = json.loads(text)
            fires, reason = value
        except (ValueError, TypeError):
            continue  # sealed by this machine, so never; but a cache is no reason to fail
        request = (str(code), str(said), str(kind), bool(unit), bool(kpi))
        verdicts.append((request, Judgement(bool(fires), str(reason))))
    return verdicts


def save(cache_dir: Path, key: bytes | None, verdicts: list[tuple[Request, Judgement]]) -> bool:
    """Keep ``verdicts`` for the next run; False when not kept."""
    entries = {
        json.dumps(list(request), ensure_ascii=False): [verdict.fires, verdict.reason]
        for request, verdict in verdicts
    }
    return textstore.save(cache_dir, key, stamp(), entries, name=FILE)


#: (cache folder, key) -> how many verdicts this process held once it had read them.
_READ: dict[tuple[Path, bytes], int] = {}


def preload(cache_dir: Path, key: bytes) -> None:
    """Remember the kept verdicts in this process (a worker, or the main one), once."""
    if (cache_dir, key) not in _READ:
        remember(load(cache_dir, key))
        _READ[cache_dir, key] = verdict_count()


def keep(cache_dir: Path, key: bytes) -> None:
    """After a run: keep every verdict for the next one, if this run reached new ones."""
    if verdict_count() != _READ.get((cache_dir, key)) and save(cache_dir, key, all_verdicts()):
        _READ[cache_dir, key] = verdict_count()

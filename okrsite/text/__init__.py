"""Text judgement behind the quality checks Q103, Q104 and Q105 (SPEC section 7).

Pure functions: a statement in, a :class:`Judgement` out. The rules in
:mod:`okrsite.lint` turn a firing judgement into a warning; this package only decides,
reading a statement the way an OKR coach would: who acts, on what, and which measure
changes (:mod:`.structure`), and what each number is doing (:mod:`.quantities`).

* :mod:`.upkeep` - Q103, the objective keeps a state where it is;
* :mod:`.target` - Q105, the objective carries the number;
* :mod:`.task` - Q104, the key result names work rather than a measured outcome.

The word classes live in ``data/*.txt``; whether a word can be a verb or a noun comes
from the lexicon the ``lemminflect`` package ships (:mod:`.lexicon`). Both load on the
first judgement, and every verdict is remembered per text, so a portal that repeats a
statement judges it once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .judgement import Judgement
from .target import is_a_number
from .task import is_task
from .upkeep import reads_like_kpi

__all__ = [
    "Judgement",
    "Request",
    "judge_key_result_is_task",
    "judge_objective_is_a_number",
    "judge_objective_reads_like_kpi",
    "all_verdicts",
    "remember",
    "take_verdicts",
    "verdict_count",
]

#: A request for one verdict: (check code, text, key result kind, has unit, has KPI).
Request = tuple[str, str, str, bool, bool]

_JUDGES: dict[str, Callable[[str, str, bool, bool], Judgement]] = {
    "Q103": lambda text, kind, has_unit, has_kpi: reads_like_kpi(text),
    "Q104": is_task,
    "Q105": lambda text, kind, has_unit, has_kpi: is_a_number(text),
}
# Judging is pure, so a verdict is reused: Q103 and Q105 read the same statements, and the
# workers that load a big portal judge its texts too (:func:`take_verdicts`, :func:`remember`).
# Bounded, because ``mkdocs serve`` keeps the process through edits.
_VERDICTS: dict[Request, Judgement] = {}
_MAX_VERDICTS = 200_000
# The requests judged here since the last take_verdicts(): a worker sends only those on,
# and keeps every verdict, so a title that recurs in its later tasks is judged once.
_FRESH: list[Request] = []


def _verdict(request: Request) -> Judgement:
    found = _VERDICTS.get(request)
    if found is None:
        found = _JUDGES[request[0]](*request[1:])
        if len(_VERDICTS) >= _MAX_VERDICTS:
            _VERDICTS.clear()
            _FRESH.clear()  # the process is not a worker, or its main process has these
        _VERDICTS[request] = found
        _FRESH.append(request)
    return found


def judge_objective_reads_like_kpi(statement: str) -> Judgement:
    """Whether an objective is upkeep of a state, i.e. a KPI (check Q103).

    Args:
        statement: the objective statement, possibly with inline Markdown.

    Returns:
        The verdict; see :func:`okrsite.text.upkeep.reads_like_kpi`.
    """
    return _verdict(("Q103", statement, "", False, False))


def judge_objective_is_a_number(statement: str) -> Judgement:
    """Whether an objective carries its own metric target (check Q105).

    Args:
        statement: the objective statement, possibly with inline Markdown.

    Returns:
        The verdict; see :func:`okrsite.text.target.is_a_number`.
    """
    return _verdict(("Q105", statement, "", False, False))


def judge_key_result_is_task(
    title: str, *, kind: str, has_unit: bool = False, has_kpi: bool = False
) -> Judgement:
    """Whether a key result names an activity or an output, not an outcome (check Q104).

    Args:
        title: the key result title, possibly with inline Markdown.
        kind: ``"numeric"``, ``"milestone"`` or ``"aligned"``.
        has_unit: whether the key result declares a unit (not used; see
            :func:`okrsite.text.task.is_task`).
        has_kpi: whether the key result is linked to a KPI.

    Returns:
        The verdict; see :func:`okrsite.text.task.is_task`.
    """
    return _verdict(("Q104", title, kind, has_unit, has_kpi))


def take_verdicts() -> list[tuple[Request, Judgement]]:
    """The verdicts reached in this process since the last call (a worker sends them on).

    They stay remembered here too: a worker that meets a text again in a later task
    reuses its verdict, which the main process already has from the earlier task.
    """
    verdicts = [(request, _VERDICTS[request]) for request in _FRESH if request in _VERDICTS]
    _FRESH.clear()
    return verdicts


def remember(verdicts: Iterable[tuple[Request, Judgement]]) -> None:
    """Keep verdicts reached elsewhere (in a worker), so the checks need not judge again."""
    for request, verdict in verdicts:
        if len(_VERDICTS) >= _MAX_VERDICTS:
            _VERDICTS.clear()
        _VERDICTS[request] = verdict


def all_verdicts() -> list[tuple[Request, Judgement]]:
    """Every verdict this process remembers (to keep them for the next run)."""
    return list(_VERDICTS.items())


def verdict_count() -> int:
    """How many verdicts this process remembers."""
    return len(_VERDICTS)

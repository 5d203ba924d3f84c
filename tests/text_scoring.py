"""Scoring of the text checks Q103, Q104 and Q105 on the labelled JSONL sets in tests/data.

Each line of a set is one labelled statement: ``text``, ``kind`` (``objective`` or
``kr``), for key results ``kr_kind`` (``numeric`` or ``milestone``), and ``expect``,
the codes a careful OKR coach would report. Scored as SPEC section 7 reads: Q105 is
not reported (and not expected) on a statement where Q103 fires.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
CODES = ("Q103", "Q104", "Q105")


@dataclass
class Score:
    """Counts for one code on one set, and the statements it got wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_set(name: str) -> list[dict[str, object]]:
    """The records of ``tests/data/<name>.jsonl``."""
    with (DATA / f"{name}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


Reporter = Callable[[dict[str, object]], tuple[set[str], dict[str, str]]]


def reported_codes(record: dict[str, object]) -> tuple[set[str], dict[str, str]]:
    """The codes okrsite reports on one labelled statement, with their reasons."""
    from okrsite.text import (
        judge_key_result_is_task,
        judge_objective_is_a_number,
        judge_objective_reads_like_kpi,
    )

    text = str(record["text"])
    found: dict[str, str] = {}
    if record["kind"] == "objective":
        kpi = judge_objective_reads_like_kpi(text)
        if kpi.fires:
            found["Q103"] = kpi.reason
        else:
            number = judge_objective_is_a_number(text)
            if number.fires:
                found["Q105"] = number.reason
    else:
        task = judge_key_result_is_task(text, kind=str(record.get("kr_kind", "numeric")))
        if task.fires:
            found["Q104"] = task.reason
    return set(found), found


def score(records: list[dict[str, object]], report: Reporter = reported_codes) -> dict[str, Score]:
    """Precision and recall counts per code over ``records``."""
    scores = {code: Score() for code in CODES}
    for record in records:
        got, reasons = report(record)
        expected = set(record["expect"])  # type: ignore[arg-type]
        applies = ("Q103", "Q105") if record["kind"] == "objective" else ("Q104",)
        for code in applies:
            s = scores[code]
            if code in got and code in expected:
                s.tp += 1
            elif code in got:
                s.fp += 1
                s.wrong.append(f"false positive {code}: {record['text']!r} ({reasons[code]})")
            elif code in expected:
                s.fn += 1
                s.wrong.append(f"false negative {code}: {record['text']!r}")
            else:
                s.tn += 1
    return scores


def table(name: str, scores: dict[str, Score]) -> str:
    """One line per code: precision and recall, as ``make test`` prints them."""
    return "\n".join(
        f"{name:>8} {code}: precision {s.precision:.2f} recall {s.recall:.2f} "
        f"(tp {s.tp}, fp {s.fp}, fn {s.fn})"
        for code, s in scores.items()
    )

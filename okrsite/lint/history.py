"""Checks across time: repeated objectives and stale check-ins (Q109, Q110)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from ..model import Finding, KeyResult, Objective, Portal
from ..options import LintOptions
from .registry import (
    REPEAT_SIMILARITY,
    _objectives,
    _plural,
    _running,
    _statement_line,
    _warn,
    rule,
)

# --- Periods and check-ins ------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


def _normalise(statement: str) -> str:
    """Lowercase words only: case, punctuation and spacing do not make an objective new."""
    text = unicodedata.normalize("NFKC", statement).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def _period_kind(key: str) -> str:
    return "Q" if "-Q" in key else "H" if "-H" in key else "Y"


def _owner_group(objective: Objective) -> tuple[str, str]:
    if objective.level == "individual":
        return ("individual", objective.owner)
    if objective.level == "team" and objective.team:
        return ("team", objective.team)
    return ("company", "")


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(map(str.__add__, text, text[1:]))


def _matcher(b: str) -> difflib.SequenceMatcher[str]:
    return difflib.SequenceMatcher(None, "", b, autojunk=False)


def _counts(text: str) -> dict[str, int]:
    """How many times each character occurs in ``text``."""
    return {c: text.count(c) for c in set(text)}


def _similar(
    a: str,
    b: str,
    pairs_of: Callable[[str], frozenset[str]],
    matcher_of: Callable[[str], difflib.SequenceMatcher[str]] = _matcher,
    counts_of: Callable[[str], dict[str, int]] = _counts,
) -> bool:
    """Whether two normalised statements are near-identical (difflib ratio >= 0.9).

    Cheap bounds come first. A ratio of r leaves at most ``(1 - r) * total`` characters
    to insert or delete, and each of those changes at most 3 distinct character pairs;
    so statements whose sets of character pairs differ by more than that cannot match.
    Then difflib's own upper bound, ``quick_ratio`` (the characters the two share,
    counted with repeats), worked out from counts made once per statement by
    ``counts_of``. ``matcher_of(b)`` gives a matcher with ``b`` as its second sequence:
    difflib's analysis of ``b`` is then made once for every ``a`` it is compared with.
    """
    total = len(a) + len(b)
    slack = (1 - REPEAT_SIMILARITY) * total + 1e-9  # float rounding must not reject a match
    if abs(len(a) - len(b)) > slack:
        return False
    pairs_a, pairs_b = pairs_of(a), pairs_of(b)
    if len(pairs_a) + len(pairs_b) - 2 * len(pairs_a & pairs_b) > 3 * slack:
        return False
    counts_a, counts_b = counts_of(a), counts_of(b)
    shared = sum(min(n, counts_b[c]) for c, n in counts_a.items() if c in counts_b)
    if 2.0 * shared / total < REPEAT_SIMILARITY:  # SequenceMatcher.quick_ratio, exactly
        return False
    matcher = matcher_of(b)
    matcher.set_seq1(a)
    return matcher.ratio() >= REPEAT_SIMILARITY


@rule(
    code="Q109",
    summary="A team sets the same (or nearly the same) objective in two consecutive periods.",
    why=(
        "Objectives are meant to change from one cycle to the next as they are reached or "
        "replaced; one that comes back every quarter describes business as usual, which is "
        "the job of a KPI. Article 001 \"OKR vs KPI: What's the Difference? (With "
        'Examples)" says that OKRs set again every quarter are probably KPIs in disguise.'
    ),
    sources=("001",),
    bad=(
        "# objectives/2026-Q3/support.md\n"
        "objective: Answer marinas faster than anyone in the industry\n"
        "team: support\n"
        "# objectives/2026-Q4/support.md\n"
        "objective: Answer marinas faster than anyone in our industry\n"
        "team: support\n"
    ),
    good=(
        "# objectives/2026-Q4/support.md\n"
        "objective: Let marinas solve the common problems without waiting for us\n"
        "team: support\n"
        "# and first response time is watched as a KPI\n"
    ),
)
def repeated_objective(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q109: a near-identical objective of the same group in the period right before."""
    # Objectives indexed by (group, kind of period, the day after their period ends):
    # the ones a later objective must be compared with are found by its start day.
    before: dict[tuple[tuple[str, str], str, date], dict[str, list[Objective]]] = {}
    pairs: dict[str, frozenset[str]] = {}  # character pairs, computed when first needed
    matchers: dict[str, difflib.SequenceMatcher[str]] = {}  # by their second sequence
    counts: dict[str, dict[str, int]] = {}  # character counts, when first needed

    def pairs_of(text: str) -> frozenset[str]:
        if text not in pairs:
            pairs[text] = _bigrams(text)
        return pairs[text]

    def matcher_of(text: str) -> difflib.SequenceMatcher[str]:
        if text not in matchers:
            matchers[text] = _matcher(text)
        return matchers[text]

    def counts_of(text: str) -> dict[str, int]:
        found = counts.get(text)
        if found is None:
            found = counts[text] = _counts(text)
        return found

    normalised = {key: _normalise(o.objective) for key, o in portal.objectives.items()}
    for objective in _objectives(portal):
        text = normalised[objective.id]
        if objective.period is not None and text:
            key = (
                _owner_group(objective),
                _period_kind(objective.period.key),
                objective.period.end + timedelta(days=1),
            )
            before.setdefault(key, {}).setdefault(text, []).append(objective)  # id order
    for objective in _objectives(portal):
        period = objective.period
        text = normalised[objective.id]
        if period is None or not text:
            continue
        candidates = before.get((_owner_group(objective), _period_kind(period.key), period.start))
        if not candidates:
            continue
        # An identical statement is the best match; then near-identical ones in id order.
        # Of those, the first whose key results this objective repeats is named.
        matches: list[Objective] = list(candidates.get(text, ())) + [
            o
            for t, group in candidates.items()
            if t != text and _similar(text, t, pairs_of, matcher_of, counts_of)
            for o in group
        ]
        earlier = next((o for o in matches if key_results_repeat(objective, o)), None)
        if earlier is not None:
            assert earlier.period is not None
            yield _warn(
                "Q109",
                objective.path,
                _statement_line(objective),
                f"objective repeats '{earlier.id}' of {earlier.period.key}; an objective "
                "that returns every period is business as usual: watch it as a KPI, or say "
                "what should change this period",
            )


_NUMBER_IN_TEXT = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(title: str) -> tuple[str, ...]:
    return tuple(n.replace(",", "") for n in _NUMBER_IN_TEXT.findall(title))


def _kr_repeats(
    kr: KeyResult, earlier: KeyResult, pairs_of: Callable[[str], frozenset[str]]
) -> bool:
    """Whether a key result repeats an earlier one.

    Two measured key results of one kind (numeric, or threshold) repeat when they
    aim at the same target (same side and unit), whatever their words: a target
    that moved ("20 M users" -> "50 M users") makes a new key result. Others repeat
    when their titles are near-identical and name the same numbers.
    """
    if (
        kr.kind in ("numeric", "threshold")
        and kr.kind == earlier.kind
        and kr.target is not None
        and earlier.target is not None
    ):
        return (
            kr.target == earlier.target
            and kr.threshold == earlier.threshold
            and (kr.unit or "") == (earlier.unit or "")
        )
    a, b = _normalise(kr.title), _normalise(earlier.title)
    if not a or not b or _numbers(kr.title) != _numbers(earlier.title):
        return False
    return a == b or _similar(a, b, pairs_of)


def key_results_repeat(objective: Objective, earlier: Objective) -> bool:
    """Whether more than half of ``objective``'s key results repeat ``earlier``'s.

    An objective that comes back with new key results (new titles, new targets) is
    a continuation, not business as usual (SPEC 7, Q109).
    """
    krs = objective.key_results
    if not krs or not earlier.key_results:
        return False
    repeated = sum(
        1 for kr in krs if any(_kr_repeats(kr, old, _bigrams) for old in earlier.key_results)
    )
    return repeated * 2 > len(krs)


@rule(
    code="Q110",
    summary=(
        "An objective of the running period has had no check-in for more than "
        "lint.stale_days days (default 14), counted from the period start when it has none."
    ),
    why=(
        "An OKR that is set and then left alone is forgotten long before the period ends; "
        "regular check-ins keep it honest and show drift while there is still time to act. "
        'Article 001 "OKR vs KPI: What\'s the Difference? (With Examples)" warns that OKRs '
        "left unreviewed lose their meaning by the end of the quarter, and article 004 "
        '"OKRs vs KPIs: Stop Confusing the Steering Wheel with the Dashboard" prefers '
        "weekly check-ins to a post-mortem at quarter end."
    ),
    sources=("001", "004"),
    bad=(
        "# as of 2026-11-15\n"
        "period: 2026-Q4\n"
        "checkins:\n"
        "  - date: 2026-10-20\n"
        "    confidence: 0.6\n"
    ),
    good=(
        "# as of 2026-11-15\n"
        "period: 2026-Q4\n"
        "checkins:\n"
        "  - date: 2026-10-20\n"
        "    confidence: 0.6\n"
        "  - date: 2026-11-10\n"
        "    confidence: 0.5\n"
    ),
    option="lint.stale_days",
)
def stale_check_in(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q110: running objectives whose latest check-in is older than ``stale_days``."""
    today = portal.as_of
    for objective in _objectives(portal):
        period = objective.period
        if period is None or not _running(period, today):
            continue
        dates = [c.date for c in objective.checkins if c.date <= today]
        latest = max(dates) if dates else None
        since = max(latest, period.start) if latest else period.start
        age = (today - since).days
        if age <= options.stale_days:
            continue
        line = objective.lines.get("checkins", objective.lines.get("period", 1))
        hint = (
            f"add a check-in (okrsite checkin {objective.id} --kr ID=VALUE) at least every "
            f"{_plural(options.stale_days, 'day')}"
        )
        if latest is None:
            message = f"no check-in since {period.key} started {_plural(age, 'day')} ago; {hint}"
        elif latest < period.start:
            message = (
                f"no check-in since {period.key} started {_plural(age, 'day')} ago (the "
                f"latest is from {latest.isoformat()}); {hint}"
            )
        else:
            message = f"latest check-in is {_plural(age, 'day')} old ({latest.isoformat()}); {hint}"
        yield _warn("Q110", objective.path, line, message)

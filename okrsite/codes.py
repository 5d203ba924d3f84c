"""The registry of finding codes: every E (error) and Q (quality check) code in one table.

The validator and the loaders raise the E codes, the linter registers one rule
per Q code, the options accept the Q codes in ``lint.ignore``/``lint.select``,
the JSON Schema lists them for ``lint_ignore``, and the health and rules pages
explain them: all of them read this table, so a code is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True)
class Code:
    """One finding code.

    Attributes:
        code: ``E001``..., ``Q101``...
        name: kebab-case name (shown next to the code on the rules page).
        severity: ``error`` (the build cannot be trusted) or ``warning``.
        meaning: one line: when it is reported.
        default_on: for a quality check, whether it runs unless ``lint.ignore``
            lists it (``False``: only when ``lint.select`` lists it).
    """

    code: str
    name: str
    severity: str
    meaning: str
    default_on: bool = True


def _error(code: str, name: str, meaning: str) -> Code:
    return Code(code=code, name=name, severity=ERROR, meaning=meaning)


def _check(code: str, name: str, meaning: str, *, default_on: bool = True) -> Code:
    return Code(code=code, name=name, severity=WARNING, meaning=meaning, default_on=default_on)


#: SPEC section 4.
ERRORS: tuple[Code, ...] = (
    _error("E001", "unreadable", "unreadable file, invalid YAML or missing front matter"),
    _error("E002", "unknown-key", "unknown key (with a suggestion)"),
    _error("E003", "missing-key", "missing required key"),
    _error("E004", "bad-value", "wrong type or value: period, date, number, choice or range"),
    _error("E005", "duplicate-key", "duplicate key"),
    _error("E006", "duplicate-id", "duplicate id: key result ids within an objective, page ids"),
    _error(
        "E007",
        "unknown-reference",
        "unknown or ambiguous reference: team, parent, KPI, aligned objective",
    ),
    _error("E008", "cycle", "a cycle in objective parents, aligned key results or team parents"),
    _error("E009", "bad-csv", "a problem in a KPI's CSV file"),
    _error("E010", "outside-docs", "a path that leads outside the goals folder"),
    _error(
        "E011", "target-equals-baseline", "a numeric key result whose target equals its baseline"
    ),
)

#: SPEC section 7. The rules themselves live in :mod:`okrsite.lint`.
CHECKS: tuple[Code, ...] = (
    _check("Q101", "too-few-key-results", "objective has fewer than 2 key results"),
    _check("Q102", "too-many-key-results", "objective has more than 5 key results"),
    _check("Q103", "objective-reads-like-kpi", "objective is the upkeep of a level"),
    _check("Q104", "key-result-is-a-task", "key result is an activity or output, not an outcome"),
    _check("Q105", "objective-is-a-number", "the objective statement carries the metric"),
    _check("Q106", "kpi-missing-essentials", "KPI lacks definition, target, source or cadence"),
    _check(
        "Q107",
        "kpi-off-target-without-okr",
        "KPI off target for 3 periods and no objective of the current period links it",
    ),
    _check("Q108", "too-many-kpis", "more than 25 KPIs in the portal"),
    _check(
        "Q109", "repeated-objective", "a team repeats an objective and its key results in a row"
    ),
    _check("Q110", "stale-check-in", "objective of the running period without a recent check-in"),
    _check("Q111", "kpi-stale-data", "KPI's latest point is older than 2 cadence periods"),
    _check("Q112", "orphan-kpi", "KPI linked from no key result and owned by no team"),
    _check("Q113", "sandbagged-objective", "aspirational objective of a finished period at 1.0"),
    _check("Q114", "individual-okr", "individual-level objective", default_on=False),
    _check("Q115", "placeholder-text", "placeholder text (TODO, TBD, ...) left in a page"),
)

#: Every code by its name: ``CODES["E007"].meaning``.
CODES: dict[str, Code] = {c.code: c for c in ERRORS + CHECKS}
#: The quality-check codes, in order.
LINT_CODES: tuple[str, ...] = tuple(c.code for c in CHECKS)
#: Quality checks that run only when ``lint.select`` lists them.
DEFAULT_OFF: tuple[str, ...] = tuple(c.code for c in CHECKS if not c.default_on)
#: ``Q101 to Q115``, for messages.
LINT_RANGE = f"{LINT_CODES[0]} to {LINT_CODES[-1]}"

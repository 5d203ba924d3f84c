"""``okrsite diff``: what changed between two exports, as Markdown."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from okrsite.authoring.diff import DiffError, diff_exports
from okrsite.cli.edit import diff_cmd


def _kr(kid: str, title: str, **extra: Any) -> dict[str, Any]:
    kr: dict[str, Any] = {
        "id": kid,
        "title": title,
        "kind": "numeric",
        "baseline": 0,
        "target": 100,
        "current": 0,
        "unit": None,
        "kpi": None,
        "progress": 0.0,
        "score": 0.0,
        "weight": 1,
    }
    kr.update(extra)
    return kr


def _objective(oid: str, statement: str, **extra: Any) -> dict[str, Any]:
    objective: dict[str, Any] = {
        "id": oid,
        "objective": statement,
        "period": oid.split("/")[0],
        "level": "team",
        "team": "sales",
        "owner": "Ana",
        "type": "aspirational",
        "parent": None,
        "score": 0.0,
        "status": "red",
        "confidence": None,
        "url": f"objectives/{oid}/",
        "key_results": [],
    }
    objective.update(extra)
    return objective


def _kpi(kid: str, **extra: Any) -> dict[str, Any]:
    kpi: dict[str, Any] = {
        "id": kid,
        "name": kid.upper(),
        "owner": "Bo",
        "team": "sales",
        "target": 100,
        "direction": "higher",
        "status": "green",
        "latest": {"date": "2026-10-31", "value": 120},
        "off_target_streak": 0,
        "url": f"kpis/{kid}/",
    }
    kpi.update(extra)
    return kpi


def _finding(
    code: str, path: str, line: int, message: str, severity: str = "warning"
) -> dict[str, Any]:
    return {"code": code, "severity": severity, "path": path, "line": line, "message": message}


OLD: dict[str, Any] = {
    "schema": "okrsite/1",
    "as_of": "2026-11-01",
    "current_period": "2026-Q4",
    "objectives": [
        _objective(
            "2026-Q4/retain",
            "Keep customers longer",
            score=0.42,
            status="yellow",
            confidence=0.5,
            key_results=[
                _kr("kr1", "Churn below 2 %", current=42, score=0.42),
                _kr("kr2", "Win-back live", kind="milestone", score=0.0),
            ],
        ),
        _objective("2026-Q4/steady", "Nothing moves here", score=0.3, status="yellow"),
        _objective("2026-Q3/old", "Finished | closed", score=0.8, status="green"),
    ],
    "kpis": [
        _kpi(
            "mrr", status="amber", latest={"date": "2026-10-31", "value": 95}, off_target_streak=1
        ),
        _kpi("nps"),
        _kpi("gone"),
    ],
    "teams": [
        {"id": "sales", "name": "Sales", "parent": None, "scores": {"2026-Q4": 0.36}},
        {"id": "legacy", "name": "Legacy", "parent": None, "scores": {}},
    ],
    "company": {"name": "Acme", "scores": {"2026-Q4": 0.36}},
    "findings": [
        _finding("Q110", "goals/objectives/2026-Q4/retain.md", 3, "no check-in for 20 days"),
        _finding("E007", "goals/objectives/2026-Q4/steady.md", 9, "unknown team 'ops'", "error"),
        _finding("Q101", "goals/objectives/2026-Q4/steady.md", 2, "only 1 key result"),
    ],
}

NEW: dict[str, Any] = copy.deepcopy(OLD)
NEW["as_of"] = "2026-11-15"
retain = NEW["objectives"][0]
retain.update(score=0.55, status="green", confidence=0.7, owner="José Núñez")
retain["key_results"][0].update(current=55, score=0.55, target=120)
retain["key_results"][1].update(title="Win-back *live*")
retain["key_results"].append(_kr("kr3", "NPS_score > 40"))
del NEW["objectives"][2]
NEW["objectives"].append(_objective("2026-Q4/new", "Open the <b>Nordics</b>", status="planned"))
NEW["objectives"][1]["score"] = 0.30001  # rounds to the same: not a change
NEW["kpis"][0].update(
    status="green", latest={"date": "2026-11-30", "value": 101}, off_target_streak=0
)
NEW["kpis"][1].update(target=50)
del NEW["kpis"][2]
NEW["kpis"].append(_kpi("arr", status="no-data", latest=None))
NEW["teams"][0]["scores"] = {"2026-Q4": 0.425}
del NEW["teams"][1]
NEW["teams"].append({"id": "ops", "name": "Ops", "parent": "sales", "scores": {}})
NEW["company"]["scores"] = {"2026-Q4": 0.425}
NEW["findings"] = [
    # Same problem, line moved: neither new nor fixed.
    _finding("Q110", "goals/objectives/2026-Q4/retain.md", 5, "no check-in for 20 days"),
    _finding("Q101", "goals/objectives/2026-Q4/steady.md", 2, "only 1 key result"),
    _finding("Q101", "goals/objectives/2026-Q4/new.md", 4, "only 1 key result"),
]

EXPECTED = """\
## OKR changes (as of 2026-11-01 → 2026-11-15)

### Objectives added (1)

| Objective | Statement | Period | Owner | Score | Status |
|---|---|---|---|---|---|
| 2026-Q4/new | Open the \\<b\\>Nordics\\</b\\> | 2026-Q4 | Ana | 0.00 | planned |

### Objectives removed (1)

- 2026-Q3/old: Finished \\| closed

### Score and status changes (1)

| Objective | Score | Status | Confidence |
|---|---|---|---|
| 2026-Q4/retain | 0.42 → 0.55 | yellow → green | 0.50 → 0.70 |

### Key result progress (1)

| Objective | Key result | Current | Score |
|---|---|---|---|
| 2026-Q4/retain | kr1 | 42 → 55 | 0.42 → 0.55 |

### Objectives edited (1)

- 2026-Q4/retain
  - owner: Ana → José Núñez
  - key result kr3 added: NPS\\_score \\> 40
  - key result kr1 target: 100 → 120
  - key result kr2 title: Win-back live → Win-back \\*live\\*

### KPIs added (1)

| KPI | Name | Owner | Status | Latest |
|---|---|---|---|---|
| arr | ARR | Bo | no-data | no data |

### KPIs removed (1)

- gone: GONE

### KPI status changes (1)

| KPI | Status | Latest | Off-target streak |
|---|---|---|---|
| mrr | amber → green | 95 (2026-10-31) → 101 (2026-11-30) | 1 → 0 |

### KPIs edited (1)

- nps
  - target: 100 → 50

### Teams added (1)

- ops: Ops

### Teams removed (1)

- legacy: Legacy

### Team scores (2)

| Team | Period | Score |
|---|---|---|
| company | 2026-Q4 | 0.36 → 0.42 |
| sales | 2026-Q4 | 0.36 → 0.42 |

### New findings (1)

- goals/objectives/2026-Q4/new.md:4: Q101 only 1 key result (warning)

### Fixed findings (1)

- goals/objectives/2026-Q4/steady.md:9: E007 unknown team 'ops' (error)
"""


def test_diff_lists_every_change() -> None:
    assert diff_exports(OLD, NEW) == EXPECTED


def test_diff_is_independent_of_input_order() -> None:
    shuffled = copy.deepcopy(NEW)
    rng = random.Random(7)
    for key in ("objectives", "kpis", "teams", "findings"):
        rng.shuffle(shuffled[key])
    assert diff_exports(OLD, shuffled) == EXPECTED


def test_no_changes_is_one_line() -> None:
    later = copy.deepcopy(OLD)
    later["as_of"] = "2026-11-02"
    assert diff_exports(OLD, later) == "No changes between the two exports.\n"
    assert diff_exports({"schema": "okrsite/1"}, {"schema": "okrsite/1"}) == (
        "No changes between the two exports.\n"
    )


def test_repeated_findings_are_counted() -> None:
    twice = _finding("Q104", "a.md", 3, "key result reads like a task")
    old = {"schema": "okrsite/1", "as_of": "2026-11-15", "findings": [twice]}
    new = {**old, "findings": [twice, {**twice, "line": 9}]}
    assert diff_exports(old, new) == (
        "## OKR changes (as of 2026-11-15)\n\n### New findings (1)\n\n"
        "- a.md:3: Q104 key result reads like a task (warning)\n"
    )


@pytest.mark.parametrize(
    ("old", "message"),
    [
        ({"schema": "okrsite/2"}, "the old export has schema 'okrsite/2'; expected 'okrsite/1'"),
        ({}, "the old export has no schema; expected 'okrsite/1'"),
        ({"schema": "okrsite/1", "objectives": {}}, "the old export: 'objectives' is not a list"),
        ({"schema": "okrsite/1", "kpis": [{"name": "x"}]}, "the old export: kpis[0] has no id"),
        ({"schema": "okrsite/1", "findings": [3]}, "the old export: findings[0] is not an object"),
        (
            {"schema": "okrsite/1", "teams": [{"id": "a", "scores": [1]}]},
            "the old export: team 'a' scores is not an object",
        ),
    ],
)
def test_bad_exports(old: dict[str, Any], message: str) -> None:
    with pytest.raises(DiffError) as info:
        diff_exports(old, {"schema": "okrsite/1"})
    assert (str(info.value), info.value.side) == (message, "old")


# --------------------------------------------------------------------- CLI


def test_cli_diff(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text(json.dumps(OLD))
    (tmp_path / "new.json").write_text(json.dumps(NEW, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(diff_cmd, [str(tmp_path / "old.json"), str(tmp_path / "new.json")])
    assert (result.exit_code, result.output) == (0, EXPECTED)
    result = CliRunner().invoke(
        diff_cmd,
        [str(tmp_path / "old.json"), str(tmp_path / "new.json"), "-o", str(tmp_path / "d.md")],
    )
    assert (result.exit_code, result.output) == (0, "")
    assert (tmp_path / "d.md").read_text(encoding="utf-8") == EXPECTED


def test_cli_diff_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"schema": "okrsite/1",\n  oops}')
    (tmp_path / "list.json").write_text("[]")
    (tmp_path / "v2.json").write_text('{"schema": "okrsite/2"}')
    (tmp_path / "ok.json").write_text('{"schema": "okrsite/1"}')
    runner = CliRunner()
    cases = [
        (
            "bad.json",
            "ok.json",
            "bad.json:2:3: not valid JSON (Expecting property name enclosed in double quotes)",
        ),
        ("ok.json", "list.json", "list.json is not an okrsite export (expected a JSON object)"),
        (
            "ok.json",
            "v2.json",
            "v2.json: the new export has schema 'okrsite/2'; expected 'okrsite/1'",
        ),
        ("ok.json", "missing.json", "cannot read missing.json: No such file or directory"),
    ]
    for old, new, message in cases:
        result = runner.invoke(diff_cmd, [str(tmp_path / old), str(tmp_path / new)])
        assert result.exit_code == 1
        assert result.stderr == f"okrsite: error: {message}\n".replace(
            old if old in message else new, str(tmp_path / (old if old in message else new)), 1
        )

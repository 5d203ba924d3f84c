"""``okrsite check`` and the authoring commands accept and refuse exactly the same ids and periods.

Each input is tried both ways: written into a page that ``okrsite check`` reads,
and passed to ``okrsite new`` as a flag. Both must agree, case by case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrsite.cli import main

IDS = ["ops", "-ops", "ops-", "_ops", "ops_2", "9", "Ops", "o ps", "ops!", "é", "a.b", "x" * 80]
PERIODS = [
    "2026-Q4",
    "2026-Q1",
    "2026-Q5",
    "2026-Q0",
    "2026-H2",
    "2026-H3",
    "2026",
    "26-Q1",
    "2026-q4",
    "2026Q4",
    "1899",
    "1900-Q1",
    "9998-H2",
    "9999",
    "\uff12\uff10\uff12\uff16",  # full-width digits
    "2026-Q4 ",
    "",
]
OBJECTIVE_STEMS = ["grow", "Grow", "-grow", "grow_2", "gr ow", "grow!", "wachstum-ü"]


def _findings(docs: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["check", str(docs), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, object]] = json.loads(result.output)["findings"]
    return findings


def _check_accepts(tmp_path: Path, rel: str, text: str) -> bool:
    docs = tmp_path / "check"
    page = docs / rel
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return not [f for f in _findings(docs) if f["code"] == "E004"]


def _new_accepts(tmp_path: Path, *args: str) -> bool:
    docs = tmp_path / "new"
    (docs / "teams").mkdir(parents=True, exist_ok=True)
    result = CliRunner().invoke(main, ["new", *args, "--dir", str(docs), "--dry-run"])
    assert result.exit_code in (0, 2), result.output  # 2: a usage error, never a crash
    return result.exit_code == 0


TEAM = "---\nname: Operations\n---\n"
KPI = "---\nname: Uptime\nowner: Ann\n---\n"


@pytest.mark.parametrize("ident", IDS)
def test_team_ids(tmp_path: Path, ident: str) -> None:
    by_check = _check_accepts(tmp_path, f"teams/{ident}.md", TEAM)
    by_new = _new_accepts(tmp_path, "team", f"--id={ident}", "--name", "Operations")
    assert by_check == by_new


@pytest.mark.parametrize("ident", IDS)
def test_kpi_ids(tmp_path: Path, ident: str) -> None:
    by_check = _check_accepts(tmp_path, f"kpis/{ident}.md", KPI)
    by_new = _new_accepts(tmp_path, "kpi", f"--id={ident}", "--name", "Uptime", "--owner", "Ann")
    assert by_check == by_new


def _objective(period: str) -> str:
    return (
        "---\nobjective: Customers stay with us\n"
        f"period: {json.dumps(period, ensure_ascii=False)}\nowner: Ann\n"
        "key_results:\n  - title: Churn falls\n    baseline: 8\n    target: 5\n---\n"
    )


@pytest.mark.parametrize("period", PERIODS)
def test_periods(tmp_path: Path, period: str) -> None:
    by_check = _check_accepts(tmp_path, "objectives/grow.md", _objective(period))
    by_new = _new_accepts(
        tmp_path,
        "objective",
        f"--period={period}",
        "--owner",
        "Ann",
        "--statement",
        "Customers stay with us",
        "--id",
        "grow",
    )
    assert by_check == by_new


@pytest.mark.parametrize("stem", OBJECTIVE_STEMS)
def test_objective_ids(tmp_path: Path, stem: str) -> None:
    by_check = _check_accepts(tmp_path, f"objectives/2026-Q4/{stem}.md", _objective("2026-Q4"))
    by_new = _new_accepts(
        tmp_path,
        "objective",
        "--period=2026-Q4",
        "--owner",
        "Ann",
        "--statement",
        "Customers stay with us",
        f"--id={stem}",
    )
    assert by_check == by_new


def test_the_tables_hold_both_answers() -> None:
    """Without accepted and refused inputs in each table, agreement would prove nothing."""
    from okrsite.grammar import is_id, is_objective_id, period_problem

    assert {is_id(i) for i in IDS} == {True, False}
    assert {period_problem(p) is None for p in PERIODS} == {True, False}
    assert {is_objective_id(f"2026-Q4/{s}") for s in OBJECTIVE_STEMS} == {True, False}


def test_the_team_id_of_the_issue_is_accepted_by_both(tmp_path: Path) -> None:
    """``-ops`` was accepted by ``okrsite check`` and refused by ``okrsite new team``."""
    assert _check_accepts(tmp_path, "teams/-ops.md", TEAM)
    assert _new_accepts(tmp_path, "team", "--id", "-ops", "--name", "Operations")

"""Quality checks Q101-Q114: each rule, its boundaries, its options and how it is silenced.

Every test writes a small portal into ``tmp_path`` (real Markdown pages and CSVs)
and runs the real pipeline, so lines and paths are the ones a user would see.
"""

from __future__ import annotations

import dataclasses
import difflib
import random
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import write_portal

from okrsite.lint import (
    RULES,
    SEED_TITLES,
    Rule,
    lint_portal,
    stale_before,
)
from okrsite.lint.history import _bigrams, _similar
from okrsite.model import WARNING, Finding
from okrsite.options import LintOptions, Options
from okrsite.portal import build_portal

AS_OF = date(2026, 11, 15)  # 2026-Q4 runs from 2026-10-01 to 2026-12-31

TEAMS = {
    "teams/support.md": "---\nname: Customer support\n---\n",
    "teams/sales.md": "---\nname: Sales\n---\n",
    "teams/growth.md": "---\nname: Growth\n---\n",
}

KR_TITLES = (
    "Weekly active marinas grow from 40 to 60",
    "Harbour masters rate the planner 4.5 of 5 or better",
    "Median time to a first answer falls from 9 to 2 hours",
    "Share of bookings made online rises from 20% to 60%",
    "Monthly logo churn falls from 2.5% to 1.5%",
    "Net revenue retention reaches 105%",
    "Marinas on the annual plan grow from 30 to 45",
)


def objective_page(
    statement: str = "Become the harbour software marinas recommend to each other",
    *,
    period: str = "2026-Q4",
    krs: int = 2,
    team: str | None = None,
    level: str | None = None,
    kind: str | None = None,
    checkins: Sequence[str] = ("2026-11-10",),
    lint_ignore: Sequence[str] = (),
    kpi: str | None = None,
    reached: bool = False,
) -> str:
    """An objective page; ``reached`` puts every KR at its target, ``kpi`` links the first."""
    lines = ["---", f"objective: {statement}", f"period: {period}", "owner: Ann Lee"]
    if team:
        lines.append(f"team: {team}")
    if level:
        lines.append(f"level: {level}")
    if kind:
        lines.append(f"type: {kind}")
    if lint_ignore:
        lines.append(f"lint_ignore: [{', '.join(lint_ignore)}]")
    lines.append("key_results:")
    for index in range(krs):
        target = 10 * (index + 1)
        lines += [
            f"  - title: {KR_TITLES[index % len(KR_TITLES)]}",
            "    baseline: 0",
            f"    target: {target}",
            "    unit: marinas",
        ]
        if reached:
            lines.append(f"    current: {target}")
        if kpi and index == 0:
            lines.append(f"    kpi: {kpi}")
    if checkins:
        lines.append("checkins:")
        for day in checkins:
            lines += [f"  - date: {day}", "    confidence: 0.6"]
    lines += ["---", ""]
    return "\n".join(lines)


def kpi_page(
    name: str = "Weekly active marinas",
    *,
    team: str | None = "growth",
    cadence: str | None = "monthly",
    target: float | None = 100,
    definition: str | None = "Marinas with at least one booking in the week",
    source: str | None = "Booking database",
    lint_ignore: Sequence[str] = (),
) -> str:
    lines = ["---", f"name: {name}", "owner: Sam Okafor"]
    for key, value in (
        ("team", team),
        ("definition", definition),
        ("source", source),
        ("cadence", cadence),
        ("target", target),
    ):
        if value is not None:
            lines.append(f"{key}: {value}")
    if lint_ignore:
        lines.append(f"lint_ignore: [{', '.join(lint_ignore)}]")
    lines += ["---", ""]
    return "\n".join(lines)


def csv(*rows: tuple[str, float]) -> str:
    return "date,value\n" + "".join(f"{day},{value:g}\n" for day, value in rows)


FRESH = csv(("2026-09", 110), ("2026-10", 120), ("2026-11-14", 125))


def run(
    tmp_path: Path,
    files: Mapping[str, str],
    *,
    as_of: date = AS_OF,
    teams: bool = True,
    **lint: Any,
) -> list[Finding]:
    """Build the portal and return its warnings; the portal must have no errors."""
    docs = write_portal(tmp_path, {**(TEAMS if teams else {}), **files})
    portal = build_portal(docs, Options(lint=LintOptions(**lint)), as_of=as_of)
    assert not portal.errors, [f.format() for f in portal.errors]
    return list(portal.warnings)


def only(findings: list[Finding], code: str) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.message) for f in findings if f.code == code]


def codes(findings: list[Finding]) -> list[str]:
    return sorted({f.code for f in findings})


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line (from ``start``) that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in page")


# --- a good portal is quiet ---------------------------------------------------------------


def test_a_healthy_portal_has_no_warnings(tmp_path: Path) -> None:
    files = {
        "objectives/2026-Q4/grow.md": objective_page(krs=3, kpi="active"),
        "objectives/2026-Q4/answers.md": objective_page(
            "Make waiting for support a thing of the past", team="support", krs=2
        ),
        "kpis/active.md": kpi_page(),
        "kpis/active.csv": FRESH,
    }
    assert run(tmp_path, files) == []


def test_findings_are_warnings_in_the_common_format(tmp_path: Path) -> None:
    page = objective_page(krs=1)
    findings = run(tmp_path, {"objectives/2026-Q4/solo.md": page})
    (finding,) = [f for f in findings if f.code == "Q101"]
    assert finding.severity == WARNING
    assert not finding.is_error
    assert finding.format() == (
        f"objectives/2026-Q4/solo.md:{line_of(page, 'key_results:')}:1: Q101 objective has "
        "1 key result; give it 2 to 5 measurable key results that together show it is reached"
    )


# --- Q101 / Q102: how many key results ----------------------------------------------------


@pytest.mark.parametrize(("count", "fires"), [(1, True), (2, False), (5, False), (6, False)])
def test_q101_too_few_key_results_boundary(tmp_path: Path, count: int, fires: bool) -> None:
    page = objective_page(krs=count)
    findings = only(run(tmp_path, {"objectives/2026-Q4/o.md": page}), "Q101")
    expected = [
        (
            "objectives/2026-Q4/o.md",
            line_of(page, "key_results:"),
            "objective has 1 key result; give it 2 to 5 measurable key results that "
            "together show it is reached",
        )
    ]
    assert findings == (expected if fires else [])


@pytest.mark.parametrize(("count", "fires"), [(1, False), (2, False), (5, False), (6, True)])
def test_q102_too_many_key_results_boundary(tmp_path: Path, count: int, fires: bool) -> None:
    page = objective_page(krs=count)
    findings = only(run(tmp_path, {"objectives/2026-Q4/o.md": page}), "Q102")
    expected = [
        (
            "objectives/2026-Q4/o.md",
            line_of(page, "key_results:"),
            "objective has 6 key results; keep 2 to 5: drop the ones that describe work "
            "rather than outcomes, or split the objective in two",
        )
    ]
    assert findings == (expected if fires else [])


def test_key_result_bounds_are_options(tmp_path: Path) -> None:
    files = {
        "objectives/2026-Q4/two.md": objective_page(krs=2),
        "objectives/2026-Q4/four.md": objective_page("Win the marina groups of Spain", krs=4),
    }
    findings = run(tmp_path, files, min_key_results=3, max_key_results=3)
    assert [(p, m) for p, _, m in only(findings, "Q101")] == [
        (
            "objectives/2026-Q4/two.md",
            "objective has 2 key results; give it exactly 3 measurable key results that "
            "together show it is reached",
        )
    ]
    assert [(p, m) for p, _, m in only(findings, "Q102")] == [
        (
            "objectives/2026-Q4/four.md",
            "objective has 4 key results; keep exactly 3: drop the ones that describe work "
            "rather than outcomes, or split the objective in two",
        )
    ]
    relaxed = run(tmp_path, files, min_key_results=1, max_key_results=4)
    assert only(relaxed, "Q101") == only(relaxed, "Q102") == []


# --- Q103 / Q104 / Q105: text checks (smoke tests; okrsite.text has the labelled sets) ---------


def test_q103_objective_reads_like_kpi(tmp_path: Path) -> None:
    page = objective_page("Keep berth occupancy above 85%")
    findings = run(tmp_path, {"objectives/2026-Q4/upkeep.md": page})
    (q103,) = only(findings, "Q103")
    assert q103[:2] == ("objectives/2026-Q4/upkeep.md", line_of(page, "objective:"))
    assert q103[2].startswith("objective reads like a KPI (")
    assert q103[2].endswith(
        "); describe the change you want to bring about, and watch the level itself as a KPI"
    )
    # the number in it is part of the same problem: Q105 stays quiet while Q103 speaks
    assert only(findings, "Q105") == []


def test_q105_speaks_when_q103_is_silenced(tmp_path: Path) -> None:
    statement = "Keep berth occupancy above 85%"
    globally = run(
        tmp_path / "a", {"objectives/2026-Q4/o.md": objective_page(statement)}, ignore=("Q103",)
    )
    assert codes(globally) == ["Q105"]
    on_page = run(
        tmp_path / "b",
        {"objectives/2026-Q4/o.md": objective_page(statement, lint_ignore=["Q103"])},
    )
    assert codes(on_page) == ["Q105"]


def test_q105_objective_is_a_number(tmp_path: Path) -> None:
    page = objective_page("Reach 2 million USD in annual recurring revenue")
    findings = run(tmp_path, {"objectives/2026-Q4/arr.md": page})
    (q105,) = only(findings, "Q105")
    assert q105[:2] == ("objectives/2026-Q4/arr.md", line_of(page, "objective:"))
    assert q105[2].startswith("objective carries the number itself (")
    assert q105[2].endswith(
        "); keep the objective qualitative and move the number into a key result"
    )


def test_q104_key_result_is_a_task(tmp_path: Path) -> None:
    page = (
        "---\n"
        "objective: Let marinas book a berth without picking up the phone\n"
        "period: 2026-Q4\n"
        "owner: Ann Lee\n"
        "key_results:\n"
        "  - id: launch\n"
        "    title: Launch the self-service booking page\n"
        "    done: false\n"
        "  - id: online\n"
        "    title: Share of bookings made online rises from 20% to 60%\n"
        "    baseline: 20\n"
        "    target: 60\n"
        '    unit: "%"\n'
        "checkins:\n"
        "  - date: 2026-11-10\n"
        "---\n"
    )
    findings = run(tmp_path, {"objectives/2026-Q4/booking.md": page})
    (q104,) = only(findings, "Q104")
    assert q104[:2] == ("objectives/2026-Q4/booking.md", line_of(page, "title: Launch"))
    assert q104[2].startswith("key result 'launch' reads like a task (")
    assert q104[2].endswith(
        "); state the measurable outcome the work should produce, and keep the work itself "
        "in the page body"
    )
    assert codes(findings) == ["Q104"]


# --- Q106: KPI essentials -----------------------------------------------------------------


def test_q106_lists_every_missing_essential(tmp_path: Path) -> None:
    files = {
        "kpis/bare.md": kpi_page(definition=None, source=None, cadence=None, target=None),
        "kpis/bare.csv": FRESH,
        "kpis/nosource.md": kpi_page(source=None),
        "kpis/nosource.csv": FRESH,
        "kpis/full.md": kpi_page(),
        "kpis/full.csv": FRESH,
    }
    assert only(run(tmp_path, files), "Q106") == [
        (
            "kpis/bare.md",
            1,
            "KPI has no 'definition', 'target', 'source' and 'cadence'; a KPI needs a "
            "definition, a target, a source and a cadence before anyone can act on it",
        ),
        (
            "kpis/nosource.md",
            1,
            "KPI has no 'source'; a KPI needs a definition, a target, a source and a cadence "
            "before anyone can act on it",
        ),
    ]


# --- Q107: KPI off target without an OKR --------------------------------------------------

# target 100, higher is better: green in July, then 3 red months (Aug-Oct)
RED_3 = csv(("2026-07", 110), ("2026-08", 90), ("2026-09", 91), ("2026-10", 92))
RED_2 = csv(("2026-07", 110), ("2026-08", 105), ("2026-09", 91), ("2026-10", 92))

Q107_MESSAGE = (
    "KPI has been off target for 3 months in a row and no objective of 2026-Q4 has a key "
    "result linked to it; set an objective to fix it, with a key result that says "
    "'kpi: active'"
)


def test_q107_streak_of_three_fires_on_the_target_line(tmp_path: Path) -> None:
    page = kpi_page()
    findings = run(tmp_path, {"kpis/active.md": page, "kpis/active.csv": RED_3})
    assert only(findings, "Q107") == [("kpis/active.md", line_of(page, "target:"), Q107_MESSAGE)]


def test_q107_streak_of_two_does_not_fire(tmp_path: Path) -> None:
    findings = run(tmp_path, {"kpis/active.md": kpi_page(), "kpis/active.csv": RED_2})
    assert only(findings, "Q107") == []


def test_q107_streak_length_is_an_option(tmp_path: Path) -> None:
    files = {"kpis/active.md": kpi_page(), "kpis/active.csv": RED_2}
    findings = run(tmp_path, files, off_target_periods=2)
    assert [m for _, _, m in only(findings, "Q107")] == [
        Q107_MESSAGE.replace("3 months", "2 months")
    ]


def test_q107_silent_when_a_current_key_result_links_the_kpi(tmp_path: Path) -> None:
    files = {
        "kpis/active.md": kpi_page(),
        "kpis/active.csv": RED_3,
        "objectives/2026-Q4/fix.md": objective_page(kpi="active"),
    }
    assert only(run(tmp_path, files), "Q107") == []


def test_q107_a_key_result_of_a_past_quarter_does_not_count(tmp_path: Path) -> None:
    files = {
        "kpis/active.md": kpi_page(),
        "kpis/active.csv": RED_3,
        "objectives/2026-Q3/old-fix.md": objective_page(period="2026-Q3", kpi="active"),
        "objectives/2027-Q1/next-fix.md": objective_page(period="2027-Q1", kpi="active"),
    }
    assert [m for _, _, m in only(run(tmp_path, files), "Q107")] == [Q107_MESSAGE]


def test_q107_a_running_year_objective_counts(tmp_path: Path) -> None:
    files = {
        "kpis/active.md": kpi_page(),
        "kpis/active.csv": RED_3,
        "objectives/2026/fix.md": objective_page(period="2026", kpi="active"),
    }
    assert only(run(tmp_path, files), "Q107") == []


def test_q107_names_the_cadence_and_falls_back_to_line_one(tmp_path: Path) -> None:
    weekly = csv(("2026-10-19", 90), ("2026-10-26", 80), ("2026-11-02", 85), ("2026-11-09", 70))
    with_target = "date,value,target\n" + "".join(f"{row},100\n" for row in weekly.splitlines()[1:])
    files = {
        "kpis/active.md": kpi_page(cadence="weekly", target=None),
        "kpis/active.csv": with_target,
    }
    findings = only(run(tmp_path, files), "Q107")
    assert [(line, m.split(";")[0]) for _, line, m in findings] == [
        (
            1,
            "KPI has been off target for 4 weeks in a row and no objective of 2026-Q4 has a "
            "key result linked to it",
        )
    ]


# --- Q108: too many KPIs ------------------------------------------------------------------


def _kpis(count: int) -> dict[str, str]:
    files = {}
    for index in range(count):
        files[f"kpis/k{index:02d}.md"] = kpi_page(f"KPI number {index}")
        files[f"kpis/k{index:02d}.csv"] = FRESH
    return files


def test_q108_default_limit_is_25(tmp_path: Path) -> None:
    assert only(run(tmp_path / "a", _kpis(25)), "Q108") == []
    assert only(run(tmp_path / "b", _kpis(26)), "Q108") == [
        (
            "kpis/k25.md",
            1,
            "the portal has 26 KPIs, more than 25; retire or merge the ones nobody acts on "
            "(this is the first KPI past the limit, in id order)",
        )
    ]


def test_q108_limit_is_an_option(tmp_path: Path) -> None:
    findings = run(tmp_path, _kpis(4), max_kpis=2)
    assert [(p, m.split(";")[0]) for p, _, m in only(findings, "Q108")] == [
        ("kpis/k02.md", "the portal has 4 KPIs, more than 2")
    ]


# --- Q109: repeated objective -------------------------------------------------------------


def test_q109_team_repeats_itself_in_the_next_quarter(tmp_path: Path) -> None:
    later = objective_page("answer every marina FASTER, day and night!", team="support")
    files = {
        "objectives/2026-Q3/answers.md": objective_page(
            "Answer every marina faster, day and night", period="2026-Q3", team="support"
        ),
        "objectives/2026-Q4/answers.md": later,
    }
    assert only(run(tmp_path, files), "Q109") == [
        (
            "objectives/2026-Q4/answers.md",
            line_of(later, "objective:"),
            "objective repeats '2026-Q3/answers' of 2026-Q3; an objective that returns every "
            "period is business as usual: watch it as a KPI, or say what should change this "
            "period",
        )
    ]


def test_q109_near_identical_text_counts(tmp_path: Path) -> None:
    files = {
        "objectives/2026-Q3/a.md": objective_page(
            "Answer marinas faster than anyone in the industry", period="2026-Q3"
        ),
        "objectives/2026-Q4/b.md": objective_page(
            "Answer marinas faster than anyone in our industry"
        ),
    }
    assert [p for p, _, _ in only(run(tmp_path, files), "Q109")] == ["objectives/2026-Q4/b.md"]


@pytest.mark.parametrize(
    ("earlier", "later", "why"),
    [
        (
            ("2026-Q3", "support", "Answer every marina faster"),
            ("2026-Q4", "sales", "Answer every marina faster"),
            "another team",
        ),
        (
            ("2026-Q2", "support", "Answer every marina faster"),
            ("2026-Q4", "support", "Answer every marina faster"),
            "not consecutive",
        ),
        (
            ("2026-H1", "support", "Answer every marina faster"),
            ("2026-Q3", "support", "Answer every marina faster"),
            "a half, then a quarter",
        ),
        (
            ("2026-Q3", "support", "Answer every marina faster"),
            ("2026-Q4", "support", "Let marinas fix common problems without waiting for us"),
            "a new objective",
        ),
        (
            ("2026-Q3", None, "Answer every marina faster"),
            ("2026-Q4", "support", "Answer every marina faster"),
            "the company, then a team",
        ),
    ],
)
def test_q109_does_not_fire(
    tmp_path: Path,
    earlier: tuple[str, str | None, str],
    later: tuple[str, str | None, str],
    why: str,
) -> None:
    files = {}
    for index, (period, team, text) in enumerate((earlier, later)):
        files[f"objectives/{period}/o{index}.md"] = objective_page(
            text, period=period, team=team, checkins=()
        )
    assert only(run(tmp_path, files), "Q109") == [], why


def test_q109_names_an_identical_objective_first(tmp_path: Path) -> None:
    files = {
        "objectives/2026-Q3/a.md": objective_page(
            "Answer marinas faster than anyone in our industry", period="2026-Q3"
        ),
        "objectives/2026-Q3/b.md": objective_page(
            "Answer marinas faster than anyone in the industry", period="2026-Q3"
        ),
        "objectives/2026-Q4/c.md": objective_page(
            "Answer marinas faster than anyone in the industry"
        ),
    }
    (finding,) = only(run(tmp_path, files), "Q109")
    assert finding[2].startswith("objective repeats '2026-Q3/b' of 2026-Q3;")


def test_q109_individual_objectives_are_grouped_by_owner(tmp_path: Path) -> None:
    same_owner = {
        "objectives/2026-Q3/a.md": objective_page(
            "Run the calmest harbour on the coast", period="2026-Q3", level="individual"
        ),
        "objectives/2026-Q4/b.md": objective_page(
            "Run the calmest harbour on the coast", level="individual"
        ),
    }
    assert [p for p, _, _ in only(run(tmp_path / "a", same_owner), "Q109")] == [
        "objectives/2026-Q4/b.md"
    ]
    other_owner = {
        **same_owner,
        "objectives/2026-Q4/b.md": same_owner["objectives/2026-Q4/b.md"].replace(
            "owner: Ann Lee", "owner: Sam Okafor"
        ),
    }
    assert only(run(tmp_path / "b", other_owner), "Q109") == []


def test_near_identical_agrees_with_difflib() -> None:
    """The cheap bounds in front of difflib never change its verdict."""
    rng = random.Random(109)
    for _ in range(5000):
        a = "".join(rng.choice("ab cd") for _ in range(rng.randint(1, 40)))
        b = list(a)
        for _ in range(rng.randint(0, 5)):
            where = rng.randint(0, len(b))
            if rng.random() < 0.5 and b:
                del b[min(where, len(b) - 1)]
            else:
                b.insert(where, rng.choice("ab cd"))
        other = "".join(b)
        expected = difflib.SequenceMatcher(None, a, other, autojunk=False).ratio() >= 0.9
        assert _similar(a, other, _bigrams) is expected, (a, other)


def test_q109_company_objectives_and_years(tmp_path: Path) -> None:
    files = {
        "objectives/2025/a.md": objective_page("Be the marina software of Europe", period="2025"),
        "objectives/2026/b.md": objective_page("Be the marina software of Europe.", period="2026"),
    }
    assert [p for p, _, _ in only(run(tmp_path, files), "Q109")] == ["objectives/2026/b.md"]


# --- Q110: stale check-ins ----------------------------------------------------------------


@pytest.mark.parametrize(("checkin", "fires"), [("2026-11-01", False), ("2026-10-31", True)])
def test_q110_fourteen_days_is_fine_fifteen_is_stale(
    tmp_path: Path, checkin: str, fires: bool
) -> None:
    page = objective_page(checkins=[checkin])
    findings = only(run(tmp_path, {"objectives/2026-Q4/o.md": page}), "Q110")
    expected = [
        (
            "objectives/2026-Q4/o.md",
            line_of(page, "checkins:"),
            "latest check-in is 15 days old (2026-10-31); add a check-in (okrsite checkin "
            "2026-Q4/o --kr ID=VALUE) at least every 14 days",
        )
    ]
    assert findings == (expected if fires else [])


@pytest.mark.parametrize(
    ("as_of", "fires"), [(date(2026, 10, 11), False), (date(2026, 10, 16), True)]
)
def test_q110_counts_from_the_period_start_without_check_ins(
    tmp_path: Path, as_of: date, fires: bool
) -> None:
    page = objective_page(checkins=())
    findings = only(run(tmp_path, {"objectives/2026-Q4/o.md": page}, as_of=as_of), "Q110")
    expected = [
        (
            "objectives/2026-Q4/o.md",
            line_of(page, "period:"),
            "no check-in since 2026-Q4 started 15 days ago; add a check-in (okrsite checkin "
            "2026-Q4/o --kr ID=VALUE) at least every 14 days",
        )
    ]
    assert findings == (expected if fires else [])


def test_q110_ignores_check_ins_after_as_of_and_before_the_period(tmp_path: Path) -> None:
    page = objective_page(checkins=["2026-09-25", "2026-11-20"])
    findings = only(run(tmp_path, {"objectives/2026-Q4/o.md": page}), "Q110")
    assert findings == [
        (
            "objectives/2026-Q4/o.md",
            line_of(page, "checkins:"),
            "no check-in since 2026-Q4 started 45 days ago (the latest is from 2026-09-25); "
            "add a check-in (okrsite checkin 2026-Q4/o --kr ID=VALUE) at least every 14 days",
        )
    ]


def test_q110_only_the_running_period(tmp_path: Path) -> None:
    files = {
        "objectives/2026-Q3/done.md": objective_page(period="2026-Q3", checkins=()),
        "objectives/2027-Q1/next.md": objective_page(period="2027-Q1", checkins=()),
        "objectives/2026-H2/half.md": objective_page(period="2026-H2", checkins=()),
    }
    assert [p for p, _, _ in only(run(tmp_path, files), "Q110")] == ["objectives/2026-H2/half.md"]


def test_q110_days_are_an_option(tmp_path: Path) -> None:
    files = {"objectives/2026-Q4/o.md": objective_page(checkins=["2026-10-20"])}
    assert only(run(tmp_path, files, stale_days=30), "Q110") == []
    (finding,) = only(run(tmp_path, files, stale_days=7), "Q110")
    assert finding[2].endswith("at least every 7 days")


# --- Q111: stale KPI data -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "fresh", "stale"),
    [
        ("daily", "2026-11-13", "2026-11-12"),
        ("weekly", "2026-11-01", "2026-10-31"),
        ("monthly", "2026-09-15", "2026-09-14"),
        (None, "2026-09-15", "2026-09-14"),
        ("quarterly", "2026-05-15", "2026-05-14"),
    ],
)
def test_q111_two_cadence_periods(
    tmp_path: Path, cadence: str | None, fresh: str, stale: str
) -> None:
    page = kpi_page(cadence=cadence)
    ok = run(tmp_path / "a", {"kpis/k.md": page, "kpis/k.csv": csv((fresh, 120))})
    assert only(ok, "Q111") == []
    old = run(tmp_path / "b", {"kpis/k.md": page, "kpis/k.csv": csv((stale, 120))})
    (finding,) = only(old, "Q111")
    line = line_of(page, "cadence:") if cadence else 1
    assert finding[:2] == ("kpis/k.md", line)
    assert finding[2].startswith(f"latest data point is from {stale}, ")


def test_q111_message(tmp_path: Path) -> None:
    page = kpi_page(cadence="weekly")
    findings = run(tmp_path, {"kpis/k.md": page, "kpis/k.csv": csv(("2026-10-19", 412))})
    assert only(findings, "Q111") == [
        (
            "kpis/k.md",
            line_of(page, "cadence:"),
            "latest data point is from 2026-10-19, 27 days ago, more than 2 weeks for a "
            "weekly KPI; add the newer rows to its CSV file (k.csv)",
        )
    ]


def test_q111_no_data(tmp_path: Path) -> None:
    files = {
        "kpis/empty.md": kpi_page(),
        "kpis/future.md": kpi_page(),
        "kpis/future.csv": csv(("2026-12-01", 130)),
    }
    assert only(run(tmp_path, files), "Q111") == [
        (
            "kpis/empty.md",
            1,
            "KPI has no data on or before 2026-11-15; add 'date,value' rows to its CSV file "
            "(empty.csv)",
        ),
        (
            "kpis/future.md",
            1,
            "KPI has no data on or before 2026-11-15; add 'date,value' rows to its CSV file "
            "(future.csv)",
        ),
    ]


def test_stale_before_clamps_to_the_end_of_the_month() -> None:
    assert stale_before(date(2026, 4, 30), "monthly") == date(2026, 2, 28)
    assert stale_before(date(2028, 4, 30), None) == date(2028, 2, 29)
    assert stale_before(date(2026, 1, 31), "quarterly") == date(2025, 7, 31)


# --- Q112: orphan KPI ---------------------------------------------------------------------


def test_q112_orphan_kpi(tmp_path: Path) -> None:
    files = {
        "kpis/orphan.md": kpi_page(team=None),
        "kpis/orphan.csv": FRESH,
        "kpis/owned.md": kpi_page(),
        "kpis/owned.csv": FRESH,
        "kpis/linked.md": kpi_page(team=None),
        "kpis/linked.csv": FRESH,
        # a link from any period counts, even a finished one
        "objectives/2026-Q3/o.md": objective_page(period="2026-Q3", kpi="linked"),
    }
    assert only(run(tmp_path, files), "Q112") == [
        (
            "kpis/orphan.md",
            1,
            "KPI is linked from no key result and belongs to no team; give it "
            "'team: <team id>', link it from a key result with 'kpi: orphan', or retire it",
        )
    ]


# --- Q113: sandbagged objective -----------------------------------------------------------


def test_q113_aspirational_objective_with_a_full_score(tmp_path: Path) -> None:
    page = objective_page(period="2026-Q3", reached=True)
    files = {
        "objectives/2026-Q3/easy.md": page,
        "objectives/2026-Q3/committed.md": objective_page(
            period="2026-Q3", reached=True, kind="committed"
        ),
        "objectives/2026-Q4/running.md": objective_page(reached=True),
    }
    assert only(run(tmp_path, files), "Q113") == [
        (
            "objectives/2026-Q3/easy.md",
            line_of(page, "objective:"),
            "aspirational objective scored 1.0 in 2026-Q3; a full score means the target was "
            "within easy reach: stretch further next period, or mark it 'type: committed' if "
            "it had to be met in full",
        )
    ]


def test_q113_just_below_full_score_does_not_fire(tmp_path: Path) -> None:
    page = objective_page(period="2026-Q3", reached=True).replace(
        "    current: 10\n", "    current: 9.99\n"
    )
    assert only(run(tmp_path, {"objectives/2026-Q3/o.md": page}), "Q113") == []


def test_q113_fires_the_day_after_the_period(tmp_path: Path) -> None:
    files = {"objectives/2026-Q3/o.md": objective_page(period="2026-Q3", reached=True)}
    assert only(run(tmp_path / "a", files, as_of=date(2026, 9, 30)), "Q113") == []
    assert len(only(run(tmp_path / "b", files, as_of=date(2026, 10, 1)), "Q113")) == 1


# --- Q114: individual OKR, and how checks are switched on and off -------------------------


def test_q114_is_off_by_default_and_can_be_selected(tmp_path: Path) -> None:
    page = objective_page(team="sales", level="individual")
    files = {"objectives/2026-Q4/mine.md": page}
    assert only(run(tmp_path, files), "Q114") == []
    assert only(run(tmp_path, files, select=("Q114",)), "Q114") == [
        (
            "objectives/2026-Q4/mine.md",
            line_of(page, "level:"),
            "objective is set for one person; make it a team objective (level: team) that the "
            "people involved share, or keep personal goals out of the portal",
        )
    ]
    # ignore wins over select
    assert only(run(tmp_path, files, select=("Q114",), ignore=("Q114",)), "Q114") == []


def test_global_ignore(tmp_path: Path) -> None:
    files = {
        "objectives/2026-Q4/o.md": objective_page(krs=1),
        "kpis/k.md": kpi_page(team=None, source=None),
    }
    assert codes(run(tmp_path, files)) == ["Q101", "Q106", "Q111", "Q112"]
    assert codes(run(tmp_path, files, ignore=("Q101", "Q111"))) == ["Q106", "Q112"]


def test_per_page_lint_ignore(tmp_path: Path) -> None:
    files = {
        "objectives/2026-Q4/quiet.md": objective_page(krs=1, lint_ignore=["Q101", "Q110"]),
        "objectives/2026-Q4/loud.md": objective_page(krs=1, checkins=()),
        "kpis/quiet.md": kpi_page(team=None, source=None, lint_ignore=["Q106", "Q112"]),
        "kpis/quiet.csv": FRESH,
        "kpis/loud.md": kpi_page(team=None, source=None),
        "kpis/loud.csv": FRESH,
    }
    assert sorted((f.path, f.code) for f in run(tmp_path, files)) == [
        ("kpis/loud.md", "Q106"),
        ("kpis/loud.md", "Q112"),
        ("objectives/2026-Q4/loud.md", "Q101"),
        ("objectives/2026-Q4/loud.md", "Q110"),
    ]


def test_lint_portal_runs_rules_in_code_order(tmp_path: Path) -> None:
    docs = write_portal(
        tmp_path,
        {
            **TEAMS,
            "objectives/2026-Q4/o.md": objective_page(krs=6, checkins=()),
            "kpis/k.md": kpi_page(team=None, source=None),
        },
    )
    portal = build_portal(docs, Options(), as_of=AS_OF)
    findings = lint_portal(portal, LintOptions(select=("Q114",)))
    assert [f.code for f in findings] == ["Q102", "Q106", "Q110", "Q111", "Q112"]
    assert lint_portal(portal, LintOptions(ignore=tuple(RULES))) == []


# --- the registry feeds the rules page ----------------------------------------------------


def test_every_check_is_registered_in_code_order() -> None:
    assert list(RULES) == [f"Q{n}" for n in range(101, 116)]
    assert len({r.name for r in RULES.values()}) == len(RULES)
    assert [c for c, r in RULES.items() if not r.default_on] == ["Q114"]
    fields = {f.name for f in dataclasses.fields(LintOptions)}
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert rule.summary and rule.why and rule.bad and rule.good, code
        # Q115 (placeholder text) is the one check the SPEC cites no article for.
        assert bool(rule.sources) == (code != "Q115"), code
        assert all(s in SEED_TITLES for s in rule.sources), code
        for source in rule.sources:
            cited = f'rticle {source} "{SEED_TITLES[source]}"'  # Article or article
            assert cited in rule.why, (code, source)
        if rule.option is not None:
            assert rule.option.startswith("lint.")
            assert rule.option.removeprefix("lint.") in fields, code


def test_sources_follow_the_spec() -> None:
    assert {code: rule.sources for code, rule in RULES.items()} == {
        "Q101": ("000", "001"),
        "Q102": ("001",),
        "Q103": ("001", "004"),
        "Q104": ("001",),
        "Q105": ("001", "003"),
        "Q106": ("001",),
        "Q107": ("001", "003"),
        "Q108": ("001",),
        "Q109": ("001",),
        "Q110": ("001", "004"),
        "Q111": ("003",),
        "Q112": ("004",),
        "Q113": ("001",),
        "Q114": ("004",),
        "Q115": (),
    }


def test_seed_titles_match_the_articles() -> None:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the source articles are not beside this checkout")
    for number, title in SEED_TITLES.items():
        (article,) = seeds.glob(f"{number}_*.txt")
        assert title in article.read_text(encoding="utf-8"), number


#: Filled in around a rule's example so that it becomes a valid page of its own.
OBJECTIVE_DEFAULTS: dict[str, Any] = {
    "objective": "Become the harbour software marinas recommend to each other",
    "period": "2026-Q4",
    "owner": "Ann Lee",
    "key_results": [
        {"title": KR_TITLES[0], "baseline": 40, "target": 60, "unit": "marinas"},
        {"title": KR_TITLES[1], "baseline": 3.9, "target": 4.5, "unit": "points"},
    ],
    "checkins": [{"date": "2026-11-10", "confidence": 0.6}],
}
KPI_DEFAULTS: dict[str, Any] = {"name": "Berth occupancy", "owner": "Lena Fischer"}


def _example_page(rule: Rule, snippet: str) -> tuple[str, str]:
    """(path, page text) of a rule's example, with the keys it leaves out filled in."""
    front = yaml.safe_load(snippet)
    is_kpi = "name" in front
    data = {**(KPI_DEFAULTS if is_kpi else OBJECTIVE_DEFAULTS), **front}
    text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n"
    if is_kpi:
        return "kpis/example.md", text
    return f"objectives/{data['period']}/example.md", text


@pytest.mark.parametrize(
    "code",
    ["Q101", "Q102", "Q103", "Q104", "Q105", "Q106", "Q110", "Q112", "Q113", "Q114", "Q115"],
)
def test_bad_example_fires_and_good_example_does_not(tmp_path: Path, code: str) -> None:
    rule = RULES[code]
    select = ("Q114",) if code == "Q114" else ()
    for name, snippet, fires in (("bad", rule.bad, True), ("good", rule.good, False)):
        path, text = _example_page(rule, snippet)
        findings = run(tmp_path / name, {path: text}, select=select)
        assert bool(only(findings, code)) is fires, (name, text, findings)

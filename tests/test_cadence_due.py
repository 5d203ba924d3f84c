"""okrsite due: exact sets of what each person owes, in all three formats."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from cadence_portal import AS_OF, cli, make_tiny, program

from okrsite.cadence.due import data_due_before, objective_owners, people_due
from okrsite.cadence.site import Goals
from okrsite.cli.goals import locate
from okrsite.model import Finding, Objective


def _due(root: Path, *args: str) -> dict:
    result = cli("due", str(root), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _sets(data: dict) -> dict[str, dict[str, list[str]]]:
    return {
        p["name"]: {
            "checkins": [c["objective"] for c in p["checkins"]],
            "kpis": [k["kpi"] for k in p["kpis"]],
            "placeholders": [f"{f['path']}:{f['line']}" for f in p["placeholders"]],
        }
        for p in data["people"]
    }


def test_exact_sets_as_of_the_pinned_day(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    data = _due(root)
    assert data["as_of"] == AS_OF
    assert data["stale_days"] == 14
    assert _sets(data) == {
        "Bo Stale": {"checkins": ["2026-Q4/stale"], "kpis": [], "placeholders": []},
        "Kim Kr": {"checkins": ["2026-Q4/stale"], "kpis": [], "placeholders": []},
        "Mo Monthly": {"checkins": [], "kpis": ["monthly-late"], "placeholders": []},
        "Nia None": {"checkins": ["2026-Q4/silent"], "kpis": ["empty"], "placeholders": []},
        "Wes Weekly": {"checkins": [], "kpis": ["weekly-late"], "placeholders": []},
    }
    people = {p["name"]: p for p in data["people"]}
    stale = people["Bo Stale"]["checkins"][0]
    assert (stale["last_checkin"], stale["days"], stale["role"]) == ("2026-10-20", 26, "owner")
    assert people["Kim Kr"]["checkins"][0]["role"] == "key result"
    silent = people["Nia None"]["checkins"][0]
    assert (silent["last_checkin"], silent["days"]) == (None, 45)
    assert stale["url"] == "https://goals.example.com/tiny/objectives/2026-Q4/stale/"
    late = people["Wes Weekly"]["kpis"][0]
    # the 2026-11-20 row is after as_of: it does not count
    assert (late["latest"], late["days"], late["cadence"]) == ("2026-11-07", 8, "weekly")
    assert people["Nia None"]["kpis"][0]["latest"] is None


def test_as_of_moves_what_is_due(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    data = _due(root, "--as-of", "2026-10-25")
    sets = _sets(data)
    assert "Bo Stale" not in sets  # its check-in of 2026-10-20 is 5 days old then
    assert sets["Nia None"]["checkins"] == ["2026-Q4/silent"]  # 24 days into the quarter
    # every KPI is judged at 2026-10-25: weekly-ok's latest is then 2026-10-25 itself
    assert "weekly-ok" not in sets.get("Wes Weekly", {}).get("kpis", [])
    assert sets["Wes Weekly"]["kpis"] == ["weekly-edge", "weekly-late"]  # no data yet then


def test_person_filter_and_nobody(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    assert list(_sets(_due(root, "--person", "wes weekly"))) == ["Wes Weekly"]
    assert list(_sets(_due(root, "--person", "kim-kr"))) == ["Kim Kr"]  # the page slug
    assert _due(root, "--person", "Ann Fresh")["people"] == []
    text = cli("due", str(root), "--person", "Ann Fresh")
    assert text.exit_code == 0
    assert text.stdout == f"Nobody owes a check-in, KPI data or a placeholder as of {AS_OF}.\n"


def test_text_and_markdown(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    text = cli("due", str(root)).stdout
    assert "Bo Stale\n  check-in   2026-Q4/stale: Make harbour staff trust" in text
    assert "last check-in 2026-10-20, 26 days ago" in text
    assert "KPI data   empty: Monthly KPI of Nia None (monthly; no data yet)" in text
    assert text.endswith("5 people owe something.\n")
    assert "Ann Fresh" not in text and "Olga Old" not in text and "Pia Planned" not in text
    markdown = cli("due", str(root), "--format", "markdown").stdout
    assert markdown.startswith(f"# Due as of {AS_OF}\n\n## Bo Stale\n")
    assert (
        "- [ ] [Make harbour staff trust the booking screen]"
        "(https://goals.example.com/tiny/objectives/2026-Q4/stale/) (`2026-Q4/stale`)"
    ) in markdown
    assert "[Monthly KPI of Mo Monthly](https://goals.example.com/tiny/kpis/monthly-late/)" in (
        markdown
    )


def test_same_inputs_same_output(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    assert cli("due", str(root), "--format", "json").stdout == (
        cli("due", str(root), "--format", "json").stdout
    )


def test_placeholders_come_from_q115_on_the_pages_people_own(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    target = locate(str(root), None)
    goals = Goals.of(
        docs_dir=target.docs_dir, root=target.root, options=target.options, site=target.site
    )
    portal = goals.load()
    marks = (
        Finding(
            code="Q115",
            path="goals/objectives/2026-Q4/fresh.md",
            line=2,
            message="placeholder text 'TBD' in the statement",
            severity="warning",
        ),
        Finding(
            code="Q115",
            path="goals/kpis/weekly-ok.md",
            line=5,
            message="placeholder text 'TODO' in the source",
            severity="warning",
        ),
    )
    people = people_due(replace(portal, findings=portal.findings + marks), goals)
    owed = {p.name: [f.path for f in p.placeholders] for p in people if p.placeholders}
    assert owed == {
        "Ann Fresh": ["goals/objectives/2026-Q4/fresh.md"],
        "Kim Fresh": ["goals/objectives/2026-Q4/fresh.md"],  # holds a KR of it
        "Wes Weekly": ["goals/kpis/weekly-ok.md"],
    }


def test_objective_owners_lead_first_blanks_dropped() -> None:
    base = Objective(id="o", objective="x", path="o.md", period=None, owner="Ann")
    assert objective_owners(base) == ("Ann",)
    assert objective_owners(replace(base, co_owners=("Ben", " "))) == ("Ann", "Ben")


def test_one_cadence_period_back() -> None:
    day = date(2026, 3, 31)
    assert data_due_before(day, "daily") == date(2026, 3, 30)
    assert data_due_before(day, "weekly") == date(2026, 3, 24)
    assert data_due_before(day, "monthly") == date(2026, 2, 28)
    assert data_due_before(day, None) == date(2026, 2, 28)
    assert data_due_before(day, "quarterly") == date(2025, 12, 31)


def test_program_exit_0_and_usage_errors(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    done = program("due", "--format", "json", cwd=root)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["people"]
    bad = program("due", "--as-of", "2026-13-01", cwd=root)
    assert bad.returncode == 2
    assert bad.stderr == "okrsite: error: --as-of '2026-13-01' is not a date; write YYYY-MM-DD\n"
    assert "Traceback" not in bad.stderr


def test_co_owners_from_the_page_and_placeholders_from_q115(tmp_path: Path) -> None:
    co_owned = (
        "---\nobjective: Make harbour staff trust the booking screen\nperiod: 2026-Q4\n"
        "owner: [Cy Lead, Dee Co]\nkey_results:\n  - title: Booking time falls from 90 to 30 s\n"
        "    baseline: 90\n    target: 30\n  - title: Double bookings fall from 12 to 2\n"
        "    baseline: 12\n    target: 2\n---\n"
    )
    kpi = (
        "---\nname: Weekly KPI\nowner: Wes Weekly\nteam: ops\ndefinition: TODO\n"
        "source: Where it comes from.\ncadence: weekly\ntarget: 100\n---\n"
    )
    root = make_tiny(
        tmp_path,
        **{"objectives/2026-Q4/shared.md": co_owned, "kpis/weekly-ok.md": kpi},
    )
    data = _due(root)
    people = {p["name"]: p for p in data["people"]}
    assert [(c["objective"], c["role"]) for c in people["Cy Lead"]["checkins"]] == [
        ("2026-Q4/shared", "owner")
    ]
    assert [(c["objective"], c["role"]) for c in people["Dee Co"]["checkins"]] == [
        ("2026-Q4/shared", "co-owner")
    ]
    placeholders = people["Wes Weekly"]["placeholders"]
    assert [(f["path"], f["code"]) for f in placeholders] == [("goals/kpis/weekly-ok.md", "Q115")]
    assert placeholders[0]["url"] == "https://goals.example.com/tiny/kpis/weekly-ok/"

"""Threshold key results, co-owners and reviews (SPEC 3, 5, 9): validation, scores, export.

Every expected value here is worked out by hand from the SPEC, not taken from a run.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import write_portal

from okrsite.export import export_data
from okrsite.model import Portal
from okrsite.options import Options, options_from_mapping, read_site_config
from okrsite.portal import build_portal
from okrsite.schema import json_schema

AS_OF = date(2026, 11, 15)

KPI = """\
---
name: API uptime
owner: Ravi Menon
definition: Share of minutes with a healthy API
source: Status page probes
cadence: monthly
target: 99.9
---
"""
KPI_CSV = "date,value\n2026-09,99.95\n2026-10,99.85\n2026-11,99.92\n2027-01,10\n"


def objective(krs: str, *, extra: str = "", period: str = "2026-Q4") -> str:
    return (
        "---\nobjective: Keep harbour offices confident in the platform\n"
        f"period: {period}\nowner: Ann Lee\n{extra}key_results:\n{krs}---\n"
    )


def run(tmp_path: Path, files: dict[str, str], as_of: date = AS_OF) -> Portal:
    docs = write_portal(tmp_path, {"kpis/uptime.md": KPI, "kpis/uptime.csv": KPI_CSV, **files})
    return build_portal(docs, Options(), as_of=as_of)


def errors(portal: Portal) -> list[tuple[int, str, str]]:
    return [(f.line, f.code, f.message) for f in portal.errors]


# --- scores: met, not met, no value, value from a KPI ------------------------------------


@pytest.mark.parametrize(
    ("kr", "checkins", "current", "score"),
    [
        ("{title: Uptime holds, at_least: 99.9, current: 99.95}", "", 99.95, 1.0),
        ("{title: Uptime holds, at_least: 99.9, current: 99.9}", "", 99.9, 1.0),  # at = met
        ("{title: Uptime holds, at_least: 99.9, current: 99.89}", "", 99.89, 0.0),
        ("{title: First answer in time, at_most: 45, current: 45}", "", 45.0, 1.0),
        ("{title: First answer in time, at_most: 45, current: 46}", "", 46.0, 0.0),
        ("{title: Incidents stay away, at_most: 0, current: 0}", "", 0.0, 1.0),  # target 0 ok
        ("{title: Incidents stay away, at_most: 0, current: 1}", "", 1.0, 0.0),
        # no value at all: not met, and no baseline is made up
        ("{title: Uptime holds, at_least: 99.9}", "", None, 0.0),
        # the latest check-in dated on or before as_of wins; a later one is ignored
        (
            "{id: up, title: Uptime holds, at_least: 99.9}",
            "checkins:\n  - {date: 2026-10-05, values: {up: 99.2}}\n"
            "  - {date: 2026-11-01, values: {up: 99.93}}\n"
            "  - {date: 2026-12-01, values: {up: 98.0}}\n",
            99.93,
            1.0,
        ),
        # value from a KPI: its latest point on or before as_of (2026-11: 99.92)
        ("{title: Uptime holds, at_least: 99.9, kpi: uptime}", "", 99.92, 1.0),
        ("{title: Uptime holds, at_least: 99.95, kpi: uptime}", "", 99.92, 0.0),
        # a manual grade still overrides the computed score
        ("{title: Uptime holds, at_least: 99.9, current: 90, score: 0.5}", "", 90.0, 0.5),
    ],
)
def test_threshold_scores(
    tmp_path: Path, kr: str, checkins: str, current: float | None, score: float
) -> None:
    page = objective(f"  - {kr}\n").removesuffix("---\n") + checkins + "---\n"
    portal = run(tmp_path, {"objectives/o.md": page})
    assert errors(portal) == []
    (result,) = portal.objective_results["o"].key_results
    assert result.current == (pytest.approx(current) if current is not None else None)
    assert result.score == score
    # Its progress equals its computed score (a manual grade replaces the score only).
    assert result.progress == (0.0 if "score:" in kr else score)


def test_kpi_value_stops_at_the_period_end(tmp_path: Path) -> None:
    page = objective("  - {title: Uptime holds, at_least: 99.9, kpi: uptime}\n", period="2026-Q4")
    portal = run(tmp_path, {"objectives/o.md": page}, as_of=date(2027, 2, 1))
    (result,) = portal.objective_results["o"].key_results
    assert (result.current, result.score) == (pytest.approx(99.92), 1.0)  # not 2027-01's 10


def test_threshold_weighs_into_the_objective_like_any_key_result(tmp_path: Path) -> None:
    krs = (
        "  - {title: Uptime holds, at_least: 99.9, current: 99.5, weight: 1}\n"
        "  - {title: Boat owners pay online, baseline: 20, target: 60, current: 40, weight: 3}\n"
    )
    portal = run(tmp_path, {"objectives/o.md": objective(krs)})
    assert portal.objective_results["o"].score == pytest.approx((0 * 1 + 0.5 * 3) / 4)


# --- validation: E002 for keys of another kind, one level, old files still valid ---------


@pytest.mark.parametrize(
    ("kr", "line", "code", "message"),
    [
        (
            "{title: Uptime, at_least: 99.9, target: 99.95}",
            6,
            "E002",
            "key 'target' does not apply to a threshold key result (its level is at_least or "
            "at_most, and it has no baseline); remove it",
        ),
        (
            "{title: Uptime, at_least: 99.9, baseline: 99.5}",
            6,
            "E002",
            "key 'baseline' does not apply to a threshold key result (its level is at_least "
            "or at_most, and it has no baseline); remove it",
        ),
        (
            "{title: Uptime, at_least: 99.9, at_most: 100}",
            6,
            "E002",
            "a threshold key result holds one level: keep either 'at_least' or 'at_most'",
        ),
        (
            "{title: Launch, done: false, at_least: 1}",
            6,
            "E002",
            "key 'at_least' does not apply to a milestone key result; remove it",
        ),
        (
            "{title: Uptime, at_least: high}",
            6,
            "E004",
            "'at_least' of key result 1 must be a number, got 'high'",
        ),
        ("{title: Uptime, at_least: }", 6, "E003", "'at_least' of a threshold key result needs"),
        (
            "{title: Uptime, at_leats: 99.9}",
            6,
            "E002",
            "unknown key 'at_leats' in key result 1; did you mean 'at_least'?",
        ),
        (
            "{title: Uptime, target: 5, at_most: }",
            6,
            "E002",
            "key 'target' does not apply to a threshold key result",
        ),
    ],
)
def test_threshold_validation(tmp_path: Path, kr: str, line: int, code: str, message: str) -> None:
    portal = run(tmp_path, {"objectives/o.md": objective(f"  - {kr}\n")})
    found = [(f.line, f.code, f.message) for f in portal.errors]
    assert any(f[:2] == (line, code) and f[2].startswith(message) for f in found), found


def test_checkin_values_of_a_threshold_must_be_numbers(tmp_path: Path) -> None:
    page = objective("  - {id: up, title: Uptime, at_least: 99.9}\n").removesuffix("---\n")
    page += "checkins:\n  - {date: 2026-11-01, values: {up: true}}\n---\n"
    portal = run(tmp_path, {"objectives/o.md": page})
    assert [(f.code, f.message) for f in portal.errors] == [
        ("E004", "check-in value for threshold key result 'up' must be a number")
    ]


def test_a_numeric_target_of_zero_is_still_e011(tmp_path: Path) -> None:
    # Zero is fine as a threshold's level; a numeric KR from 0 to 0 still moves nothing.
    portal = run(tmp_path, {"objectives/o.md": objective("  - {title: Incidents, target: 0}\n")})
    assert [f.code for f in portal.errors] == ["E011"]


# --- owners ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("owner", "owners"),
    [
        ("Ann Lee", ("Ann Lee",)),
        ("[Ann Lee]", ("Ann Lee",)),
        ("[Ann Lee, Björn Sørensen, 王伟]", ("Ann Lee", "Björn Sørensen", "王伟")),
        ("\n  - Ann Lee\n  - Bo", ("Ann Lee", "Bo")),
    ],
)
def test_owner_may_be_a_list_and_the_first_leads(
    tmp_path: Path, owner: str, owners: tuple[str, ...]
) -> None:
    page = objective("  - {title: Uptime, at_least: 99.9}\n").replace(
        "owner: Ann Lee", f"owner: {owner}"
    )
    portal = run(tmp_path, {"objectives/o.md": page})
    assert errors(portal) == []
    o = portal.objectives["o"]
    assert (o.owner, o.owners) == (owners[0], owners)


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        ("[]", "'owner' of objective must be a person or a list of people, got a list"),
        ("[Ann Lee, Ann Lee]", "'owner' of objective lists 'Ann Lee' twice"),
        ("[Ann Lee, [Bo]]", "items of 'owner' of objective must be names of people"),
        ("{name: Ann}", "'owner' of objective must be a person or a list of people, got a mapping"),
    ],
)
def test_bad_owner_lists(tmp_path: Path, owner: str, message: str) -> None:
    page = objective("  - {title: Uptime, at_least: 99.9}\n").replace(
        "owner: Ann Lee", f"owner: {owner}"
    )
    portal = run(tmp_path, {"objectives/o.md": page})
    assert [(f.code, f.message) for f in portal.errors] == [("E004", message)]


# --- export and JSON Schema -------------------------------------------------------------


def test_export_fields_of_thresholds_owners_and_reviews(tmp_path: Path) -> None:
    krs = (
        "  - {id: up, title: Uptime holds, at_least: 99.9, unit: '%', kpi: uptime}\n"
        "  - {id: frt, title: First answer in time, at_most: 45, unit: days}\n"
        "  - {id: pay, title: Boat owners pay online, target: 60, current: 30}\n"
    )
    extra = "review: We held uptime; answers were *slow* in November.\n"
    page = objective(krs, extra=extra).replace("owner: Ann Lee", "owner: [Ann Lee, Bo]")
    data = export_data(run(tmp_path, {"objectives/o.md": page}))
    (o,) = data["objectives"]
    assert (o["owner"], o["owners"], o["review"]) == (
        "Ann Lee",
        ["Ann Lee", "Bo"],
        "We held uptime; answers were *slow* in November.",
    )
    up, frt, pay = o["key_results"]
    assert {k: up[k] for k in ("kind", "baseline", "target", "threshold", "current")} == {
        "kind": "threshold",
        "baseline": None,
        "target": 99.9,
        "threshold": "at_least",
        "current": 99.92,
    }
    assert (up["progress"], up["score"], up["unit"], up["kpi"]) == (1.0, 1.0, "%", "uptime")
    assert (frt["threshold"], frt["target"], frt["current"], frt["score"]) == (
        "at_most",
        45.0,
        None,
        0.0,
    )
    assert (pay["kind"], pay["threshold"], pay["baseline"]) == ("numeric", None, 0.0)
    assert o["score"] == pytest.approx((1 + 0 + 0.5) / 3)


def test_json_schema_knows_thresholds_owner_lists_and_review() -> None:
    schema = json_schema()
    good = {
        "objective": "Keep harbour offices confident",
        "period": "2026-Q4",
        "owner": ["Ann Lee", "Bo"],
        "review": "What we learned.",
        "key_results": [
            {"title": "Uptime holds", "at_least": 99.9, "kpi": "uptime", "unit": "%"},
            {"title": "Answers in time", "at_most": 0},
            {"title": "Grow", "target": 5},
        ],
    }
    jsonschema.validate(good, schema)
    bad: list[Any] = [
        {"title": "Uptime", "at_least": 99.9, "target": 99.95},
        {"title": "Uptime", "at_least": 99.9, "at_most": 100},
        {"title": "Uptime", "at_least": 99.9, "baseline": 1},
    ]
    for kr in bad:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**good, "key_results": [kr]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "owner": []}, schema)


def test_the_example_portal_shows_every_new_feature() -> None:
    """The repository's own portal uses thresholds, co-owners and reviews, and checks clean."""
    root = Path(__file__).resolve().parent.parent
    site = read_site_config(root / "mkdocs.yml")
    options = options_from_mapping(site.plugin)
    portal = build_portal(site.docs_dir, options, as_of=AS_OF, root=root)
    assert portal.errors == ()
    krs = [kr for o in portal.objectives.values() for kr in o.key_results]
    assert {kr.threshold for kr in krs if kr.kind == "threshold"} == {"at_least", "at_most"}
    assert any(kr.kind == "threshold" and kr.kpi for kr in krs)  # a guardrail fed by a KPI
    assert any(o.co_owners for o in portal.objectives.values())
    finished = [o for o in portal.objectives.values() if o.period and o.period.end < AS_OF]
    assert any(o.review for o in finished)
    # The carried-over objective repeats its statement with new key results: no Q109.
    assert not [f for f in portal.findings if f.code in ("Q109", "Q115")]
    support = portal.objective_results["2026-Q4/faster-support"].key_results[-1]
    assert (support.current, support.score) == (5.9, 1.0)  # at most 8 hours, KPI at 5.9

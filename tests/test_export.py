"""The export (SPEC section 9): exact shape, sorting, resolved references, determinism."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import write_portal

from okrsite.export import export_data, export_json
from okrsite.options import Options
from okrsite.portal import build_portal

AS_OF = date(2026, 11, 15)


def _obj(props: dict[str, Any]) -> dict[str, Any]:
    """An object schema with exactly these keys, all required."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": sorted(props),
        "properties": props,
    }


NUM = {"type": "number"}
NUM_OR_NULL = {"type": ["number", "null"]}
STR = {"type": "string"}
STR_OR_NULL = {"type": ["string", "null"]}
DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
PERIOD = {"type": "string", "pattern": r"^\d{4}(-Q[1-4]|-H[12])?$"}
SCORES = {"type": "object", "propertyNames": PERIOD, "additionalProperties": NUM}

#: Section 9, written down independently of okrsite/export.py. The key result also
#: carries ``objective`` (the aligned objective's full id): section 9 says "an aligned
#: KR's objective" appears resolved to a full id, which needs a key to appear in.
EXPORT_SCHEMA: dict[str, Any] = _obj(
    {
        "schema": {"const": "okrsite/1"},
        "as_of": DAY,
        "current_period": PERIOD,
        "objectives": {
            "type": "array",
            "items": _obj(
                {
                    "id": STR,
                    "objective": STR,
                    "period": {"anyOf": [PERIOD, {"type": "null"}]},
                    "level": {"enum": ["company", "team", "individual"]},
                    "team": STR_OR_NULL,
                    "owner": STR,
                    "owners": {"type": "array", "items": STR, "minItems": 1},
                    "type": {"enum": ["aspirational", "committed"]},
                    "parent": STR_OR_NULL,
                    "score": NUM,
                    "status": {"enum": ["planned", "green", "yellow", "red"]},
                    "confidence": NUM_OR_NULL,
                    "review": STR_OR_NULL,
                    "url": STR,
                    "key_results": {
                        "type": "array",
                        "items": _obj(
                            {
                                "id": STR,
                                "title": STR,
                                "kind": {"enum": ["numeric", "milestone", "aligned", "threshold"]},
                                "baseline": NUM_OR_NULL,
                                "target": NUM_OR_NULL,
                                "threshold": {"enum": ["at_least", "at_most", None]},
                                "current": NUM_OR_NULL,
                                "unit": STR_OR_NULL,
                                "kpi": STR_OR_NULL,
                                "objective": STR_OR_NULL,
                                "progress": NUM_OR_NULL,
                                "score": NUM,
                                "weight": NUM,
                            }
                        ),
                    },
                }
            ),
        },
        "kpis": {
            "type": "array",
            "items": _obj(
                {
                    "id": STR,
                    "name": STR,
                    "owner": STR,
                    "team": STR_OR_NULL,
                    "target": NUM_OR_NULL,
                    "direction": {"enum": ["higher", "lower"]},
                    "status": {"enum": ["green", "amber", "red", "none", "no-data"]},
                    "latest": {"anyOf": [_obj({"date": DAY, "value": NUM}), {"type": "null"}]},
                    "off_target_streak": {"type": "integer", "minimum": 0},
                    "url": STR,
                }
            ),
        },
        "teams": {
            "type": "array",
            "items": _obj({"id": STR, "name": STR, "parent": STR_OR_NULL, "scores": SCORES}),
        },
        "company": _obj({"name": STR, "scores": SCORES}),
        "findings": {
            "type": "array",
            "items": _obj(
                {
                    "code": {"type": "string", "pattern": r"^[EQ]\d{3}$"},
                    "severity": {"enum": ["error", "warning"]},
                    "path": STR,
                    "line": {"type": "integer", "minimum": 1},
                    "message": STR,
                }
            ),
        },
    }
)

FILES = {
    "teams/sales.md": "---\nname: Sales\n---\n",
    "teams/emea.md": "---\nname: EMEA sales\nparent: sales\n---\n",
    "teams/zeta.md": "---\nname: Zeta\n---\n",
    "kpis/mrr.md": """\
        ---
        name: Monthly recurring revenue
        owner: Ann Lee
        team: sales
        target: 140
        warning: 120
        cadence: monthly
        ---
        """,
    "kpis/mrr.csv": """\
        date,value,target
        2026-08,150,
        2026-09,110,
        2026-10,115,130
        2026-11,119,
        2026-12,200,
        """,
    "kpis/nps.md": "---\nname: Net promoter score\nowner: Bo\n---\n",
    "objectives/2026-Q4/grow.md": """\
        ---
        objective: Become the obvious choice for small marinas
        period: 2026-Q4
        owner: Ann Lee
        key_results:
          - id: revenue
            title: Grow monthly revenue from 100 to 130 kUSD
            baseline: 100
            target: 130
            unit: kUSD
            kpi: mrr
          - id: emea
            title: EMEA wins its groups
            objective: deals
          - id: launch
            title: Ship booking
            done: true
            weight: 2
        checkins:
          - date: 2026-11-01
            confidence: 0.6
        ---
        """,
    "objectives/2026-Q4/deals.md": """\
        ---
        objective: Win the marina groups of southern Europe
        period: 2026-Q4
        owner: Bo
        team: emea
        type: committed
        parent: grow
        key_results:
          - id: deals
            title: Sign 3 marina groups
            target: 3
            current: 1
          - title: Sign 2 pilots
            target: 2
            score: 0.25
        ---
        """,
    "objectives/2026-Q3/base.md": """\
        ---
        objective: Know which marinas to talk to
        period: 2026-Q3
        owner: Bo
        team: sales
        key_results:
          - title: Qualify 40 marinas
            target: 40
            current: 30
        ---
        """,
    "objectives/2026-Q3/oops.md": """\
        ---
        objective: Know which marinas to talk to
        period: 2026-Q3
        owner: Bo
        team: nowhere
        key_results:
          - title: Qualify 40 marinas
            target: 40
        ---
        """,
}


@pytest.fixture
def data(tmp_path: Path) -> dict[str, Any]:
    docs = write_portal(tmp_path, FILES)
    return export_data(build_portal(docs, Options(company="Acme"), as_of=AS_OF))


def test_export_matches_the_section_9_schema(data: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(EXPORT_SCHEMA)
    jsonschema.Draft202012Validator(EXPORT_SCHEMA).validate(data)
    assert list(data) == [
        "schema",
        "as_of",
        "current_period",
        "objectives",
        "kpis",
        "teams",
        "company",
        "findings",
    ]
    assert (data["schema"], data["as_of"], data["current_period"]) == (
        "okrsite/1",
        "2026-11-15",
        "2026-Q4",
    )


def test_sorted_by_id(data: dict[str, Any]) -> None:
    assert [o["id"] for o in data["objectives"]] == [
        "2026-Q3/base",
        "2026-Q3/oops",
        "2026-Q4/deals",
        "2026-Q4/grow",
    ]
    assert [k["id"] for k in data["kpis"]] == ["mrr", "nps"]
    assert [t["id"] for t in data["teams"]] == ["emea", "sales", "zeta"]


def test_findings_sorted_by_path_line_code(tmp_path: Path) -> None:
    docs = write_portal(
        tmp_path,
        {
            "teams/b.md": "---\nname: B\nparent: x\nlead: y\nlead: z\n---\n",
            "teams/a.md": "---\nonwer: Q\n---\n",
            "kpis/k.md": "---\nname: K\nowner: O\n---\n",
            "kpis/k.csv": "date,value\n2026-01-01,1%\n2026-01-01,x\n",
        },
    )
    findings = export_data(build_portal(docs, Options(), as_of=AS_OF))["findings"]
    keys = [(f["path"], f["line"], f["code"]) for f in findings]
    assert keys == sorted(keys)
    assert [k for k in keys if k[1] and k[2].startswith("E")] == [
        ("kpis/k.csv", 2, "E009"),
        ("kpis/k.csv", 3, "E009"),
        ("teams/a.md", 1, "E003"),
        ("teams/a.md", 2, "E002"),
        ("teams/b.md", 3, "E007"),
        ("teams/b.md", 5, "E005"),
    ]


def test_objective_entries(data: dict[str, Any]) -> None:
    by_id = {o["id"]: o for o in data["objectives"]}
    deals = by_id["2026-Q4/deals"]
    assert {k: v for k, v in deals.items() if k != "key_results"} == {
        "id": "2026-Q4/deals",
        "objective": "Win the marina groups of southern Europe",
        "period": "2026-Q4",
        "level": "team",
        "team": "emea",
        "owner": "Bo",
        "owners": ["Bo"],
        "type": "committed",
        "parent": "2026-Q4/grow",  # written as the bare stem "grow"
        "score": pytest.approx((1 / 3 + 0.25) / 2),
        "status": "red",  # expected 0.5, score 0.29
        "confidence": None,
        "review": None,
        "url": "objectives/2026-Q4/deals/",
    }
    assert deals["key_results"] == [
        {
            "id": "deals",
            "title": "Sign 3 marina groups",
            "kind": "numeric",
            "baseline": 0.0,
            "target": 3.0,
            "threshold": None,
            "current": 1.0,
            "unit": None,
            "kpi": None,
            "objective": None,
            "progress": 1 / 3,  # unrounded
            "score": 1 / 3,
            "weight": 1.0,
        },
        {
            "id": "kr2",
            "title": "Sign 2 pilots",
            "kind": "numeric",
            "baseline": 0.0,
            "target": 2.0,
            "threshold": None,
            "current": 0.0,
            "unit": None,
            "kpi": None,
            "objective": None,
            "progress": 0.0,
            "score": 0.25,
            "weight": 1.0,
        },
    ]
    grow = by_id["2026-Q4/grow"]
    assert (grow["level"], grow["team"], grow["parent"], grow["confidence"]) == (
        "company",
        None,
        None,
        0.6,
    )
    revenue, emea, launch = grow["key_results"]
    assert (revenue["kpi"], revenue["current"], revenue["unit"]) == ("mrr", 119.0, "kUSD")
    assert revenue["progress"] == pytest.approx(19 / 30)
    assert emea == {
        "id": "emea",
        "title": "EMEA wins its groups",
        "kind": "aligned",
        "baseline": None,
        "target": None,
        "threshold": None,
        "current": None,
        "unit": None,
        "kpi": None,
        "objective": "2026-Q4/deals",  # resolved from the bare stem
        "progress": deals["score"],
        "score": deals["score"],
        "weight": 1.0,
    }
    assert (launch["kind"], launch["baseline"], launch["score"], launch["weight"]) == (
        "milestone",
        None,
        1.0,
        2.0,
    )
    assert grow["score"] == pytest.approx((19 / 30 + deals["score"] + 2) / 4)
    assert by_id["2026-Q3/oops"]["team"] is None  # unknown team: an E007, exported as null


def test_kpi_entries(data: dict[str, Any]) -> None:
    mrr, nps = data["kpis"]
    assert mrr == {
        "id": "mrr",
        "name": "Monthly recurring revenue",
        "owner": "Ann Lee",
        "team": "sales",
        "target": 130.0,  # the CSV target in force at the latest point, not the page's 140
        "direction": "higher",
        "status": "red",  # 119 < warning 120
        "latest": {"date": "2026-11-01", "value": 119.0},  # the 2026-12 row is after as_of
        "off_target_streak": 3,  # Sep, Oct, Nov; August met 140
        "url": "kpis/mrr/",
    }
    assert nps == {
        "id": "nps",
        "name": "Net promoter score",
        "owner": "Bo",
        "team": None,
        "target": None,
        "direction": "higher",
        "status": "none",
        "latest": None,
        "off_target_streak": 0,
        "url": "kpis/nps/",
    }


def test_team_and_company_scores(data: dict[str, Any]) -> None:
    deals_score = (1 / 3 + 0.25) / 2
    grow_score = (19 / 30 + deals_score + 2) / 4
    assert data["teams"] == [
        {"id": "emea", "name": "EMEA sales", "parent": "sales", "scores": {"2026-Q4": deals_score}},
        {
            "id": "sales",
            "name": "Sales",
            "parent": None,
            # 2026-Q3/oops names an unknown team, so it counts for no team
            "scores": {"2026-Q3": 0.75},
        },
        {"id": "zeta", "name": "Zeta", "parent": None, "scores": {}},
    ]
    # "oops" has no resolvable team, so it is treated as team-level of no team, not company
    assert data["company"] == {"name": "Acme", "scores": {"2026-Q4": grow_score}}


def test_numbers_are_not_rounded(tmp_path: Path) -> None:
    docs = write_portal(
        tmp_path,
        {
            "objectives/o.md": """\
                ---
                objective: Thirds everywhere
                period: 2026-Q4
                owner: Bo
                key_results:
                  - {title: A third, target: 3, current: 1}
                  - {title: Two sevenths, target: 7, current: 2}
                ---
                """
        },
    )
    text = export_json(build_portal(docs, Options(), as_of=AS_OF))
    assert "0.3333333333333333" in text
    assert "0.2857142857142857" in text
    assert json.loads(text)["objectives"][0]["score"] == (1 / 3 + 2 / 7) / 2


def test_two_exports_are_byte_identical(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, FILES)
    first = export_json(build_portal(docs, Options(company="Acme"), as_of=AS_OF))
    second = export_json(build_portal(docs, Options(company="Acme"), as_of=AS_OF))
    assert first.encode() == second.encode()
    assert first.endswith("}\n")
    jsonschema.Draft202012Validator(EXPORT_SCHEMA).validate(json.loads(first))


def test_export_of_the_example_portal_matches_the_schema() -> None:
    root = Path(__file__).resolve().parent.parent
    portal = build_portal(root / "goals", Options(company="Tidewright"), as_of=AS_OF, root=root)
    jsonschema.Draft202012Validator(EXPORT_SCHEMA).validate(export_data(portal))

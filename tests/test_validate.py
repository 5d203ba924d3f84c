"""Validation (SPEC sections 2-4): every E code with its exact file, line, column and message."""

from __future__ import annotations

import os
import textwrap
from datetime import date
from pathlib import Path

import pytest
from helpers import write_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrsite.model import Finding, Portal
from okrsite.options import Options
from okrsite.portal import build_portal

AS_OF = date(2026, 11, 15)

TEAM = """\
    ---
    name: Sales
    lead: Ann Lee
    ---
    """

KPI = """\
    ---
    name: Monthly recurring revenue
    owner: Ann Lee
    team: sales
    definition: Active subscriptions at month end
    source: Billing
    cadence: monthly
    target: 140
    ---
    """

CSV = """\
    date,value
    2026-10-01,120
    2026-11-01,131
    """

GROW = """\
    ---
    objective: Become the obvious choice for small marinas
    period: 2026-Q4
    owner: Ann Lee
    team: sales
    key_results:
      - id: revenue
        title: Grow monthly revenue from 100 to 150 kUSD
        baseline: 100
        target: 150
        kpi: mrr
      - id: marinas
        title: Sign 12 new marinas
        target: 12
    ---
    """

BASE = {
    "teams/sales.md": TEAM,
    "kpis/mrr.md": KPI,
    "kpis/mrr.csv": CSV,
    "objectives/2026-Q4/grow.md": GROW,
}


def objective(front: str, **extra: str) -> str:
    """An objective page: ``front`` is the YAML between the fences (dedented)."""
    return "---\n" + textwrap.dedent(front).strip("\n") + "\n---\n"


def run(tmp_path: Path, files: dict[str, str], **options: object) -> Portal:
    docs = write_portal(tmp_path, {**BASE, **files})
    return build_portal(docs, Options(**options), as_of=AS_OF)  # type: ignore[arg-type]


def errors(portal: Portal) -> list[Finding]:
    return [f for f in portal.findings if f.code.startswith("E")]


def where(portal: Portal) -> list[tuple[str, int, int, str]]:
    return [(f.path, f.line, f.col, f.code) for f in errors(portal)]


def only(portal: Portal, code: str) -> Finding:
    found = [f for f in errors(portal) if f.code == code]
    assert len(found) == 1, [f.format() for f in errors(portal)]
    return found[0]


def test_base_portal_is_clean(tmp_path: Path) -> None:
    assert where(run(tmp_path, {})) == []


# -- E002 unknown key -------------------------------------------------------------------------

E002_CASES = [
    pytest.param(
        "objectives/o.md",
        """
        objective: Win the marina groups of southern Europe
        period: 2026-Q4
        owner: Ann Lee
        onwer: Ann Lee
        key_results:
          - {title: Sign 6 marina groups, target: 6}
        """,
        (5, 1),
        "unknown key 'onwer' in objective; did you mean 'owner'?",
        id="objective-typo",
    ),
    pytest.param(
        "objectives/o.md",
        """
        objective: Win the marina groups of southern Europe
        period: 2026-Q4
        owner: Ann Lee
        key_results:
          - title: Sign 6 marina groups
            traget: 6
            target: 6
        """,
        (7, 5),
        "unknown key 'traget' in key result 1; did you mean 'target'?",
        id="key-result-typo",
    ),
    pytest.param(
        "objectives/o.md",
        """
        objective: Win the marina groups of southern Europe
        period: 2026-Q4
        owner: Ann Lee
        key_results:
          - title: Sign 6 marina groups
            target: 6
          - title: Launch the partner programme
            done: false
            unit: "%"
        """,
        (10, 5),
        "key 'unit' does not apply to a milestone key result; remove it",
        id="key-not-for-milestone",
    ),
    pytest.param(
        "objectives/o.md",
        """
        objective: Win the marina groups of southern Europe
        period: 2026-Q4
        owner: Ann Lee
        key_results:
          - title: EMEA grows
            objective: grow
            target: 5
        """,
        (8, 5),
        "key 'target' does not apply to an aligned key result; remove it",
        id="key-not-for-aligned",
    ),
    pytest.param(
        "objectives/o.md",
        """
        objective: Win the marina groups of southern Europe
        period: 2026-Q4
        owner: Ann Lee
        key_results:
          - {title: Sign 6 marina groups, target: 6}
        checkins:
          - date: 2026-11-01
            confidance: 0.5
        """,
        (9, 5),
        "unknown key 'confidance' in check-in; did you mean 'confidence'?",
        id="checkin-typo",
    ),
    pytest.param(
        "kpis/nps.md",
        """
        name: Net promoter score
        owner: Ann Lee
        cadance: monthly
        """,
        (4, 1),
        "unknown key 'cadance' in KPI; did you mean 'cadence'?",
        id="kpi-typo",
    ),
    pytest.param(
        "teams/emea.md",
        """
        name: EMEA
        parnet: sales
        """,
        (3, 1),
        "unknown key 'parnet' in team; did you mean 'parent'?",
        id="team-typo",
    ),
    pytest.param(
        "teams/emea.md",
        """
        name: EMEA
        budget: 5
        """,
        (3, 1),
        "unknown key 'budget' in team; allowed: name, parent, lead, members, mission",
        id="no-close-key",
    ),
]


@pytest.mark.parametrize(("path", "front", "at", "message"), E002_CASES)
def test_e002(tmp_path: Path, path: str, front: str, at: tuple[int, int], message: str) -> None:
    portal = run(tmp_path, {path: objective(front)})
    finding = only(portal, "E002")
    assert (finding.path, finding.line, finding.col, finding.message) == (path, *at, message)
    assert [f.code for f in errors(portal)] == ["E002"]


# -- E003 missing required key ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "front", "at", "message"),
    [
        pytest.param(
            "objectives/o.md",
            """
            objective: Win the marina groups of southern Europe
            period: 2026-Q4
            key_results:
              - {title: Sign 6 marina groups, target: 6}
            """,
            (1, 1),
            "missing required key 'owner' in objective",
            id="top-level-at-line-1",
        ),
        pytest.param(
            "objectives/o.md",
            """
            objective: Win the marina groups of southern Europe
            period: 2026-Q4
            owner: Ann Lee
            key_results:
              - title: Sign 6 marina groups
                target: 6
              - title: Grow revenue to 150
                baseline: 100
            """,
            (8, 5),
            "missing required key 'target' in key result 2",
            id="kr-at-item-line",
        ),
        pytest.param(
            "objectives/o.md",
            """
            objective: Win the marina groups of southern Europe
            period: 2026-Q4
            owner: Ann Lee
            key_results:
              - target: 6
            """,
            (6, 5),
            "missing required key 'title' in key result 1",
            id="kr-title",
        ),
        pytest.param(
            "objectives/o.md",
            """
            objective: Win the marina groups of southern Europe
            period: 2026-Q4
            owner: Ann Lee
            key_results:
              - {title: Sign 6 marina groups, target: 6}
            checkins:
              - confidence: 0.5
            """,
            (8, 5),
            "missing required key 'date' in check-in",
            id="checkin-date",
        ),
        pytest.param(
            "objectives/o.md",
            """
            objective: Win the marina groups of southern Europe
            period: 2026-Q4
            owner: Ann Lee
            level: team
            key_results:
              - {title: Sign 6 marina groups, target: 6}
            """,
            (5, 1),
            "a team-level objective needs 'team: <team id>'",
            id="team-level-without-team",
        ),
        pytest.param(
            "kpis/nps.md", "owner: Ann Lee", (1, 1), "missing required key 'name' in KPI",
            id="kpi-name",
        ),
        pytest.param(
            "teams/emea.md", "lead: Ann Lee", (1, 1), "missing required key 'name' in team",
            id="team-name",
        ),
    ],
)  # fmt: skip
def test_e003(tmp_path: Path, path: str, front: str, at: tuple[int, int], message: str) -> None:
    portal = run(tmp_path, {path: objective(front)})
    finding = only(portal, "E003")
    assert (finding.path, finding.line, finding.col, finding.message) == (path, *at, message)
    assert [f.code for f in errors(portal)] == ["E003"]


def test_e003_every_missing_key_is_reported(tmp_path: Path) -> None:
    portal = run(tmp_path, {"objectives/o.md": "---\ntags: [x]\n---\n"})
    assert [f.message for f in errors(portal)] == [
        "missing required key 'key_results' in objective",
        "missing required key 'objective' in objective",
        "missing required key 'owner' in objective",
        "missing required key 'period' in objective",
    ]


# -- E004 wrong type or value -----------------------------------------------------------------

OBJ = """
objective: Win the marina groups of southern Europe
period: {period}
owner: Ann Lee
type: {type}
key_results:
  - title: Sign 6 marina groups
    target: {target}
    weight: {weight}
    score: {score}
checkins:
  - date: {date}
    confidence: {confidence}
"""
GOOD = {
    "period": "2026-Q4",
    "type": "committed",
    "target": "6",
    "weight": "2",
    "score": "0.5",
    "date": "2026-11-01",
    "confidence": "0.5",
}


@pytest.mark.parametrize(
    ("key", "value", "at", "message"),
    [
        pytest.param(
            "period", "2026-Q5", (3, 9),
            "'period' of objective must be YYYY-Qn, YYYY-Hn or YYYY (e.g. 2026-Q4), "
            "got '2026-Q5'",
            id="bad-period",
        ),
        pytest.param(
            "period", "0999-Q1", (3, 9), "has year 0999; use a year from 1900 to 9998",
            id="period-year-out-of-range",
        ),
        pytest.param(
            "period", "Q4 2026", (3, 9), "must be YYYY-Qn, YYYY-Hn or YYYY", id="period-words",
        ),
        pytest.param(
            "date", "2026-02-30", (12, 11),
            "'date' of check-in must be a real date written YYYY-MM-DD, got '2026-02-30'",
            id="bad-date",
        ),
        pytest.param(
            "date", "1/11/2026", (12, 11), "must be a real date written YYYY-MM-DD",
            id="date-format",
        ),
        pytest.param(
            "target", "six", (8, 13),
            "'target' of key result 1 must be a number, got 'six'",
            id="bad-number",
        ),
        pytest.param(
            "target", '"6"', (8, 13), "must be a number, got '6'", id="quoted-number",
        ),
        pytest.param(
            "target", ".nan", (8, 13), "must be a finite number", id="nan",
        ),
        pytest.param(
            "type", "comitted", (5, 7),
            "'type' of objective must be one of aspirational, committed, got 'comitted'; "
            "did you mean 'committed'?",
            id="bad-enum-with-suggestion",
        ),
        pytest.param(
            "weight", "0", (9, 13),
            "'weight' of key result 1 must be greater than 0, got 0",
            id="weight-0",
        ),
        pytest.param(
            "weight", "-1", (9, 13), "must be greater than 0, got -1", id="weight-negative",
        ),
        pytest.param(
            "score", "1.5", (10, 12),
            "'score' of key result 1 must be at most 1, got 1.5",
            id="score-1.5",
        ),
        pytest.param(
            "score", "-0.1", (10, 12), "must be at least 0, got -0.1", id="score-negative",
        ),
        pytest.param(
            "confidence", "2", (13, 17),
            "'confidence' of check-in must be at most 1, got 2",
            id="confidence-2",
        ),
    ],
)  # fmt: skip
def test_e004(tmp_path: Path, key: str, value: str, at: tuple[int, int], message: str) -> None:
    front = OBJ.format(**{**GOOD, key: value})
    portal = run(tmp_path, {"objectives/o.md": objective(front)})
    finding = only(portal, "E004")
    assert (finding.path, finding.line, finding.col) == ("objectives/o.md", *at)
    assert message in finding.message
    assert [f.code for f in errors(portal)] == ["E004"]


def test_good_values_are_clean(tmp_path: Path) -> None:
    portal = run(tmp_path, {"objectives/o.md": objective(OBJ.format(**GOOD))})
    assert where(portal) == []


@pytest.mark.parametrize(
    ("path", "front", "at", "message"),
    [
        pytest.param(
            "kpis/nps.md", "name: NPS\nowner: Ann\ndirection: up", (4, 12),
            "'direction' of KPI must be one of higher, lower, got 'up'",
            id="kpi-direction",
        ),
        pytest.param(
            "kpis/nps.md", "name: NPS\nowner: Ann\ncadence: weekley", (4, 10),
            "did you mean 'weekly'?",
            id="kpi-cadence",
        ),
        pytest.param(
            "teams/emea.md", "name: EMEA\nmembers: Ann Lee", (3, 10),
            "'members' of team must be a list, got 'Ann Lee'",
            id="members-not-a-list",
        ),
        pytest.param(
            "teams/emea.md", "name: [EMEA]", (2, 7), "'name' of team must be text, got a list",
            id="name-a-list",
        ),
        pytest.param(
            "objectives/o.md",
            "objective: Win\nperiod: 2026-Q4\nowner: Ann\nkey_results: []",
            (5, 14),
            "'key_results' of objective needs at least one key result",
            id="no-key-results",
        ),
        pytest.param(
            "objectives/o.md",
            "objective: Win\nperiod: 2026-Q4\nowner: Ann\nlint_ignore: [Q999]\n"
            "key_results:\n  - {title: Sign 6 marina groups, target: 6}",
            (5, 15),
            "'Q999' in 'lint_ignore' of objective is not a check code (Q101 to Q115)",
            id="lint-ignore-code",
        ),
        pytest.param(
            "objectives/o.md",
            "objective: Win\nperiod: 2026-Q4\nowner: Ann\n"
            "key_results:\n  - {id: Revenue KR, title: Sign 6 marina groups, target: 6}",
            (6, 10),
            "'id' of key result 1 'Revenue KR' is not a valid id",
            id="kr-id",
        ),
        pytest.param(
            "objectives/o.md",
            "objective: Win\nperiod: 2026-Q4\nowner: Ann\n"
            "key_results:\n  - {title: Launch, done: 'yes'}",
            (6, 27),
            "'done' of key result 1 must be true or false",
            id="done-not-bool",
        ),
        pytest.param(
            "objectives/o.md",
            "objective: Win\nperiod: 2026-Q4\nowner: Ann\n"
            "key_results:\n  - {title: Sign 6 marina groups, target: 6}\n"
            "checkins:\n  - date: 2026-11-01\n    values: {kr1: true}",
            (9, 14),
            "check-in value for numeric key result 'kr1' must be a number",
            id="checkin-bool-for-numeric",
        ),
        pytest.param(
            "objectives/o.md",
            "objective: Win\nperiod: 2026-Q4\nowner: Ann\n"
            "key_results:\n  - {title: Sign 6 marina groups, target: 6}\n"
            "checkins:\n  - date: 2026-11-01\n    values: {kr1: lots}",
            (9, 14),
            "value for 'kr1' in 'values' of check-in must be a number or true/false, "
            "got 'lots'",
            id="checkin-text-value",
        ),
    ],
)  # fmt: skip
def test_e004_more(
    tmp_path: Path, path: str, front: str, at: tuple[int, int], message: str
) -> None:
    portal = run(tmp_path, {path: objective(front)})
    finding = only(portal, "E004")
    assert (finding.path, finding.line, finding.col) == (path, *at)
    assert message in finding.message


@pytest.mark.parametrize(
    ("path", "kind"),
    [("teams/Sales Team.md", "team"), ("objectives/2026 Q4/grow.md", "objective")],
)
def test_e004_bad_file_name(tmp_path: Path, path: str, kind: str) -> None:
    portal = run(tmp_path, {path: TEAM})
    finding = only(portal, "E004")
    assert (finding.path, finding.line, finding.col) == (path, 1, 1)
    assert f"is not a valid {kind} id: rename the file" in finding.message


def test_e005_through_the_pipeline(tmp_path: Path) -> None:
    portal = run(tmp_path, {"teams/emea.md": "---\nname: EMEA\nlead: Ann\nlead: Bo\n---\n"})
    assert where(portal) == [("teams/emea.md", 4, 1, "E005")]
    assert only(portal, "E005").message == (
        "duplicate key 'lead' (first set on line 3); keep only one"
    )


# -- E006 duplicate ids -----------------------------------------------------------------------


def test_e006_duplicate_key_result_id(tmp_path: Path) -> None:
    front = """
    objective: Win the marina groups of southern Europe
    period: 2026-Q4
    owner: Ann Lee
    key_results:
      - id: deals
        title: Sign 6 marina groups
        target: 6
      - id: deals
        title: Sign 2 pilots
        target: 2
    """
    portal = run(tmp_path, {"objectives/o.md": objective(front)})
    assert where(portal) == [("objectives/o.md", 9, 5, "E006")]
    assert only(portal, "E006").message == (
        "key result id 'deals' is used twice (first by key result 1); give each key result "
        "its own id"
    )


def test_e006_explicit_id_clashes_with_default(tmp_path: Path) -> None:
    front = """
    objective: Win the marina groups of southern Europe
    period: 2026-Q4
    owner: Ann Lee
    key_results:
      - id: kr2
        title: Sign 6 marina groups
        target: 6
      - title: Sign 2 pilots
        target: 2
    """
    portal = run(tmp_path, {"objectives/o.md": objective(front)})
    assert where(portal) == [("objectives/o.md", 9, 5, "E006")]


@pytest.mark.parametrize(
    ("first", "second", "kind", "ident"),
    [
        ("teams/emea/ops.md", "teams/us/ops.md", "team", "ops"),
        ("kpis/a/nps.md", "kpis/b/nps.md", "KPI", "nps"),
    ],
)
def test_e006_duplicate_page_id(
    tmp_path: Path, first: str, second: str, kind: str, ident: str
) -> None:
    page = TEAM if kind == "team" else "---\nname: NPS\nowner: Ann\n---\n"
    portal = run(tmp_path, {first: page, second: page})
    finding = only(portal, "E006")
    assert (finding.path, finding.line, finding.col) == (second, 1, 1)
    assert finding.message == (
        f"{kind.lower()} id '{ident}' is already used by {first}; rename one of the files"
    )


# -- E007 unknown or ambiguous references -----------------------------------------------------


def _obj(extra: str = "", kr: str = "- {title: Sign 6 marina groups, target: 6}") -> str:
    return (
        "---\nobjective: Win the marina groups of southern Europe\nperiod: 2026-Q4\n"
        f"owner: Ann Lee\n{extra}key_results:\n  {kr}\n---\n"
    )


@pytest.mark.parametrize(
    ("files", "at", "message"),
    [
        pytest.param(
            {"objectives/o.md": _obj("team: sals\n")},
            ("objectives/o.md", 5, 1),
            "unknown team 'sals'; did you mean 'sales'?",
            id="team",
        ),
        pytest.param(
            {"objectives/o.md": _obj("team: finance\n")},
            ("objectives/o.md", 5, 1),
            "unknown team 'finance' (no team has that id)",
            id="team-no-suggestion",
        ),
        pytest.param(
            {"objectives/o.md": _obj(kr="- {title: Grow revenue, target: 150, kpi: mr}")},
            ("objectives/o.md", 6, 40),
            "unknown KPI 'mr'; did you mean 'mrr'?",
            id="kpi",
        ),
        pytest.param(
            {"objectives/o.md": _obj("parent: grw\n")},
            ("objectives/o.md", 5, 1),
            "unknown objective 'grw'; closest: grow",
            id="parent-closest",
        ),
        pytest.param(
            {"objectives/o.md": _obj("parent: 2026-Q4/grown\n")},
            ("objectives/o.md", 5, 1),
            "unknown objective '2026-Q4/grown'; closest: 2026-Q4/grow",
            id="parent-full-id-closest",
        ),
        pytest.param(
            {"objectives/o.md": _obj(kr="- {title: EMEA grows, objective: grov}")},
            ("objectives/o.md", 6, 25),
            "unknown objective 'grov'; closest: grow",
            id="aligned",
        ),
        pytest.param(
            {"teams/emea.md": "---\nname: EMEA\nparent: sale\n---\n"},
            ("teams/emea.md", 3, 1),
            "unknown team 'sale'; did you mean 'sales'?",
            id="team-parent",
        ),
        pytest.param(
            {"kpis/nps.md": "---\nname: NPS\nowner: Ann\nteam: saless\n---\n"},
            ("kpis/nps.md", 4, 1),
            "unknown team 'saless'; did you mean 'sales'?",
            id="kpi-team",
        ),
        pytest.param(
            {
                "objectives/2026-Q3/grow.md": _obj(),
                "objectives/o.md": _obj("parent: grow\n"),
            },
            ("objectives/o.md", 5, 1),
            "objective reference 'grow' is ambiguous: it could be 2026-Q3/grow, 2026-Q4/grow; "
            "write the full id",
            id="ambiguous-stem",
        ),
        pytest.param(
            {
                "objectives/o.md": _obj(
                    "checkins:\n  - date: 2026-11-01\n    values: {kr1: 3, kr9: 4}\n"
                )
            },
            ("objectives/o.md", 7, 22),
            "check-in value for unknown key result 'kr9' (key results: kr1)",
            id="checkin-unknown-kr",
        ),
    ],
)
def test_e007(
    tmp_path: Path, files: dict[str, str], at: tuple[str, int, int], message: str
) -> None:
    portal = run(tmp_path, files)
    finding = only(portal, "E007")
    assert (finding.path, finding.line, finding.col) == at
    assert finding.message == message
    assert [f.code for f in errors(portal)] == ["E007"]


@pytest.mark.parametrize(
    "ref", ["grow", "2026-Q4/grow", "2026-Q4/grow.md"], ids=["stem", "full", "with-suffix"]
)
def test_references_resolve_to_full_ids(tmp_path: Path, ref: str) -> None:
    portal = run(
        tmp_path,
        {"objectives/o.md": _obj(f"parent: {ref}\n", kr=f"- {{title: T, objective: {ref}}}")},
    )
    assert where(portal) == []
    assert portal.objectives["o"].parent == "2026-Q4/grow"
    assert portal.objectives["o"].key_results[0].objective == "2026-Q4/grow"


# -- E008 cycles ------------------------------------------------------------------------------


def test_e008_objective_parents(tmp_path: Path) -> None:
    portal = run(
        tmp_path,
        {"objectives/a.md": _obj("parent: b\n"), "objectives/b.md": _obj("parent: a\n")},
    )
    assert where(portal) == [("objectives/a.md", 5, 1, "E008"), ("objectives/b.md", 5, 1, "E008")]
    assert {f.message for f in errors(portal)} == {
        "cycle in objective parents: a -> b -> a; break one of the links"
    }


def test_e008_objective_is_its_own_parent(tmp_path: Path) -> None:
    portal = run(tmp_path, {"objectives/a.md": _obj("parent: a\n")})
    assert where(portal) == [("objectives/a.md", 5, 1, "E008")]
    assert "a -> a" in errors(portal)[0].message


def test_e008_aligned_key_results(tmp_path: Path) -> None:
    portal = run(
        tmp_path,
        {
            "objectives/a.md": _obj(kr="- {title: B delivers, objective: b}"),
            "objectives/b.md": _obj(kr="- {title: A delivers, objective: a}"),
        },
    )
    assert where(portal) == [("objectives/a.md", 6, 1, "E008"), ("objectives/b.md", 6, 1, "E008")]
    assert {f.message for f in errors(portal)} == {
        "cycle in aligned key results: a -> b -> a; break one of the links"
    }
    assert portal.objective_results["a"].score == 0.0


def test_e008_team_parents(tmp_path: Path) -> None:
    portal = run(
        tmp_path,
        {
            "teams/a.md": "---\nname: A\nparent: c\n---\n",
            "teams/b.md": "---\nname: B\nparent: a\n---\n",
            "teams/c.md": "---\nname: C\nparent: b\n---\n",
        },
    )
    assert where(portal) == [
        ("teams/a.md", 3, 1, "E008"),
        ("teams/b.md", 3, 1, "E008"),
        ("teams/c.md", 3, 1, "E008"),
    ]
    assert "cycle in team parents: a -> c -> b -> a" in errors(portal)[0].message


def test_normal_cascade_is_not_a_cycle(tmp_path: Path) -> None:
    """Parent P takes its child C's score through an aligned KR; C names P as parent."""
    portal = run(
        tmp_path,
        {
            "objectives/p.md": _obj(kr="- {title: The team delivers, objective: c}"),
            "objectives/c.md": _obj(
                "parent: p\n", kr="- {title: Sign 6 marina groups, target: 6, current: 3}"
            ),
        },
    )
    assert where(portal) == []
    assert portal.objective_results["p"].score == pytest.approx(0.5)


# -- E009 CSV problems ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("csv", "at", "message"),
    [
        pytest.param(
            "date,value,vaule\n2026-10-01,5,6\n", (1, 12),
            "unknown column 'vaule'; did you mean 'value'?",
            id="unknown-column",
        ),
        pytest.param(
            "date,value,comment\n2026-10-01,5,x\n", (1, 12), "unknown column 'comment'",
            id="unknown-column-no-hint",
        ),
        pytest.param(
            "date,value,value\n2026-10-01,5,6\n", (1, 12), "column 'value' appears twice",
            id="duplicate-column",
        ),
        pytest.param(
            "date,value\n2026-10-01,5\n2026-13-01,6\n", (3, 1),
            "'2026-13-01' is not a date: write YYYY-MM-DD or YYYY-MM",
            id="bad-date",
        ),
        pytest.param(
            "date,value\n01/11/2026,6\n", (2, 1), "'01/11/2026' is not a date", id="us-date",
        ),
        pytest.param(
            "date,value\n2026-10-01,\"1,234\"\n", (2, 12),
            "value '1,234' is not a number: drop the thousands separators",
            id="thousands-separator",
        ),
        pytest.param(
            "date,value\n2026-10-01,12%\n", (2, 12),
            "value '12%' is not a number: drop the percent sign",
            id="percent",
        ),
        pytest.param(
            "date,value\n2026-10-01,n/a\n", (2, 12),
            "value 'n/a' is not a number: write a plain decimal number such as 1234.5, -3 or 1e6",
            id="text",
        ),
        pytest.param(
            "date,value,target\n2026-10-01,5,high\n", (2, 14), "target 'high' is not a number",
            id="bad-target",
        ),
        pytest.param(
            "date,value\n2026-10-01,5\n2026-11-01,6\n2026-10-01,7\n", (4, 1),
            "date 2026-10-01 already appears on line 2; give each date one row",
            id="duplicate-date",
        ),
        pytest.param(
            "date,value\n2026-10,5\n2026-10-01,7\n", (3, 1),
            "date 2026-10-01 already appears on line 2",
            id="duplicate-date-month-form",
        ),
        pytest.param(
            "", (1, 1), "CSV has no header row: start it with 'date,value'", id="empty-file",
        ),
        pytest.param(
            "2026-10-01,5\n2026-11-01,6\n", (1, 1), "CSV has no header row", id="no-header",
        ),
        pytest.param(
            "date,note\n2026-10-01,x\n", (1, 1), "CSV header lacks column(s) value",
            id="no-value-column",
        ),
        pytest.param(
            "date,value\n2026-10-01,5,extra\n", (2, 1),
            "row has 3 fields but the header has 2; quote text that contains commas",
            id="wrong-field-count",
        ),
        pytest.param(
            "date,value,note\n2026-10-01,5\n", (2, 1), "row has 2 fields but the header has 3",
            id="too-few-fields",
        ),
    ],
)  # fmt: skip
def test_e009(tmp_path: Path, csv: str, at: tuple[int, int], message: str) -> None:
    portal = run(tmp_path, {"kpis/mrr.csv": csv})
    finding = only(portal, "E009")
    assert (finding.path, finding.line, finding.col) == ("kpis/mrr.csv", *at)
    assert message in finding.message


def test_e009_misspelt_value_column(tmp_path: Path) -> None:
    portal = run(tmp_path, {"kpis/mrr.csv": "date,vaule\n2026-10-01,5\n"})
    assert [(f.line, f.col, f.message) for f in errors(portal)] == [
        (
            1,
            1,
            "CSV header lacks column(s) value: the first row must name date,value (and "
            "optionally target, note)",
        ),
        (1, 6, "unknown column 'vaule'; did you mean 'value'?"),
    ]


def test_e009_named_data_file_missing(tmp_path: Path) -> None:
    page = "---\nname: NPS\nowner: Ann Lee\ndata: scores/nps.csv\n---\n"
    portal = run(tmp_path, {"kpis/nps.md": page})
    assert where(portal) == [("kpis/nps.md", 4, 1, "E009")]
    assert only(portal, "E009").message == "data file 'scores/nps.csv' does not exist"


def test_default_csv_may_be_missing(tmp_path: Path) -> None:
    portal = run(tmp_path, {"kpis/nps.md": "---\nname: NPS\nowner: Ann Lee\n---\n"})
    assert where(portal) == []
    assert portal.kpi_results["nps"].status == "none"


def test_named_data_file_in_another_folder(tmp_path: Path) -> None:
    page = "---\nname: NPS\nowner: Ann Lee\ntarget: 40\ndata: ../data/nps.csv\n---\n"
    portal = run(tmp_path, {"kpis/nps.md": page, "data/nps.csv": "date,value\n2026-11,45\n"})
    assert where(portal) == []
    assert portal.kpis["nps"].data_path == "data/nps.csv"
    assert portal.kpi_results["nps"].status == "green"


def test_csv_findings_show_a_tidy_path(tmp_path: Path) -> None:
    page = "---\nname: NPS\nowner: Ann Lee\ndata: ../data/nps.csv\n---\n"
    portal = run(tmp_path, {"kpis/nps.md": page, "data/nps.csv": "date,value\n2026-11,4%\n"})
    assert where(portal) == [("data/nps.csv", 2, 9, "E009")]


def test_e009_every_bad_row_is_reported(tmp_path: Path) -> None:
    csv = "date,value\n2026-10-01,1%\n2026-10-02,x\n2026-10-03,5\n2026-10-33,4\n"
    portal = run(tmp_path, {"kpis/mrr.csv": csv})
    assert where(portal) == [
        ("kpis/mrr.csv", 2, 12, "E009"),
        ("kpis/mrr.csv", 3, 12, "E009"),
        ("kpis/mrr.csv", 5, 1, "E009"),
    ]
    assert [p.value for p in portal.kpis["mrr"].points] == [5.0]


# -- E010 paths escaping docs_dir -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("../../outside.csv", "data path '../../outside.csv' leads outside the goals folder"),
        ("/etc/passwd", "data path '/etc/passwd' must be relative to the KPI page"),
        ("~/nps.csv", "data path '~/nps.csv' must be relative to the KPI page"),
    ],
    ids=["parent-of-docs", "absolute", "home"],
)
def test_e010_data_path(tmp_path: Path, data: str, message: str) -> None:
    (tmp_path / "outside.csv").write_text("date,value\n2026-10-01,5\n", encoding="utf-8")
    portal = run(tmp_path, {"kpis/nps.md": f"---\nname: NPS\nowner: Ann\ndata: {data}\n---\n"})
    assert where(portal) == [("kpis/nps.md", 4, 1, "E010")]
    assert only(portal, "E010").message.startswith(message)
    assert portal.kpis["nps"].points == ()


def test_e010_symlinked_csv(tmp_path: Path) -> None:
    outside = tmp_path / "secret.csv"
    outside.write_text("date,value\n2026-10-01,5\n", encoding="utf-8")
    docs = write_portal(tmp_path, {**BASE, "kpis/nps.md": "---\nname: NPS\nowner: Ann\n---\n"})
    os.symlink(outside, docs / "kpis/nps.csv")
    portal = build_portal(docs, Options(), as_of=AS_OF)
    assert where(portal) == [("kpis/nps.md", 1, 1, "E010")]
    assert "leads outside the goals folder" in errors(portal)[0].message
    assert portal.kpis["nps"].points == ()


def test_e010_symlinked_page_and_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "spy.md").write_text(textwrap.dedent(TEAM), encoding="utf-8")
    docs = write_portal(tmp_path, BASE)
    os.symlink(elsewhere / "spy.md", docs / "teams/spy.md")
    os.symlink(elsewhere, docs / "teams/more")
    portal = build_portal(docs, Options(), as_of=AS_OF)
    assert where(portal) == [("teams/more", 1, 1, "E010"), ("teams/spy.md", 1, 1, "E010")]
    assert set(portal.teams) == {"sales"}


def test_symlink_inside_docs_is_fine(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, {**BASE, "shared/emea.md": "---\nname: EMEA\n---\n"})
    os.symlink(docs / "shared/emea.md", docs / "teams/emea.md")
    portal = build_portal(docs, Options(), as_of=AS_OF)
    assert where(portal) == []
    assert set(portal.teams) == {"emea", "sales"}


# -- E011 target equals baseline --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kr", "at", "message"),
    [
        pytest.param(
            "- {title: Keep 40 marinas, baseline: 40, target: 40}",
            (6, 44),
            "target of key result 1 equals its baseline (40); a key result must move a number: "
            "change the target or the baseline",
            id="explicit",
        ),
        pytest.param(
            "- {title: Grow from nothing, target: 0}", (6, 32), "equals its baseline (0)",
            id="default-baseline",
        ),
    ],
)  # fmt: skip
def test_e011(tmp_path: Path, kr: str, at: tuple[int, int], message: str) -> None:
    portal = run(tmp_path, {"objectives/o.md": _obj(kr=kr)})
    finding = only(portal, "E011")
    assert (finding.path, finding.line, finding.col) == ("objectives/o.md", *at)
    assert message in finding.message
    assert [f.code for f in errors(portal)] == ["E011"]
    assert portal.objective_results["o"].score == 0.0


# -- every problem is reported ----------------------------------------------------------------


def test_all_problems_of_a_page_are_reported(tmp_path: Path) -> None:
    front = """
    objective: Win the marina groups of southern Europe
    period: 2026-Q7
    owner: Ann Lee
    tema: sales
    key_results:
      - title: Sign 6 marina groups
        baseline: 6
        target: 6
    """
    portal = run(tmp_path, {"objectives/o.md": objective(front)})
    assert where(portal) == [
        ("objectives/o.md", 3, 9, "E004"),
        ("objectives/o.md", 5, 1, "E002"),
        ("objectives/o.md", 9, 5, "E011"),
    ]


def test_all_problems_of_a_run_are_reported(tmp_path: Path) -> None:
    portal = run(
        tmp_path,
        {
            "teams/emea.md": "---\nname: EMEA\nparent: nowhere\n---\n",
            "kpis/mrr.csv": "date,value\n2026-10-01,12%\n",
            "kpis/nps.md": "NPS without front matter\n",
            "objectives/o.md": _obj("type: commited\n"),
        },
    )
    assert [(f.path, f.code) for f in errors(portal)] == [
        ("kpis/mrr.csv", "E009"),
        ("kpis/nps.md", "E001"),
        ("objectives/o.md", "E004"),
        ("teams/emea.md", "E007"),
    ]


def test_invalid_pages_still_leave_the_rest_of_the_model(tmp_path: Path) -> None:
    portal = run(tmp_path, {"objectives/o.md": "no front matter\n", "teams/x.md": "---\n[\n---\n"})
    assert [f.code for f in errors(portal)] == ["E001", "E001"]
    assert set(portal.objectives) == {"2026-Q4/grow"}
    assert portal.objective_results["2026-Q4/grow"].key_results[0].current == 131.0


# -- never a traceback ------------------------------------------------------------------------

_yaml_bits = st.sampled_from(
    [
        "objective: x\n", "period: 2026-Q4\n", "owner: a\n", "key_results:\n", "  - ",
        "title: t\n", "target: 5\n", "done: true\n", "objective: grow\n", "checkins:\n",
        "  - date: 2026-11-01\n", "    values: {kr1: 3}\n", "parent: grow\n", "weight: 0\n",
        "score: 2\n", "{", "}", "[", "]", ": ", "- ", "&a ", "*a ", "!!python/object ", "'",
        '"', "\t", "\n", "    ", "---\n", "? ", "<<: ", "%TAG ", "null", "~", "1e400",
        ".inf", "0x1F", "2026-02-30", "yes", "é", "\x85", "\ufeff",
    ]
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(front=st.lists(_yaml_bits, max_size=30).map("".join))
def test_malformed_front_matter_never_raises(tmp_path: Path, front: str) -> None:
    docs = tmp_path / "goals"
    for rel in ("objectives/x.md", "teams/x.md", "kpis/x.md"):
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}\n---\n", encoding="utf-8")
    (docs / "kpis/x.csv").write_text(front.replace(": ", ","), encoding="utf-8")
    portal = build_portal(docs, Options(), as_of=AS_OF)
    for finding in portal.findings:
        assert finding.line >= 1 and finding.col >= 1
        assert finding.path.startswith(("objectives/", "teams/", "kpis/"))

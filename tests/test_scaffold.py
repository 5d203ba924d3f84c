"""``okrsite new``: page templates, carry-over, and the commands that write them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from okrsite.authoring.carry import carry_over
from okrsite.authoring.checkin import split_front_matter
from okrsite.authoring.scaffold import (
    ScaffoldError,
    check_period,
    new_kpi,
    new_objective,
    new_team,
    next_period,
    resolve_objective,
    slugify,
)
from okrsite.cli.new import new_group
from okrsite.cli.workspace import Workspace
from okrsite.options import read_site_config


def _front(text: str) -> dict[str, Any]:
    data = yaml.safe_load(split_front_matter(text).text)
    assert isinstance(data, dict)
    return data


def _body(text: str) -> str:
    return text[split_front_matter(text).end :].partition("\n")[2]


# ----------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("period", "following"),
    [
        ("2026-Q1", "2026-Q2"),
        ("2026-Q3", "2026-Q4"),
        ("2026-Q4", "2027-Q1"),
        ("2026-H1", "2026-H2"),
        ("2026-H2", "2027-H1"),
        ("2026", "2027"),
    ],
)
def test_next_period(period: str, following: str) -> None:
    assert next_period(period) == following


@pytest.mark.parametrize("period", ["2026-Q5", "2026-H3", "26-Q1", "2026-q1", "2026Q1", ""])
def test_bad_period(period: str) -> None:
    with pytest.raises(ScaffoldError) as info:
        check_period(period)
    assert str(info.value) == (
        f"period {period!r} is not YYYY-Qn, YYYY-Hn or YYYY (e.g. 2026-Q4, 2026-H2, 2026)"
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("José Núñez: grow revenue!!", "jose-nunez-grow-revenue"),
        (
            "  Make onboarding effortless for every new team in EMEA and APAC  ",
            "make-onboarding-effortless-for-every-new-team-in",
        ),
        ("¿¿??", "objective"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_resolve_objective() -> None:
    ids = ["2026-Q3/retain", "2026-Q4/retain", "2026-Q4/grow"]
    assert resolve_objective("grow", ids) == "2026-Q4/grow"
    assert resolve_objective("2026-Q3/retain", ids) == "2026-Q3/retain"
    with pytest.raises(
        ScaffoldError,
        match=r"^objective reference 'retain' is ambiguous: it could be "
        r"2026-Q3/retain, 2026-Q4/retain; write the full id$",
    ):
        resolve_objective("retain", ids)
    with pytest.raises(
        ScaffoldError,
        match=r"^unknown objective 'retian'; closest: retain$",
    ):
        resolve_objective("retian", ids)
    with pytest.raises(ScaffoldError, match=r"^unknown objective 'zzz'$"):
        resolve_objective("zzz", ids)


# ------------------------------------------------------------------- pages


def test_new_objective_minimal() -> None:
    text = new_objective(statement="Delight customers: everywhere", period="2026", owner="Ana")
    assert _front(text) == {
        "objective": "Delight customers: everywhere",
        "period": "2026",
        "owner": "Ana",
        "key_results": [
            {"title": "TODO: first measurable outcome", "baseline": 0, "target": 1},
            {"title": "TODO: second measurable outcome", "baseline": 0, "target": 1},
        ],
    }
    assert (
        "# team: sales" in text and "# level: company" in text and "# parent: 2026/growth" in text
    )
    assert _body(text) == (
        "\n## Context\n\nWhy this objective matters now, and what changes for whom when it is "
        "met.\n\n## Initiatives\n\n- The work planned to move the key results.\n"
    )


def test_new_objective_full() -> None:
    text = new_objective(
        statement="Win the mid-market",
        period="2026-Q4",
        owner="José Núñez",
        team="sales",
        level="team",
        type="committed",
        parent="2026-Q4/growth",
        key_results=["Net revenue retention", "Deals over 50k: closed"],
    )
    assert _front(text) == {
        "objective": "Win the mid-market",
        "period": "2026-Q4",
        "owner": "José Núñez",
        "team": "sales",
        "level": "team",
        "type": "committed",
        "parent": "2026-Q4/growth",
        "key_results": [
            {"title": "Net revenue retention", "baseline": 0, "target": 1},
            {"title": "Deals over 50k: closed", "baseline": 0, "target": 1},
        ],
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"period": "Q4"},
            "period 'Q4' is not YYYY-Qn, YYYY-Hn or YYYY (e.g. 2026-Q4, 2026-H2, 2026)",
        ),
        ({"statement": " "}, "--statement must not be empty"),
        ({"level": "dept"}, "--level must be one of company, team, individual, not 'dept'"),
        ({"team": "Sales"}, "team id 'Sales' may only use lowercase letters, digits, '-' and '_'"),
        ({"key_results": ["ok", ""]}, "--kr must not be empty"),
    ],
)
def test_new_objective_refuses(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"statement": "Grow", "period": "2026-Q4", "owner": "Ana", **kwargs}
    with pytest.raises(ScaffoldError) as info:
        new_objective(**args)
    assert str(info.value) == message


def test_new_kpi() -> None:
    minimal = new_kpi(name="MRR", owner="Ana")
    assert _front(minimal) == {"name": "MRR", "owner": "Ana"}
    for hint in ("# definition:", "# source:", "# cadence:", "# target:", "# direction:"):
        assert hint in minimal
    full = new_kpi(
        name="Churn",
        owner="Bo",
        team="cs",
        unit="%",
        cadence="monthly",
        target=2.5,
        direction="lower",
        warning=4,
        definition="Cancelled MRR / MRR at the start of the month",
        source="Billing: Stripe export",
    )
    assert _front(full) == {
        "name": "Churn",
        "owner": "Bo",
        "team": "cs",
        "definition": "Cancelled MRR / MRR at the start of the month",
        "source": "Billing: Stripe export",
        "cadence": "monthly",
        "target": 2.5,
        "direction": "lower",
        "warning": 4,
        "unit": "%",
    }


def test_new_team() -> None:
    text = new_team(name="Sales & Success", parent="revenue", lead="Ana", members=["Ana", "Bo"])
    assert _front(text) == {
        "name": "Sales & Success",
        "parent": "revenue",
        "lead": "Ana",
        "members": ["Ana", "Bo"],
    }
    assert "# mission:" in text


# -------------------------------------------------------------- carry-over

OLD = """\
---
objective: Delight new customers   # comment
period: 2026-Q4
owner: Ana
team: sales
parent: growth
tags: [onboarding]
key_results:
  - title: NPS
    baseline: 30
    target: 50
    unit: points
  - id: act
    title: Activation rate
    target: 60
    current: 45
    score: 0.5
  - title: Guided tour
    done: false
  - title: Platform health
    objective: 2026-Q4/platform
  - title: Churn
    baseline: 10
    target: 5
    kpi: churn
  - title: Tickets
    target: 10
    current: 12
  - title: Untouched
    baseline: 3
    target: 9
checkins:
  - date: 2026-11-01
    values: {kr1: 41, kr3: true}
  - date: 2026-10-01
    values: {kr1: 35}
---

## Context

Copied as is.
"""

IDS = ["2026-Q4/delight", "2026-Q4/growth", "2027-Q1/growth", "2026-Q4/platform"]


def test_carry_over() -> None:
    text = carry_over(
        OLD,
        old_id="2026-Q4/delight",
        new_period="2027-Q1",
        objective_ids=IDS,
        kpi_values={"churn": 8},
    )
    assert (
        text
        == """\
---
# Carried over from 2026-Q4/delight (2026-Q4): baselines are where it ended.
objective: Delight new customers
period: 2027-Q1
owner: Ana
team: sales
parent: 2027-Q1/growth
tags: [onboarding]
key_results:
  - title: NPS
    baseline: 41
    target: 50
    unit: points
  - id: act
    title: Activation rate
    baseline: 45
    target: 60
  - title: Guided tour
    done: true  # done in 2026-Q4: drop it or replace it
  - title: Platform health
    objective: 2026-Q4/platform  # still the 2026-Q4 objective: point it at 2027-Q1's
  - title: Churn
    baseline: 8
    target: 5
    kpi: churn
  - title: Tickets
    target: 10  # reached in 2026-Q4 (12): set a new target
  - title: Untouched
    baseline: 3
    target: 9
---

## Context

Copied as is.
"""
    )


def test_carry_over_without_counterpart_comments_the_parent_out() -> None:
    text = carry_over(
        OLD,
        old_id="2026-Q4/delight",
        new_period="2027-Q1",
        objective_ids=["2026-Q4/growth"],
        overrides={"owner": "Bo", "level": "team"},
    )
    data = _front(text)
    assert "parent" not in data
    assert "# parent: growth  # in 2026-Q4; set the objective of 2027-Q1 this one supports" in text
    assert data["owner"] == "Bo"
    assert list(data)[:6] == ["objective", "period", "owner", "team", "tags", "level"]
    assert data["key_results"][4] == {"title": "Churn", "baseline": 10, "target": 5, "kpi": "churn"}


def test_carry_over_refuses_a_page_without_key_results() -> None:
    with pytest.raises(ScaffoldError) as info:
        carry_over("---\nname: Sales\n---\n", old_id="x", new_period="2027")
    assert str(info.value) == (
        "x is not an objective page with key_results; fix it (okrsite check) first"
    )


# --------------------------------------------------------------------- CLI

SITE = """\
site_name: Acme
docs_dir: goals
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  secret: !ENV [OKRSITE_SECRET, none]
plugins:
  - search
  - okrsite:
      company: Acme
      as_of: 2026-11-15
      teams_dir: squads
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text(SITE)
    (tmp_path / "goals").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(args: list[str]) -> Any:
    return CliRunner().invoke(new_group, args)


def test_mkdocs_config_with_python_tags(site: Path) -> None:
    config = read_site_config(site / "mkdocs.yml")
    assert config.plugin["teams_dir"] == "squads"
    goals = Workspace.locate(None, None)
    assert goals.folder("team") == Path("goals/squads")
    assert goals.folder("objective") == Path("goals/objectives")
    assert Workspace.locate(".", None).target.docs_dir == Path("goals")


def test_cli_new_writes_pages(site: Path) -> None:
    result = _run(["team", "--id", "sales", "--name", "Sales", "--member", "Ana"])
    assert (result.exit_code, result.output) == (0, "created goals/squads/sales.md\n")
    result = _run(
        [
            "objective",
            "--period",
            "2026-Q4",
            "--owner",
            "Ana",
            "--statement",
            "Win the mid-market!",
            "--team",
            "sales",
            "--kr",
            "NRR",
        ]
    )
    assert (result.exit_code, result.output) == (
        0,
        "created goals/objectives/2026-Q4/win-the-mid-market.md\n",
    )
    assert _front((site / "goals/objectives/2026-Q4/win-the-mid-market.md").read_text())[
        "key_results"
    ] == [{"title": "NRR", "baseline": 0, "target": 1}]
    result = _run(["kpi", "--id", "mrr", "--name", "MRR", "--owner", "Ana", "--target", "1e5"])
    assert (result.exit_code, result.output) == (
        0,
        "created goals/kpis/mrr.md and goals/kpis/mrr.csv\n",
    )
    assert (site / "goals/kpis/mrr.csv").read_text() == "date,value\n"
    assert _front((site / "goals/kpis/mrr.md").read_text())["target"] == 100000


def test_cli_new_dry_run_writes_nothing(site: Path) -> None:
    result = _run(["team", "--id", "sales", "--name", "Sales", "--dry-run"])
    assert result.exit_code == 0
    assert result.output == new_team(name="Sales")
    assert not (site / "goals/squads").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["objective", "--owner", "Ana", "--statement", "Grow"],
            2,
            "missing option --period (needed unless --from is given)",
        ),
        (
            ["objective", "--period", "2026-Q5", "--owner", "Ana", "--statement", "Grow"],
            2,
            "period '2026-Q5' is not YYYY-Qn, YYYY-Hn or YYYY (e.g. 2026-Q4, 2026-H2, 2026)",
        ),
        (
            [
                "objective",
                "--period",
                "2026-Q4",
                "--owner",
                "Ana",
                "--statement",
                "Grow",
                "--level",
                "dept",
            ],
            2,
            "invalid value for '--level': 'dept' is not one of 'company', 'team', 'individual' "
            "(see 'new objective --help')",
        ),
        (
            [
                "objective",
                "--period",
                "2026-Q4",
                "--owner",
                "Ana",
                "--statement",
                "Grow",
                "--team",
                "ops",
            ],
            1,
            "no team 'ops' in goals/squads; create it first: okrsite new team --id ops --name NAME",
        ),
        (
            [
                "objective",
                "--period",
                "2026-Q4",
                "--owner",
                "Ana",
                "--statement",
                "Grow",
                "--parent",
                "nope",
            ],
            1,
            "unknown objective 'nope'",
        ),
        (
            ["objective", "--from", "grow", "--kr", "x"],
            2,
            "--kr cannot be used with --from: the key results come from the old objective",
        ),
        (
            ["kpi", "--id", "MRR", "--name", "x", "--owner", "y"],
            2,
            "--id 'MRR' may only use lowercase letters, digits, '-' and '_'",
        ),
        (["kpi", "--name", "x", "--owner", "y"], 2, "missing option '--id' (see 'new kpi --help')"),
        (
            ["team", "--id", "a", "--name", "A", "--parent", "b"],
            1,
            "no team 'b' in goals/squads for --parent",
        ),
        (["tema"], 2, "no such command 'tema'. Did you mean 'team'? (see 'new --help')"),
    ],
)
def test_cli_new_errors(site: Path, args: list[str], code: int, message: str) -> None:
    result = _run(args)
    assert result.exit_code == code
    assert result.stderr == f"okrsite: error: {message}\n"
    assert list((site / "goals").iterdir()) == []


def test_cli_new_refuses_to_overwrite(site: Path) -> None:
    assert _run(["team", "--id", "sales", "--name", "Sales"]).exit_code == 0
    page = site / "goals/squads/sales.md"
    page.write_text("mine")
    result = _run(["team", "--id", "sales", "--name", "Other"])
    assert result.exit_code == 1
    assert result.stderr == (
        "okrsite: error: goals/squads/sales.md already exists; choose another --id or edit "
        "that page\n"
    )
    assert page.read_text() == "mine"


def test_cli_new_kpi_keeps_existing_csv(site: Path) -> None:
    (site / "goals/kpis").mkdir()
    (site / "goals/kpis/mrr.csv").write_text("date,value\n2026-10,5\n")
    result = _run(["kpi", "--id", "mrr", "--name", "MRR", "--owner", "Ana"])
    assert (
        result.output == "created goals/kpis/mrr.md (its data goals/kpis/mrr.csv already exists)\n"
    )
    assert (site / "goals/kpis/mrr.csv").read_text() == "date,value\n2026-10,5\n"


def _write(site: Path, relative: str, text: str) -> None:
    path = site / "goals" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_cli_carry_over(site: Path) -> None:
    _write(site, "squads/sales.md", "---\nname: Sales\n---\n")
    _write(site, "objectives/2026-Q4/delight.md", OLD)
    _write(site, "kpis/churn.md", "---\nname: Churn\nowner: Ana\n---\n")
    _write(site, "kpis/churn.csv", "date,value\n2026-11,7.5\n2026-09,9\n")
    result = _run(["objective", "--from", "delight", "--owner", "Bo"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.output == "created goals/objectives/2027-Q1/delight.md\n"
    data = _front((site / "goals/objectives/2027-Q1/delight.md").read_text())
    assert (data["period"], data["owner"]) == ("2027-Q1", "Bo")
    assert data["key_results"][4]["baseline"] == 7.5  # the KPI's latest value
    result = _run(["objective", "--from", "2026-Q4/delight", "--period", "2027-H1", "--id", "d2"])
    assert result.output == "created goals/objectives/2027-H1/d2.md\n"


def test_cli_refuses_a_stem_that_would_make_references_ambiguous(site: Path) -> None:
    _write(site, "objectives/2026-Q4/delight.md", OLD)
    _write(
        site,
        "objectives/2026-Q4/child.md",
        "---\nobjective: Child\nperiod: 2026-Q4\nowner: Bo\nparent: delight\n"
        "key_results:\n  - title: A\n    target: 1\n---\n",
    )
    result = _run(["objective", "--from", "delight"])
    assert result.exit_code == 1
    assert result.stderr == (
        "okrsite: error: a second objective named 'delight' would make the bare reference "
        "'delight' in goals/objectives/2026-Q4/child.md ambiguous; write the full id there, "
        "or choose another --id\n"
    )
    assert not (site / "goals/objectives/2027-Q1").exists()


# --------------------------------------------------- generated pages pass check


def test_generated_pages_pass_okrsite_check(site: Path) -> None:
    from okrsite.cli import main

    runner = CliRunner()
    steps = [
        ["new", "team", "--id", "sales", "--name", "Sales", "--lead", "Ana"],
        ["new", "team", "--id", "emea", "--name", "EMEA sales", "--parent", "sales"],
        [
            "new",
            "kpi",
            "--id",
            "mrr",
            "--name",
            "MRR",
            "--owner",
            "Ana",
            "--team",
            "sales",
            "--cadence",
            "monthly",
            "--target",
            "100",
            "--definition",
            "Monthly recurring revenue",
            "--source",
            "Billing",
        ],
        [
            "new",
            "objective",
            "--period",
            "2026-Q4",
            "--owner",
            "Ana",
            "--statement",
            "Become the obvious choice for mid-sized teams",
        ],
        [
            "new",
            "objective",
            "--period",
            "2026-Q4",
            "--owner",
            "Bo",
            "--team",
            "emea",
            "--statement",
            "Win the Nordics",
            "--parent",
            "become-the-obvious-choice-for-mid-sized-teams",
            "--kr",
            "Signed Nordic customers",
            "--kr",
            "Net revenue retention in the Nordics",
            "--type",
            "committed",
            "--level",
            "team",
        ],
        [
            "checkin",
            "win-the-nordics",
            "--kr",
            "kr1=0.4",
            "--confidence",
            "0.6",
            "--note",
            'Two: "big" deals # pending',
            "--date",
            "2026-11-01",
        ],
        ["new", "objective", "--from", "win-the-nordics"],
    ]
    for args in steps:
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (args, result.output, result.stderr)
    result = runner.invoke(main, ["check", "--as-of", "2026-11-15"])
    assert result.exit_code == 0, result.output
    assert " 0 errors" in result.output

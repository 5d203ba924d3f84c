"""Cases from an audit of the core against SPEC sections 2-7, 9 and 10.

Each test pins a discrepancy that was found and fixed; the hand-computed values
come from the SPEC text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import write_portal

from okrsite.cli import main

PORTAL = {
    "teams/sales.md": "---\nname: Sales\n---\n",
    "objectives/2026-Q4/grow.md": """\
        ---
        objective: Become the obvious choice for small marinas
        period: 2026-Q4
        owner: Ann Lee
        team: sales
        key_results:
          - {title: Signed marinas grow from 10 to 20, baseline: 10, target: 20, current: 15}
          - {title: Renewal share grows from 80 to 90, baseline: 80, target: 90, current: 85}
        checkins:
          - date: 2026-11-10
        ---
        """,
}

OTHER_SITE = """\
site_name: Someone else's goals
docs_dir: docs
plugins:
  - okrsite:
      company: Elsewhere Inc
      as_of: 2020-01-01
"""

OWN_SITE = """\
site_name: Acme goals
docs_dir: goals
plugins:
  - okrsite:
      company: Acme
      fiscal_year_start: 2
"""


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


# -- SPEC 10: which mkdocs.yml applies to `okrsite check DIR` --------------------------------


def test_mkdocs_yml_of_another_folder_does_not_leak_into_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mkdocs.yml in the working folder that serves another docs_dir does not apply."""
    docs = write_portal(tmp_path / "portal", PORTAL)
    work = tmp_path / "repo"
    work.mkdir()
    (work / "mkdocs.yml").write_text(OTHER_SITE, encoding="utf-8")
    monkeypatch.chdir(work)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793836800")  # 2026-11-05
    data = json.loads(invoke("export", str(docs)).output)
    assert (data["as_of"], data["company"]["name"]) == ("2026-11-05", "Company")


def test_mkdocs_yml_whose_docs_dir_is_dir_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`okrsite check site/goals` reads site/mkdocs.yml (its docs_dir is that folder)."""
    docs = write_portal(tmp_path / "site", PORTAL)
    (tmp_path / "site" / "mkdocs.yml").write_text(OWN_SITE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(invoke("export", str(docs), "--as-of", "2026-11-15").output)
    # fiscal_year_start 2: 2026-11-15 lies in FY2027 Q4 (2026-11-01 .. 2027-01-31)
    assert (data["company"]["name"], data["current_period"]) == ("Acme", "2027-Q4")
    # ... and from inside the site folder too, paths staying relative to DIR
    monkeypatch.chdir(tmp_path / "site")
    data = json.loads(invoke("export", "goals", "--as-of", "2026-11-15").output)
    assert (data["company"]["name"], data["current_period"]) == ("Acme", "2027-Q4")


# -- SPEC 10: --format github prints ::error file=...,line=...::message -----------------------


def test_github_annotation_has_the_spec_shape(tmp_path: Path) -> None:
    docs = write_portal(
        tmp_path, {**PORTAL, "teams/emea.md": "---\nname: EMEA\nparent: sals\n---\n"}
    )
    result = invoke("check", str(docs), "--as-of", "2026-11-15", "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "::error file=teams/emea.md,line=3::E007 unknown team 'sals'; did you mean 'sales'?"
    )


# -- SPEC 3/4: invalid YAML is reported on the line to fix -----------------------------------


@pytest.mark.parametrize(
    ("front", "line", "col", "tail"),
    [
        pytest.param(
            "name: [Sales\nlead: Y\n", 2, 7, "; the '[' here is never closed with ']'",
            id="unclosed-bracket",
        ),
        pytest.param(
            'name: "Sales\nlead: Y\n', 2, 7, "; the quoted text that starts here is never closed",
            id="unclosed-quote",
        ),
        pytest.param(
            "lead: Y\nname: {a: 1\n", 3, 7, "; the '{' here is never closed with '}'",
            id="unclosed-brace-on-the-last-line",
        ),
        pytest.param(
            "name: X\nlead\nmission: Y\n", 3, 1, "; this line has no ':' after its key",
            id="key-without-colon",
        ),
        pytest.param(
            "members:\n  - a\n  b: c\n", 4, 3, "did not find expected '-' indicator",
            id="bad-indent-stays-on-its-line",
        ),
        pytest.param(
            "members: [\n  a,\n  b c: d: e,\n]\n", 4, 9, "did not find expected ',' or ']'",
            id="error-inside-a-multi-line-list-stays-there",
        ),
    ],
)  # fmt: skip
def test_invalid_yaml_line(tmp_path: Path, front: str, line: int, col: int, tail: str) -> None:
    docs = write_portal(tmp_path, {"teams/sales.md": f"---\n{front}---\n"})
    result = invoke("check", str(docs), "--as-of", "2026-11-15", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.output)["findings"]
    assert (finding["code"], finding["line"], finding["col"]) == ("E001", line, col)
    assert finding["message"].startswith("invalid YAML in front matter: ")
    assert finding["message"].endswith(tail)


# -- SPEC 9: absent values are null -----------------------------------------------------------


def test_export_missing_required_text_is_null(tmp_path: Path) -> None:
    docs = write_portal(
        tmp_path,
        {
            "objectives/o.md": "---\nperiod: 2026-Q4\nkey_results:\n  - target: 5\n---\n",
            "kpis/k.md": "---\nname: K\n---\n",
        },
    )
    data = json.loads(invoke("export", str(docs), "--as-of", "2026-11-15").output)
    [objective] = data["objectives"]
    assert (objective["objective"], objective["owner"]) == (None, None)
    assert objective["key_results"][0]["title"] is None
    assert data["kpis"][0]["owner"] is None
    codes = {(f["code"], f["path"]) for f in data["findings"] if f["code"] == "E003"}
    assert codes == {("E003", "objectives/o.md"), ("E003", "kpis/k.md")}


# -- SPEC 5: a decreasing target still at its baseline has progress 0, not -0 ------------------


def test_decreasing_target_at_baseline_is_plain_zero(tmp_path: Path) -> None:
    docs = write_portal(
        tmp_path,
        {
            "objectives/o.md": """\
                ---
                objective: Make support answers quick
                period: 2026-Q4
                owner: Ann
                key_results:
                  - {title: Median reply time falls from 100 to 0 minutes, baseline: 100, target: 0}
                  - {title: Backlog falls from 40 to 10, baseline: 40, target: 10, current: 40}
                ---
                """,
        },
    )
    text = invoke("export", str(docs), "--as-of", "2026-11-15").output
    assert "-0.0" not in text
    data = json.loads(text)
    krs = data["objectives"][0]["key_results"]
    assert [(k["current"], k["progress"], k["score"]) for k in krs] == [
        (100.0, 0.0, 0.0),
        (40.0, 0.0, 0.0),
    ]
    assert data["objectives"][0]["score"] == 0.0


# -- SPEC 3: `1,234` in a KPI CSV is named as a thousands separator, at its column -----------


@pytest.mark.parametrize(
    ("csv", "at", "message"),
    [
        pytest.param(
            "date,value\n2026-10-01,1,234\n", (2, 12),
            "value '1,234' is not a number: drop the thousands separators (write 1234.5, not "
            "1,234.5)",
            id="unquoted-value",
        ),
        pytest.param(
            "date,value,note\n2026-10-01,1,234,567.5,big\n", (2, 12),
            "value '1,234,567.5' is not a number: drop the thousands separators",
            id="two-separators-before-a-note",
        ),
        pytest.param(
            "date,value,target\n2026-10-01,5,1,500\n", (2, 14),
            "target '1,500' is not a number: drop the thousands separators",
            id="unquoted-target",
        ),
        pytest.param(
            "date,value\n2026-10-01,12,5\n", (2, 1),
            "row has 3 fields but the header has 2; quote text that contains commas",
            id="not-a-grouped-number",
        ),
    ],
)  # fmt: skip
def test_unquoted_thousands_separator(
    tmp_path: Path, csv: str, at: tuple[int, int], message: str
) -> None:
    docs = write_portal(
        tmp_path, {"kpis/mrr.md": "---\nname: MRR\nowner: Ann\n---\n", "kpis/mrr.csv": csv}
    )
    result = invoke("check", str(docs), "--as-of", "2026-11-15", "--format", "json")
    [finding] = [f for f in json.loads(result.output)["findings"] if f["code"] == "E009"]
    assert (finding["path"], finding["line"], finding["col"]) == ("kpis/mrr.csv", *at)
    assert message in finding["message"]

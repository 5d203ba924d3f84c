"""The command line (SPEC section 10): exit codes, output formats, paths, schema, export."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from helpers import write_portal

from okrsite import portal as portal_module
from okrsite.cli import main
from okrsite.model import WARNING, Finding

CLEAN = {
    "teams/sales.md": "---\nname: Sales\nlead: Ann Lee\nmission: Sell to marinas\n---\n",
    "kpis/mrr.md": """\
        ---
        name: Monthly recurring revenue
        owner: Ann Lee
        team: sales
        definition: Sum of active subscriptions at month end
        source: Billing system export
        cadence: monthly
        target: 140
        ---
        """,
    "kpis/mrr.csv": "date,value\n2026-09-01,150\n2026-10-01,151\n2026-11-01,152\n",
    "objectives/2026-Q4/grow.md": """\
        ---
        objective: Become the obvious choice for small marinas
        period: 2026-Q4
        owner: Ann Lee
        team: sales
        key_results:
          - title: Grow monthly recurring revenue from 100 to 150 kUSD
            baseline: 100
            target: 150
            kpi: mrr
          - title: Raise the share of marinas renewing from 80 % to 90 %
            baseline: 80
            target: 90
            current: 84
        checkins:
          - date: 2026-11-10
            confidence: 0.7
        ---
        """,
}

BROKEN = {
    **CLEAN,
    "teams/emea.md": "---\nname: EMEA\nparent: sals\nonwer: Bo\n---\n",
}

MKDOCS_YML = """\
site_name: Acme goals
docs_dir: goals
plugins:
  - search
  - okrsite:
      company: Acme
      as_of: 2026-11-15
      {extra}
"""


def site(root: Path, files: dict[str, str], extra: str = "") -> Path:
    """A site: ``root/mkdocs.yml`` and ``root/goals``; returns root."""
    write_portal(root, files)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(extra=extra), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder: the repository's own mkdocs.yml must not leak in."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def errors_only(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.search(r": E\d{3} ", line)]


# -- exit codes -------------------------------------------------------------------------------


def test_exit_0_when_clean(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, CLEAN)
    result = invoke("check", str(docs), "--as-of", "2026-11-15")
    assert result.exit_code == 0, result.output
    assert errors_only(result.output) == []
    assert re.search(r"^Found 0 errors and \d+ warnings? in 3 files\.$", result.output, re.M)


def test_exit_1_on_errors(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, BROKEN)
    result = invoke("check", str(docs), "--as-of", "2026-11-15")
    assert result.exit_code == 1
    assert errors_only(result.output) == [
        "teams/emea.md:3:1: E007 unknown team 'sals'; did you mean 'sales'?",
        "teams/emea.md:4:1: E002 unknown key 'onwer' in team; allowed: name, parent, lead, "
        "members, mission",
    ]


@pytest.fixture
def one_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the quality checks report exactly one warning, whatever lint.py holds."""

    def lint(portal: Any, options: Any) -> list[Finding]:
        return [
            Finding(
                code="Q101",
                severity=WARNING,
                path="objectives/2026-Q4/grow.md",
                line=1,
                message="objective has 1 key result; give it 2 to 5",
            )
        ]

    monkeypatch.setattr(portal_module, "_lint", lint)


@pytest.mark.usefixtures("one_warning")
def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, CLEAN)
    relaxed = invoke("check", str(docs), "--as-of", "2026-11-15")
    assert relaxed.exit_code == 0
    assert relaxed.output == (
        "objectives/2026-Q4/grow.md:1:1: Q101 objective has 1 key result; give it 2 to 5\n"
        "Found 0 errors and 1 warning (Q101 x1) in 3 files.\n"
    )
    strict = invoke("check", str(docs), "--as-of", "2026-11-15", "--strict")
    assert strict.exit_code == 1


@pytest.mark.usefixtures("one_warning")
def test_strict_plugin_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site(tmp_path, CLEAN, extra="strict: true"))
    assert invoke("check").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["check", "{docs}", "--as-of", "2026-13-01"],
            "invalid value for --as-of: '2026-13-01' is not a date; write YYYY-MM-DD",
            id="bad-as-of",
        ),
        pytest.param(
            ["check", "{tmp}/nowhere"], "goals folder '{tmp}/nowhere' does not exist",
            id="missing-dir",
        ),
        pytest.param(
            ["check"], "no mkdocs.yml in this folder", id="no-mkdocs-yml",
        ),
        pytest.param(
            ["check", "-f", "{tmp}/missing.yml"], "cannot read {tmp}/missing.yml",
            id="missing-config-file",
        ),
        pytest.param(
            ["check", "{docs}", "--format", "xml"], "invalid value for '--format'",
            id="bad-format",
        ),
        pytest.param(["export", "--as-of", "soon", "{docs}"], "'soon' is not a date",
                     id="export-bad-as-of"),
        pytest.param(["check", "--bogus"], "no such option '--bogus'", id="unknown-option"),
    ],
)  # fmt: skip
def test_exit_2_on_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    docs = write_portal(tmp_path / "p", CLEAN)
    monkeypatch.chdir(tmp_path)
    values = {"docs": str(docs), "tmp": str(tmp_path)}
    result = invoke(*(a.format(**values) for a in args))
    assert result.exit_code == 2
    assert message.format(**values) in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("fiscal_year_start: 13", "option 'fiscal_year_start' must be a whole number from 1 to 12"),
        ("colour: blue", "unknown okrsite option(s): colour"),
        ("lint: {ignore: [X1]}", "option 'lint.ignore' must list check codes"),
    ],
)
def test_exit_2_on_bad_plugin_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, message: str
) -> None:
    monkeypatch.chdir(site(tmp_path, CLEAN, extra=extra))
    result = invoke("check")
    assert result.exit_code == 2
    assert message in result.output


def test_exit_2_on_bad_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = write_portal(tmp_path, CLEAN)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    result = invoke("check", str(docs))
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH='tomorrow' is not a Unix time" in result.output


# -- formats ----------------------------------------------------------------------------------


def test_text_format_and_summary(tmp_path: Path) -> None:
    docs = write_portal(
        tmp_path,
        {
            **BROKEN,
            "teams/ops.md": "---\nname: Ops\nparent: nobody\n---\n",
            "kpis/nps.md": "no front matter\n",
        },
    )
    result = invoke("check", str(docs), "--as-of", "2026-11-15")
    lines = result.output.splitlines()
    pattern = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[EQ]\d{3}) .+$")
    assert all(pattern.match(line) for line in lines[:-1])
    assert [line for line in lines if ": E" in line] == [
        "kpis/nps.md:1:1: E001 missing front matter: start the page with a line '---', the "
        "YAML keys, and a closing '---'",
        "teams/emea.md:3:1: E007 unknown team 'sals'; did you mean 'sales'?",
        "teams/emea.md:4:1: E002 unknown key 'onwer' in team; allowed: name, parent, lead, "
        "members, mission",
        "teams/ops.md:3:1: E007 unknown team 'nobody' (no team has that id)",
    ]
    summary = re.match(
        r"^Found 4 errors \(E001 x1, E002 x1, E007 x2\) and (\d+ warnings?.*) in 6 files\.$",
        lines[-1],
    )
    assert summary, lines[-1]


def test_summary_grammar(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, {"teams/a.md": "---\nname: A\nnope: 1\n---\n"})
    result = invoke("check", str(docs), "--as-of", "2026-11-15")
    assert re.fullmatch(
        r"Found 1 error \(E002 x1\) and \d+ warnings?( \(.*\))? in 1 file\.",
        result.output.splitlines()[-1],
    )


def test_json_format(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, BROKEN)
    result = invoke("check", str(docs), "--as-of", "2026-11-15", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    errors = [f for f in data["findings"] if f["code"].startswith("E")]
    assert errors == [
        {
            "code": "E007",
            "severity": "error",
            "path": "teams/emea.md",
            "line": 3,
            "col": 1,
            "message": "unknown team 'sals'; did you mean 'sales'?",
        },
        {
            "code": "E002",
            "severity": "error",
            "path": "teams/emea.md",
            "line": 4,
            "col": 1,
            "message": "unknown key 'onwer' in team; allowed: name, parent, lead, members, mission",
        },
    ]
    summary = data["summary"]
    assert (summary["errors"], summary["files"]) == (2, 4)
    assert summary["warnings"] == len(data["findings"]) - 2
    assert summary["by_code"]["E002"] == summary["by_code"]["E007"] == 1


_ANNOTATION = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+)::"
    r"(?P<message>(?P<title>[EQ]\d{3}) .*)$"
)


def _unescape(text: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_format(tmp_path: Path) -> None:
    docs = write_portal(
        tmp_path,
        {**BROKEN, "teams/a,b.md": "---\nname: A\nparent: 50%\n---\n"},
    )
    result = invoke("check", str(docs), "--as-of", "2026-11-15", "--format", "github")
    assert result.exit_code == 1
    parsed = []
    for line in result.output.splitlines():
        match = _ANNOTATION.match(line)
        if match and match["title"].startswith("E"):
            parsed.append(
                (
                    match["level"],
                    _unescape(match["file"]),
                    int(match["line"]),
                    match["title"],
                    _unescape(match["message"]),
                )
            )
    assert parsed == [
        ("error", "teams/a,b.md", 1, "E004",
         "E004 'a,b' is not a valid team id: rename the file using lowercase letters, digits, - "
         "and _"),
        ("error", "teams/emea.md", 3, "E007", "E007 unknown team 'sals'; did you mean 'sales'?"),
        ("error", "teams/emea.md", 4, "E002",
         "E002 unknown key 'onwer' in team; allowed: name, parent, lead, members, mission"),
    ]  # fmt: skip
    assert "file=teams/a%2Cb.md" in result.output


@pytest.mark.usefixtures("one_warning")
def test_github_format_warning(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, CLEAN)
    result = invoke("check", str(docs), "--as-of", "2026-11-15", "--format", "github")
    assert result.output.splitlines()[0] == (
        "::warning file=objectives/2026-Q4/grow.md,line=1::Q101 objective has "
        "1 key result; give it 2 to 5"
    )


# -- where paths are shown from ---------------------------------------------------------------


def test_paths_relative_to_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site(tmp_path, BROKEN))
    result = invoke("check")
    assert result.exit_code == 1
    assert errors_only(result.output)[0] == (
        "goals/teams/emea.md:3:1: E007 unknown team 'sals'; did you mean 'sales'?"
    )


def test_paths_relative_to_mkdocs_yml_given_with_f(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site(tmp_path / "repo", BROKEN)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "-f", "repo/mkdocs.yml")
    assert errors_only(result.output)[0].startswith("goals/teams/emea.md:3:1: E007")
    also = invoke("check", "repo")
    assert errors_only(also.output)[0].startswith("goals/teams/emea.md:3:1: E007")


def test_paths_relative_to_the_checked_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site(tmp_path, BROKEN))
    result = invoke("check", "goals")
    assert errors_only(result.output)[0].startswith("teams/emea.md:3:1: E007")


def test_plugin_options_are_read_from_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site(tmp_path, CLEAN, extra="fiscal_year_start: 2"))
    data = json.loads(invoke("export").output)
    assert (data["as_of"], data["current_period"], data["company"]["name"]) == (
        "2026-11-15",
        "2027-Q4",
        "Acme",
    )
    data = json.loads(invoke("export", "--as-of", "2026-01-15").output)
    assert (data["as_of"], data["current_period"]) == ("2026-01-15", "2026-Q4")


def test_as_of_from_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = write_portal(tmp_path, CLEAN)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793836800")
    assert json.loads(invoke("export", str(docs)).output)["as_of"] == "2026-11-05"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793836800")
    monkeypatch.chdir(site(tmp_path / "s", CLEAN))
    assert json.loads(invoke("export").output)["as_of"] == "2026-11-15"  # plugin option wins


# -- schema -----------------------------------------------------------------------------------

EXAMPLES: dict[str, dict[str, Any]] = {
    "team": {
        "name": "EMEA sales",
        "parent": "sales",
        "lead": "Ann Lee",
        "members": ["Bo", "José Núñez"],
        "mission": "Win *southern* Europe",
    },
    "objective": {
        "objective": "Become the obvious choice for small marinas",
        "period": "2026-Q4",
        "owner": "Ann Lee",
        "team": "sales",
        "level": "team",
        "type": "committed",
        "parent": "2026-Q4/company-growth",
        "key_results": [
            {"id": "revenue", "title": "Grow MRR", "baseline": 100, "target": 150, "kpi": "mrr",
             "unit": "kUSD", "weight": 2, "owner": "Bo", "current": 120},
            {"title": "Ship booking", "done": False, "score": 0.5},
            {"title": "EMEA delivers", "objective": "emea-deals"},
        ],
        "checkins": [
            {"date": "2026-11-01", "values": {"revenue": 110, "kr2": True}, "confidence": 0.6,
             "by": "Ann Lee", "note": "Good month"},
        ],
        "tags": ["growth"],
        "lint_ignore": ["Q101"],
    },
    "kpi": {
        "name": "Monthly recurring revenue",
        "owner": "Ann Lee",
        "team": "sales",
        "definition": "Active subscriptions",
        "source": "Billing",
        "cadence": "monthly",
        "target": 140,
        "direction": "higher",
        "warning": 120,
        "unit": "kUSD",
        "data": "mrr.csv",
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    data: dict[str, Any] = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_schema_accepts_a_valid_example(schema: dict[str, Any], kind: str) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(EXAMPLES[kind])
    kind_schema = {**schema, "anyOf": [{"$ref": f"#/$defs/{kind}"}]}
    jsonschema.Draft202012Validator(kind_schema).validate(EXAMPLES[kind])


@pytest.mark.parametrize(
    ("kind", "change"),
    [
        pytest.param("objective", {"onwer": "Ann"}, id="unknown-top-level-key"),
        pytest.param("team", {"budget": 5}, id="unknown-team-key"),
        pytest.param("kpi", {"cadence": "hourly"}, id="bad-enum"),
        pytest.param("objective", {"period": "2026-Q5"}, id="bad-period"),
        pytest.param("objective", {"key_results": []}, id="no-key-results"),
        pytest.param(
            "objective",
            {"key_results": [{"title": "Ship", "done": True, "target": 3}]},
            id="key-not-for-milestone",
        ),
        pytest.param(
            "objective", {"key_results": [{"title": "Grow", "target": 3, "wieght": 2}]},
            id="unknown-kr-key",
        ),
        pytest.param(
            "objective", {"key_results": [{"title": "Grow", "target": 3, "weight": 0}]},
            id="weight-0",
        ),
        pytest.param("objective", {"checkins": [{"confidence": 0.5}]}, id="checkin-no-date"),
    ],
)  # fmt: skip
def test_schema_rejects(schema: dict[str, Any], kind: str, change: dict[str, Any]) -> None:
    kind_schema = {**schema, "anyOf": [{"$ref": f"#/$defs/{kind}"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(kind_schema).validate({**EXAMPLES[kind], **change})


# -- export -----------------------------------------------------------------------------------


def test_export_to_stdout_and_file(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, CLEAN)
    out = tmp_path / "okrs.json"
    result = invoke("export", str(docs), "--as-of", "2026-11-15")
    assert result.exit_code == 0
    assert invoke("export", str(docs), "--as-of", "2026-11-15", "-o", str(out)).output == ""
    assert out.read_text(encoding="utf-8") == result.output
    data = json.loads(result.output)
    assert [o["id"] for o in data["objectives"]] == ["2026-Q4/grow"]
    assert data["kpis"][0]["latest"] == {"date": "2026-11-01", "value": 152.0}


def test_export_with_errors_still_exits_0(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, BROKEN)
    result = invoke("export", str(docs), "--as-of", "2026-11-15")
    assert result.exit_code == 0
    codes = [f["code"] for f in json.loads(result.output)["findings"]]
    assert {"E002", "E007"} <= set(codes)


def test_export_to_an_unwritable_place(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, CLEAN)
    result = CliRunner().invoke(main, ["export", str(docs), "-o", str(tmp_path / "no/such.json")])
    assert result.exit_code == 1
    assert "Could not open file" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_two_cli_exports_are_byte_identical(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, BROKEN)
    first = invoke("export", str(docs), "--as-of", "2026-11-15").stdout_bytes
    second = invoke("export", str(docs), "--as-of", "2026-11-15").stdout_bytes
    assert first == second


# -- a real process: no traceback for a malformed portal --------------------------------------

MALFORMED = {
    "teams/a.md": "---\nname: [unclosed\n---\n",
    "teams/b.md": "---\n- a list\n---\n",
    "teams/c.md": "---\nname: &x A\nlead: *x\nparent: c\n---\n",
    "objectives/o.md": "---\nobjective: !!python/object:os.system x\nkey_results: 7\n---\n",
    "objectives/p.md": textwrap.dedent(
        """\
        ---
        objective: Loop
        period: 2026-Q9
        owner: 5
        parent: p
        key_results:
          - {title: a, objective: p}
          - {title: b, target: 1, baseline: 1, weight: -1}
          - [1, 2]
          - 7
        checkins:
          - date: 2026-02-30
            values: {kr9: 1, kr1: 2}
          - 5
        ---
        """
    ),
    "kpis/k.md": "---\nname: K\nowner: O\ndata: ../../../etc/passwd\n---\n",
    "kpis/m.md": "---\nname: M\nowner: O\n---\n",
    "kpis/m.csv": 'date,value,x\n"2026,1\n2026-01-01,1,2,3\n\x85\n',
}


def test_subprocess_reports_without_traceback(tmp_path: Path) -> None:
    docs = write_portal(tmp_path, MALFORMED)
    (docs / "teams/d.md").write_bytes(b"---\nname: \xff\xfe\n---\n")
    done = _program("check", str(docs), "--as-of", "2026-11-15", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ""
    assert "Traceback" not in done.stdout
    codes = set(re.findall(r": (E\d{3}) ", done.stdout))
    assert {"E001", "E004", "E007", "E008", "E009", "E010"} <= codes
    assert done.stdout.splitlines()[-1].startswith("Found ")


def _program(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The okrsite program as installed (:func:`okrsite.cli.entry`), its output piped."""
    okrsite = Path(sys.executable).with_name("okrsite")
    return subprocess.run(
        [str(okrsite), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_program_exits_with_the_commands_status_and_all_its_output(tmp_path: Path) -> None:
    clean = write_portal(tmp_path / "clean", CLEAN)
    done = _program("check", str(clean), "--as-of", "2026-11-15", cwd=tmp_path)
    in_process = invoke("check", str(clean), "--as-of", "2026-11-15")
    assert done.returncode == 0, done.stderr
    assert done.stdout == in_process.output  # flushed to the last line before the quick exit
    broken = write_portal(tmp_path / "broken", BROKEN)
    done = _program("check", str(broken), "--as-of", "2026-11-15", cwd=tmp_path)
    assert done.returncode == 1
    assert "E007 unknown team 'sals'" in done.stdout
    usage = _program("check", "--format", "xml", cwd=tmp_path)
    assert usage.returncode == 2 and "invalid value for '--format'" in usage.stderr
    exported = _program("export", str(clean), "--as-of", "2026-11-15", cwd=tmp_path)
    assert exported.returncode == 0 and json.loads(exported.stdout)


def test_exit_status_is_that_of_sys_exit(capsys: pytest.CaptureFixture[str]) -> None:
    from okrsite.cli import _exit_status

    assert _exit_status(None) == 0
    assert _exit_status(1) == 1
    assert _exit_status(256 + 2) == 2
    assert _exit_status("okrsite: stopped") == 1
    assert capsys.readouterr().err == "okrsite: stopped\n"

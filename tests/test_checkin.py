"""``okrsite checkin``: one check-in appended, every other byte kept."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from okrsite.authoring.checkin import (
    CheckinError,
    append_checkin,
    checkin_file,
    split_front_matter,
    yaml_number,
    yaml_string,
)
from okrsite.cli.edit import checkin_cmd, parse_kr_value

OBJECTIVE = """\
---
# Retention is the theme of the quarter.
objective: "Keep customers: longer"   # quoted, with a colon
'period': 2026-Q4
owner: Ana García
checkins:
    -   date: 2026-10-01
        values:
            kr1: 20
        note: |
          # Not a comment: a Markdown heading.

    -   date: 2026-10-15
        values: {kr1: 25}   # flow mapping, comment after it
  # A draft check-in, commented out:
  # - date: 2026-10-30
key_results:
  - title: Monthly churn
    baseline: 30
    target: 10
  - id: launch
    title: Win-back programme live
    done: false
  - title: Aligned result
    objective: 2026-Q4/platform

tags: [retention]
---

Body text with --- and a checkins: line.
"""


def _insertion(old: str, new: str) -> tuple[int, str]:
    """Assert ``new`` is ``old`` with one contiguous block inserted; return (index, block)."""
    index = 0
    while index < len(old) and old[index] == new[index]:
        index += 1
    extra = len(new) - len(old)
    assert extra > 0
    assert new[index + extra :] == old[index:]
    return index, new[index : index + extra]


def _front(text: str) -> dict[str, Any]:
    data = yaml.safe_load(split_front_matter(text).text)
    assert isinstance(data, dict)
    return data


def _add(text: str, **kwargs: Any) -> str:
    kwargs.setdefault("date", "2026-11-15")
    kwargs.setdefault("values", {})
    return append_checkin(text, **kwargs)


# ------------------------------------------------------------ byte-exact edits


def test_list_in_the_middle_with_comments_and_odd_indentation() -> None:
    new = _add(
        OBJECTIVE,
        values={"launch": True, "kr1": 22.5},
        confidence=0.6,
        by="José Núñez",
        note="Slower than planned: see #42",
    )
    block = (
        "    -   date: 2026-11-15\n"
        "        values:\n"
        "            kr1: 22.5\n"
        "            launch: true\n"
        "        confidence: 0.6\n"
        "        by: José Núñez\n"
        '        note: "Slower than planned: see #42"\n'
    )
    anchor = (
        "    -   date: 2026-10-15\n        values: {kr1: 25}   # flow mapping, comment after it\n"
    )
    assert new == OBJECTIVE.replace(anchor, anchor + block)
    assert new.replace(block, "", 1) == OBJECTIVE


def test_no_checkins_key_appends_one_in_the_key_results_style() -> None:
    old = (
        "---\nobjective: Grow\nperiod: 2026-Q4\nowner: Ana\n"
        "key_results:\n- title: A\n  target: 5\n---\nBody\n"
    )
    new = _add(old, values={"kr1": 3})
    assert new == old.replace(
        "  target: 5\n", "  target: 5\ncheckins:\n- date: 2026-11-15\n  values:\n    kr1: 3\n"
    )


def test_no_checkins_key_after_trailing_comment_and_blank_line() -> None:
    old = "---\nobjective: Grow\nkey_results:\n  - title: A\n    target: 5\n# end\n\n---\n"
    new = _add(old, values={"kr1": 4})
    index, block = _insertion(old, new)
    assert index == old.index("\n---\n") + 1
    assert block == "checkins:\n  - date: 2026-11-15\n    values:\n      kr1: 4\n"


def test_crlf_and_bom_are_kept() -> None:
    old = (
        "\ufeff---\r\nobjective: Grow\r\nkey_results:\r\n  - title: A\r\n    target: 5\r\n"
        "checkins:\r\n  - date: 2026-10-01\r\n    confidence: 0.5\r\n---\r\nBody\r\n"
    )
    new = _add(old, confidence=0.8)
    assert new == old.replace(
        "    confidence: 0.5\r\n",
        "    confidence: 0.5\r\n  - date: 2026-11-15\r\n    confidence: 0.8\r\n",
    )


def test_empty_flow_list_is_replaced() -> None:
    old = (
        "---\nobjective: Grow\ncheckins: []   # none yet\n"
        "key_results:\n  - title: A\n    target: 5\n---\n"
    )
    new = _add(old, values={"kr1": 1})
    assert new == old.replace(
        "checkins: []   # none yet\n",
        "checkins:   # none yet\n  - date: 2026-11-15\n    values:\n      kr1: 1\n",
    )


@pytest.mark.parametrize("value", ["", " ~", " null"])
def test_empty_or_null_checkins(value: str) -> None:
    old = (
        f"---\nobjective: Grow\ncheckins:{value}\nkey_results:\n  - title: A\n    target: 5\n---\n"
    )
    new = _add(old, values={"kr1": 1})
    assert new == old.replace(
        f"checkins:{value}\n", "checkins:\n  - date: 2026-11-15\n    values:\n      kr1: 1\n"
    )


def test_last_item_with_block_scalar_and_keep_chomping() -> None:
    old = (
        "---\nobjective: Grow\nkey_results:\n  - title: A\n    target: 5\n"
        "checkins:\n  - date: 2026-10-01\n    note: |+\n      line\n\n# after\nowner: Ana\n---\n"
    )
    new = _add(old, values={"kr1": 2})
    assert _front(new)["checkins"][0]["note"] == "line\n\n"
    index, block = _insertion(old, new)
    assert old[index:].startswith("# after\n")
    assert block == "  - date: 2026-11-15\n    values:\n      kr1: 2\n"


def test_flow_mapping_item_and_quoted_checkins_key() -> None:
    old = (
        '---\nobjective: Grow\nkey_results: [{title: A, target: 5}]\n"checkins":\n'
        "- {date: 2026-10-01, values: {kr1: 1}}\n---\n"
    )
    new = _add(old, values={"kr1": 2})
    assert new == old.replace(
        "values: {kr1: 1}}\n", "values: {kr1: 1}}\n- date: 2026-11-15\n  values:\n    kr1: 2\n"
    )


def test_nested_values_indentation_follows_existing_checkins() -> None:
    old = (
        "---\nobjective: Grow\nkey_results:\n  - title: A\n    target: 5\n"
        "checkins:\n  - date: 2026-10-01\n    values:\n        kr1: 1\n---\n"
    )
    new = _add(old, values={"kr1": 2})
    assert new.endswith("        kr1: 1\n  - date: 2026-11-15\n    values:\n        kr1: 2\n---\n")


def test_indented_root_mapping() -> None:
    old = "---\n  objective: Grow\n  key_results:\n    - title: A\n      target: 5\n---\n"
    new = _add(old, confidence=0.5)
    assert new.endswith("  checkins:\n    - date: 2026-11-15\n      confidence: 0.5\n---\n")


def test_result_parses_to_old_plus_item() -> None:
    new = _add(OBJECTIVE, values={"kr1": 12}, note="ok")
    old_data, new_data = _front(OBJECTIVE), _front(new)
    appended = new_data["checkins"].pop()
    assert new_data == old_data
    assert appended == {"date": date(2026, 11, 15), "values": {"kr1": 12}, "note": "ok"}


# ------------------------------------------------------------------ scalars


@pytest.mark.parametrize(
    "text",
    [
        'He said "no": really? # not a comment',
        "line one\nline two\r\n\ttabbed",
        "back\\slash and 'single' quotes",
        "yes",
        "null",
        "2026-11-15",
        "123",
        "- dash first",
        "ünïcödé ✓ 漢字",
        "sep\u2028and\u2029para\x85nel",
        "bom\ufeff inside and \x00 nul \x7f del",
        " leading and trailing ",
        "",
        "*star* _under_ <b>html</b> | pipe",
    ],
)
def test_strings_round_trip(text: str) -> None:
    assert yaml.safe_load(f"key: {yaml_string(text)}") == {"key": text}


@given(st.text())
def test_any_note_round_trips(note: str) -> None:
    old = "---\nobjective: Grow\nkey_results:\n  - title: A\n    target: 5\n---\n"
    new = _add(old, note=note, by=note)
    item = _front(new)["checkins"][-1]
    assert item["note"] == note and item["by"] == note


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (42.0, "42"),
        (-3, "-3"),
        (0.1, "0.1"),
        (1e-7, "1.0e-07"),
        (1e20, "1.0e+20"),
        (2.5e15, "2500000000000000"),
        (1e16, "1.0e+16"),
    ],
)
def test_numbers(number: float, text: str) -> None:
    assert yaml_number(number) == text
    assert yaml.safe_load(text) == number


def test_kr_ids_that_yaml_would_not_read_as_strings_are_quoted() -> None:
    old = "---\nobjective: Grow\nkey_results:\n  - id: 'yes'\n    title: A\n    target: 5\n---\n"
    new = _add(old, values={"yes": 3})
    assert '      "yes": 3\n' in new
    assert _front(new)["checkins"][0]["values"] == {"yes": 3}


# ----------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        (
            "objective: Grow\n",
            {"confidence": 0.5},
            "the page has no front matter: its first line must be '---'; fix the page "
            "(okrsite check shows the problems) and run again",
        ),
        (
            "---\nobjective: Grow\n",
            {"confidence": 0.5},
            "the front matter is not closed: add a line '---' after it and run again",
        ),
        (
            "---\nobjective: Grow\nkey_results:\n  - title: A\n    target: 5\n"
            "checkins: [{date: 2026-10-01}]\n---\n",
            {"confidence": 0.5},
            "checkins is written in flow style ([...]); rewrite it as a block list "
            "(one '- date: ...' item per line) and run again",
        ),
        (
            "---\nobjective: Grow\nkey_results:\n  - title: A\n    target: 5\n"
            "checkins:\n  date: 2026-10-01\n---\n",
            {"confidence": 0.5},
            "checkins is not a list; make it a list of check-ins ('- date: ...' items) "
            "and run again",
        ),
        (
            "---\nobjective: Grow\nkey_results:\n  - title: A\n    target: 5\n"
            "checkins: []\ncheckins: []\n---\n",
            {"confidence": 0.5},
            "the front matter has 2 'checkins' keys; merge them into one and run again",
        ),
        (
            "---\nobjective: Grow\n---\n",
            {"confidence": 0.5},
            "the page has no key_results list; is it an objective page? Run okrsite check "
            "to see what is wrong with it",
        ),
        (
            "---\n- a\n- b\n---\n",
            {"confidence": 0.5},
            "the front matter is not a mapping of keys; is this an objective page?",
        ),
        (
            "---\nobjective: [unclosed\n---\n",
            {"confidence": 0.5},
            "the front matter is not valid YAML (front matter line 2); fix it "
            "(okrsite check) and run again",
        ),
        (
            "---\nx: &list\n  - date: 2026-10-01\nobjective: Grow\n"
            "key_results:\n  - title: A\n    target: 5\ncheckins: *list\n---\n",
            {"confidence": 0.5},
            "checkins refers to a YAML anchor defined elsewhere (*alias); write the list out "
            "under checkins: and run again",
        ),
        (
            OBJECTIVE,
            {"values": {"kr9": 1}},
            "no key result 'kr9' in this objective; its key results are: kr1, launch, kr3",
        ),
        (
            OBJECTIVE,
            {"values": {"kr1": True}},
            "key result kr1 is numeric: give a number, not True",
        ),
        (
            OBJECTIVE,
            {"values": {"launch": 1}},
            "key result launch is a milestone: give true or false, not 1",
        ),
        (
            OBJECTIVE,
            {"values": {"kr3": 0.5}},
            "key result kr3 takes its score from objective "
            "'2026-Q4/platform'; check in on that objective instead",
        ),
        (
            OBJECTIVE,
            {"values": {"kr1": float("nan")}},
            "key result kr1: nan is not a finite number",
        ),
        (OBJECTIVE, {"confidence": 1.5}, "confidence 1.5 is outside 0..1; give e.g. 0.7 for 70 %"),
        (
            OBJECTIVE,
            {"date": "15/11/2026", "confidence": 0.5},
            "date '15/11/2026' is not YYYY-MM-DD; write e.g. 2026-11-15",
        ),
        (
            OBJECTIVE,
            {"date": "2026-02-30", "confidence": 0.5},
            "date 2026-02-30 does not exist; check the day and month",
        ),
        (OBJECTIVE, {}, "nothing to check in: give at least one value, a confidence or a note"),
    ],
)
def test_refusals(text: str, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(CheckinError) as info:
        _add(text, **kwargs)
    assert str(info.value) == message


def test_alias_elsewhere_that_would_change_is_refused_by_verification() -> None:
    # The anchored list is shared: appending to it would change `history` too.
    old = (
        "---\nobjective: Grow\nkey_results:\n  - title: A\n    target: 5\n"
        "checkins: &c\n  - date: 2026-10-01\nhistory: *c\n---\n"
    )
    with pytest.raises(CheckinError, match="without changing other content"):
        _add(old, confidence=0.5)


# --------------------------------------------------------------------- files


def test_checkin_file_keeps_bom_crlf_and_mode(tmp_path: Path) -> None:
    page = tmp_path / "o.md"
    old = (
        b"\xef\xbb\xbf---\r\nobjective: Grow\r\n"
        b"key_results:\r\n  - title: A\r\n    target: 5\r\n---\r\n"
    )
    page.write_bytes(old)
    page.chmod(0o640)
    checkin_file(page, date="2026-11-15", values={"kr1": 1})
    assert page.read_bytes() == old.replace(
        b"    target: 5\r\n",
        b"    target: 5\r\ncheckins:\r\n  - date: 2026-11-15\r\n    values:\r\n      kr1: 1\r\n",
    )
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["o.md"]


def test_checkin_file_refuses_non_utf8_and_leaves_it(tmp_path: Path) -> None:
    page = tmp_path / "o.md"
    old = "---\nobjective: Café\n---\n".encode("latin-1")
    page.write_bytes(old)
    with pytest.raises(CheckinError, match="is not UTF-8"):
        checkin_file(page, date="2026-11-15", values={}, confidence=0.5)
    assert page.read_bytes() == old


# ----------------------------------------------------------------------- CLI

SITE = "site_name: Acme\ndocs_dir: goals\nplugins:\n  - okrsite:\n      objectives_dir: okrs\n"
PAGE = (
    "---\nobjective: Grow\nperiod: 2026-Q4\nowner: Ana\nkey_results:\n"
    "  - title: A\n    target: 5\n  - title: B\n    done: false\n---\n"
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text(SITE)
    for objective_id in ("2026-Q4/grow", "2026-Q3/retain", "2026-Q4/retain"):
        path = tmp_path / "goals" / "okrs" / f"{objective_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763164800")  # 2025-11-15
    return tmp_path


def test_cli_checkin_by_stem(site: Path) -> None:
    result = CliRunner().invoke(
        checkin_cmd, ["grow", "--kr", "kr1=3", "--kr", "kr2=TRUE", "--confidence", "0.7"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "checked in 2025-11-15 on goals/okrs/2026-Q4/grow.md\n"
    text = (site / "goals/okrs/2026-Q4/grow.md").read_text()
    assert text == PAGE.replace(
        "    done: false\n",
        "    done: false\ncheckins:\n  - date: 2025-11-15\n    values:\n      kr1: 3\n"
        "      kr2: true\n    confidence: 0.7\n",
    )


def test_cli_checkin_by_file_path_and_date(site: Path) -> None:
    result = CliRunner().invoke(
        checkin_cmd, ["goals/okrs/2026-Q3/retain.md", "--note", "ok", "--date", "2026-09-30"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "  - date: 2026-09-30\n    note: ok\n"
        in (site / "goals/okrs/2026-Q3/retain.md").read_text()
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["retain", "--confidence", "0.5"],
            1,
            "objective reference 'retain' is ambiguous: it could be 2026-Q3/retain, "
            "2026-Q4/retain; write the full id",
        ),
        (["grw", "--confidence", "0.5"], 1, "unknown objective 'grw'; closest: grow"),
        (
            ["grow", "--kr", "kr1"],
            2,
            "--kr 'kr1': write ID=VALUE, e.g. --kr kr1=42 or --kr kr2=true",
        ),
        (["grow", "--kr", "kr1=12%"], 2, "--kr kr1: '12%' is not a number or true/false"),
        (["grow", "--kr", "kr1=1", "--kr", "kr1=2"], 2, "--kr kr1 is given twice"),
        (["grow", "--confidence", "70"], 2, "--confidence 70 is outside 0..1 (70 % is 0.7)"),
        (["grow"], 2, "nothing to check in: give --kr ID=VALUE, --confidence or --note"),
        (["grow", "--note", "x", "--date", "2026-11-31"], 2, "--date 2026-11-31 does not exist"),
        (
            ["grow", "--kr", "kr2=3"],
            1,
            "goals/okrs/2026-Q4/grow.md: key result kr2 is a "
            "milestone: give true or false, not 3.0",
        ),
        (["grow", "--bogus"], 2, "no such option '--bogus' (see 'checkin --help')"),
    ],
)
def test_cli_checkin_errors(site: Path, args: list[str], code: int, message: str) -> None:
    before = (site / "goals/okrs/2026-Q4/grow.md").read_text()
    result = CliRunner().invoke(checkin_cmd, args)
    assert result.exit_code == code
    assert result.stderr == f"okrsite: error: {message}\n"
    assert result.stdout == ""
    assert (site / "goals/okrs/2026-Q4/grow.md").read_text() == before


def test_cli_checkin_without_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(checkin_cmd, ["grow", "--note", "x"])
    assert result.exit_code == 2
    assert result.stderr == (
        "okrsite: error: no mkdocs.yml in this folder: run okrsite where mkdocs.yml is, or name "
        "the goals folder (--dir goals/)\n"
    )


def test_cli_bad_source_date_epoch(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    result = CliRunner().invoke(checkin_cmd, ["grow", "--note", "x"])
    assert result.exit_code == 2
    assert result.stderr == "okrsite: error: SOURCE_DATE_EPOCH='soon' is not a number of seconds\n"


@pytest.mark.parametrize(
    ("text", "value"), [("true", True), ("False", False), ("42", 42.0), ("-1.5e3", -1500.0)]
)
def test_parse_kr_value(text: str, value: float | bool) -> None:
    assert parse_kr_value(text) == value
    assert type(parse_kr_value(text)) is type(value)


@pytest.mark.parametrize("text", ["", "nan", "inf", "1,000", "12%", "yes", "0x10", "1_000"])
def test_parse_kr_value_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_kr_value(text)


def test_checkins_as_the_first_key() -> None:
    old = (
        "---\ncheckins:\n- date: 2026-10-01  # first\n  confidence: 0.4\n"
        "objective: Grow\nkey_results:\n  - title: A\n    target: 5\n---\n"
    )
    new = _add(old, values={"kr1": 2}, confidence=0.5)
    block = "- date: 2026-11-15\n  values:\n    kr1: 2\n  confidence: 0.5\n"
    assert new == old.replace("  confidence: 0.4\n", "  confidence: 0.4\n" + block)

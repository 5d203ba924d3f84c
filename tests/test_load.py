"""The loader: front matter -> located Node trees, CSV -> located cells; E001, E005, E009."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import write_portal

from okrsite.options import Options
from okrsite.portal import build_portal
from okrsite.source import load
from okrsite.source.load import load_csv, load_page, parse_csv, parse_page


def _findings(page: load.RawPage) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.col) for f in page.findings]


# -- positions --------------------------------------------------------------------------------


def test_nodes_remember_file_lines_and_columns() -> None:
    page = parse_page(
        "---\n"
        "objective: Make it so\n"
        "period: 2026-Q4\n"
        "key_results:\n"
        "  - title: Grow\n"
        "    target: 5\n"
        "---\n"
        "Body text\n",
        "objectives/o.md",
    )
    assert page.findings == []
    assert page.front is not None
    front = page.front.value
    assert (front["objective"].key_line, front["objective"].key_col) == (2, 1)
    assert (front["objective"].line, front["objective"].col) == (2, 12)
    period = front["period"]
    assert (period.value, period.raw, period.quoted) == ("2026-Q4", "2026-Q4", False)
    item = front["key_results"].value[0]
    assert (item.kind, item.line, item.col) == ("map", 5, 5)
    assert item.value["target"].at == (6, 5)
    assert item.value["target"].value == 5
    assert page.body == "Body text\n"
    assert page.body_line == 8
    assert page.front.plain() == {
        "objective": "Make it so",
        "period": "2026-Q4",
        "key_results": [{"title": "Grow", "target": 5}],
    }


def test_scalars_keep_their_source_text() -> None:
    page = parse_page(
        "---\na: 2026\nb: '2026'\nc: 2026-11-15\nd: 1e3\ne: yes\nf: true\ng:\n---\n", "x.md"
    )
    assert page.front is not None
    v = page.front.value
    assert (v["a"].value, v["a"].raw, v["a"].quoted) == (2026, "2026", False)
    assert (v["b"].value, v["b"].quoted) == ("2026", True)
    assert v["c"].value == "2026-11-15"  # dates stay text: validate.py judges them
    assert (v["e"].value, v["e"].raw) == (True, "yes")  # YAML 1.1; text fields use raw
    assert v["f"].value is True
    assert v["g"].value is None


def test_empty_front_matter_is_an_empty_mapping() -> None:
    page = parse_page("---\n---\nbody\n", "x.md")
    assert page.findings == []
    assert page.front is not None
    assert page.front.value == {}


def test_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\nname: Sales\r\n---\r\nBody\r\n")
    page = load_page(path, "teams/x.md")
    assert page.findings == []
    assert page.front is not None
    assert page.front.value["name"].value == "Sales"
    assert page.front.value["name"].at == (2, 1)


# -- E001 and E005 through the pipeline --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        pytest.param(
            "Just a body\n", 1, 1, "missing front matter: start the page with a line '---'",
            id="missing-front-matter",
        ),
        pytest.param(
            "---\nname: X\nlead: Y\n", 1, 1, "front matter is not closed",
            id="unclosed-front-matter",
        ),
        pytest.param(
            "---\nname: [Sales\nlead: Y\n---\n", 2, 7, "invalid YAML in front matter",
            id="invalid-yaml",
        ),
        pytest.param(
            "---\nname: X\n\tlead: Y\n---\n", 3, 1, "indent with spaces, not tabs",
            id="tabs",
        ),
        pytest.param(
            "---\n- a\n- b\n---\n", 2, 1, "front matter must be a mapping of keys to values "
            "(key: value), not a list",
            id="front-matter-list",
        ),
        pytest.param(
            "---\njust words\n---\n", 2, 1, "not a single value", id="front-matter-scalar",
        ),
        pytest.param(
            "---\nname: X\nlead: !!python/object:os.system echo\n---\n", 3, 7,
            "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
            id="python-object-tag",
        ),
        pytest.param(
            "---\nname: X\nlead: !!python/name:os.system\n---\n", 3, 7,
            "is not allowed; goal pages hold plain values only",
            id="python-name-tag",
        ),
        pytest.param(
            "---\nname: X\nmembers: !!set {a, b}\n---\n", 3, 10, "YAML tag", id="set-tag",
        ),
        pytest.param(
            "---\nname: &n X\nlead: *n\n---\n", 2, 7,
            "YAML anchors and aliases (&name / *name) are not supported",
            id="alias",
        ),
        pytest.param(
            "---\nname: X\nx: &a [1]\n<<: {lead: y}\n---\n", 4, 1,
            "YAML merge keys (<<) are not supported",
            id="merge-key",
        ),
    ],
)  # fmt: skip
def test_e001(tmp_path: Path, text: str, line: int, col: int, message: str) -> None:
    docs = write_portal(tmp_path, {"teams/sales.md": text})
    portal = build_portal(docs, Options(), as_of=date(2026, 11, 15))
    e001 = [f for f in portal.findings if f.code == "E001"]
    assert [(f.path, f.line, f.col) for f in e001] == [("teams/sales.md", line, col)]
    assert message in e001[0].message


@pytest.mark.parametrize(
    "value", ["!!python/object:os.system echo", "*x", "!!binary aGk="], ids=["tag", "alias", "bin"]
)
def test_a_refused_value_is_one_finding_not_two(tmp_path: Path, value: str) -> None:
    """The key of a refused value still counts as given: no extra 'missing key' (E003)."""
    docs = write_portal(tmp_path, {"teams/sales.md": f"---\nlead: &x Ann\nname: {value}\n---\n"})
    portal = build_portal(docs, Options(), as_of=date(2026, 11, 15))
    assert [(f.code, f.line) for f in portal.findings if f.code.startswith("E")] == [
        ("E001", 2 if value == "*x" else 3)
    ]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["---", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    page = parse_page("\n".join([*lines, "---", ""]), "x.md")
    assert {f.code for f in page.findings} == {"E001"}
    assert page.front is not None
    assert page.front.value["l9"].value == []


@pytest.mark.parametrize(
    ("data", "line", "col", "message"),
    [
        pytest.param(b"---\nname: caf\xe9\n---\n", 2, 10, "not valid UTF-8 (byte 0xe9)", id="utf8"),
        pytest.param(b"---\nname: \x00\n---\n", 2, 1, "NUL bytes", id="nul"),
    ],
)
def test_e001_bytes(tmp_path: Path, data: bytes, line: int, col: int, message: str) -> None:
    docs = write_portal(tmp_path, {})
    (docs / "teams").mkdir()
    (docs / "teams/sales.md").write_bytes(data)
    portal = build_portal(docs, Options(), as_of=date(2026, 11, 15))
    found = [f for f in portal.findings if f.code.startswith("E")]
    assert [(f.code, f.path, f.line, f.col) for f in found] == [
        ("E001", "teams/sales.md", line, col)
    ]
    assert message in found[0].message


def test_e001_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_PAGE_BYTES", 10)
    path = tmp_path / "x.md"
    path.write_text("---\nname: Sales team\n---\n", encoding="utf-8")
    page = load_page(path, "teams/x.md")
    assert _findings(page) == [("E001", 1, 1)]
    assert "over the 10-byte limit" in page.findings[0].message


def test_e001_unreadable(tmp_path: Path) -> None:
    page = load_page(tmp_path / "gone.md", "teams/gone.md")
    assert _findings(page) == [("E001", 1, 1)]
    assert page.findings[0].message.startswith("cannot read file")


def test_e005_duplicate_key_points_at_the_second() -> None:
    page = parse_page("---\nname: Sales\nlead: Ann\nname: Sales team\n---\n", "teams/sales.md")
    assert _findings(page) == [("E005", 4, 1)]
    assert page.findings[0].message == "duplicate key 'name' (first set on line 2); keep only one"
    assert page.front is not None
    assert page.front.value["name"].value == "Sales"


def test_e005_nested_duplicate_key() -> None:
    page = parse_page(
        "---\nkey_results:\n  - title: A\n    target: 5\n    target: 6\n---\n", "objectives/o.md"
    )
    assert _findings(page) == [("E005", 5, 5)]


def test_non_scalar_key_is_e004() -> None:
    page = parse_page("---\n[a, b]: 1\nname: X\n---\n", "teams/x.md")
    assert _findings(page) == [("E004", 2, 1)]


# -- CSV --------------------------------------------------------------------------------------


def test_csv_cells_know_their_columns() -> None:
    raw = parse_csv('date,value,note\n\n2026-10-01,5,"a, b"\n2026-11-01,,""""\n', "k.csv")
    assert raw.findings == []
    assert [c.text for c in raw.header] == ["date", "value", "note"]
    assert raw.header_line == 1
    (line1, cells1), (line2, cells2) = raw.rows
    assert (line1, [(c.text, c.col) for c in cells1]) == (
        3,
        [("2026-10-01", 1), ("5", 12), ("a, b", 14)],
    )
    assert (line2, [(c.text, c.col) for c in cells2]) == (
        4,
        [("2026-11-01", 1), ("", 12), ('"', 13)],
    )


def test_csv_trailing_comma_is_an_empty_last_cell() -> None:
    raw = parse_csv("date,value,note\n2026-10-01,5,\n", "k.csv")
    assert [(c.text, c.col) for c in raw.rows[0][1]] == [("2026-10-01", 1), ("5", 12), ("", 14)]


@pytest.mark.parametrize(
    ("line", "col", "message"),
    [
        ('2026-10-01,"5', 12, "unterminated quote"),
        ('2026-10-01,"5"x', 15, "unexpected text after a closing quote"),
    ],
)
def test_csv_quote_errors(line: str, col: int, message: str) -> None:
    raw = parse_csv(f"date,value\n{line}\n", "k.csv")
    assert [(f.code, f.line, f.col) for f in raw.findings] == [("E009", 2, col)]
    assert message in raw.findings[0].message


def test_csv_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes(b"\xef\xbb\xbfdate,value\r\n2026-10-01,5\r\n")
    raw = load_csv(path, "kpis/k.csv")
    assert raw.findings == []
    assert [c.text for c in raw.header] == ["date", "value"]
    assert [c.text for c in raw.rows[0][1]] == ["2026-10-01", "5"]


def test_csv_invalid_utf8_is_e009(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes(b"date,value,note\n2026-10-01,5,caf\xe9\n")
    raw = load_csv(path, "kpis/k.csv")
    assert [(f.code, f.line, f.col) for f in raw.findings] == [("E009", 2, 17)]

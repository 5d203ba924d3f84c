"""The fast front-matter reader must read exactly what PyYAML reads, or step aside."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate_portal
from okrsite.source import plainyaml
from okrsite.source.load import MAX_NODES, Node, _Loader, _TreeBuilder, split_front_matter

ROOT = Path(__file__).resolve().parent.parent


def _pyyaml(text: str) -> tuple[Node | None, list[Any]]:
    """The tree and findings of the PyYAML path, or (None, ...) when it cannot read it."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None, ["error"]
    if not isinstance(root, yaml.MappingNode):
        return None, ["not a mapping"]
    builder = _TreeBuilder("x.md")
    return builder.build(root), builder.findings


def _shape(node: Node | None) -> Any:
    """A comparable form of a tree; NaN equals NaN, 1 differs from 1.0 and True."""
    if node is None:
        return None
    if node.kind == "map":
        value: Any = {k: _shape(v) for k, v in node.value.items()}
    elif node.kind == "seq":
        value = [_shape(v) for v in node.value]
    elif isinstance(node.value, float) and math.isnan(node.value):
        value = "nan"
    else:
        value = (type(node.value).__name__, node.value)
    fields = (node.line, node.col, node.kind, node.raw, node.quoted, node.key_line, node.key_col)
    return (value, fields)


def _assert_same_or_declined(text: str) -> bool:
    """The plain reader's tree equals PyYAML's, or it declines; True when it read the text."""
    fast = plainyaml.read(text, MAX_NODES)
    if fast is None:
        return False
    slow, findings = _pyyaml(text)
    assert findings == [], f"the plain reader accepted what PyYAML reports: {text!r}"
    assert _shape(fast) == _shape(slow), text
    return True


def _front_matters(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.rglob("*.md")):
        front, *_ = split_front_matter(path.read_text(encoding="utf-8"), path.name)
        if front is not None:
            texts.append(front)
    return texts


def test_example_portal_reads_the_same() -> None:
    texts = _front_matters(ROOT / "goals")
    read = [_assert_same_or_declined(text) for text in texts]
    assert len(texts) > 30
    assert sum(read) / len(read) > 0.9  # the example keeps to the plain subset


def test_generated_portal_is_read_without_pyyaml(tmp_path: Path) -> None:
    generate_portal("XS", tmp_path)
    texts = _front_matters(tmp_path / "goals")
    assert texts
    assert all(_assert_same_or_declined(text) for text in texts)


SAME = [
    "a: 1\nb: 1.5\nc: -2\nd: +3\ne: 0x1f\nf: 012\ng: 1_000\nh: 1e3\ni: .5\nj: 1.0e+3\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: ~\nf: null\ng: Null\nh: true\n",
    "a: .nan\nb: -.inf\nc: .Inf\nd: 12:30\ne: 190:20:30.15\n",
    "a: 2026-10-07\nb: 2026-10-07 12:00:00\nc: 2026-13-45\nd: 2026-1-7\n",
    "title: Fix bug #12\nb: a#b\nc: http://example.com/x?y=1\nd: a, b, c\ne: x]\n",
    "a: 'it''s'   # c\nb: \"say: hi\"\nc: ''\nd: \"\"\ne: '#x'\n",
    "key_results:\n- title: A\n  target: 5\n- title: B\n  done: false\nnext: 1\n",
    "key_results:\n  - title: A\n    target: 5\n  -   title: B\n      kpi: k\n",
    "values: {kr1: 4.29, kr2: yes}\ntags: [a, b c, -1, 2026-10-01]\nempty: []\nnone: {}\n",
    "a: [x,y]   # c\nb: {k:  v}\n",
    "outer:\n  inner:\n    deep: 1\n  back: 2\nlast: 3\n",
    "items:\n- a\n- 'b'\n- \"c\"\n- [d]\n- {e: f}\n",
    "a:\n- x:\n  - 1\n  - 2\n  y: 3\n",
    "# leading comment\n\na: 1   \n  # indented comment\nb: 2\n",
    "b: -x\nc: --1\n",
    "yes: 1\nnull: 2\nOn: 3\n",
    "a: Ünïcödé 😀 text\nb: '中文'\n",
]

DECLINED = [
    "a: |\n  block\n",
    "a: >\n  folded\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: 1\na: 2\n",
    "a:\tb\n",
    "a: b: c\n",
    "a: 'multi\n  line'\n",
    'a: "esc\\n"\n',
    "a: plain\n  continued\n",
    "a:\nb: 1\n",
    "<<: {a: 1}\n",
    "a: =\n",
    "  a: 1\n",
    "a: [x, [y]]\n",
    "a: [x, ]\n",
    "a: {k: v: w}\n",
    "a: 1\n b: 2\n",
    "- a\n- b\n",
    "a: @x\n",
    "a: %x\n",
    "a: 'x' y\n",
    "a: 1\r\nb: 2\r\n",
    "a: x\u2028b: y\n",
    "a:\n  - x\n  y: 1\n",
    "a: [x\n",
    "a: {k: 'v'}\n",
    "?x: 1\n",
    "a: -\n",
]


@pytest.mark.parametrize("text", SAME)
def test_plain_texts_read_as_pyyaml_does(text: str) -> None:
    assert _assert_same_or_declined(text), f"expected the plain reader to read {text!r}"


@pytest.mark.parametrize("text", DECLINED)
def test_texts_outside_the_subset_go_to_pyyaml(text: str) -> None:
    assert plainyaml.read(text, MAX_NODES) is None


def test_too_many_values_go_to_pyyaml() -> None:
    text = "a: [" + ", ".join(str(i) for i in range(20)) + "]\n"
    builder = _TreeBuilder("x.md")
    builder.build(yaml.compose(text, Loader=_Loader))
    assert builder.count == 22  # the mapping, the list and its 20 items, as counted here:
    assert plainyaml.read(text, 22) is not None
    assert plainyaml.read(text, 21) is None


_WORDS = st.sampled_from(
    [
        "a", "ab", "key_1", "yes", "no", "~", "null", "1", "-1", "1.5", ".5", "1e3", "0x1f",
        "012", "1_000", "12:30", "2026-10-07", "x y", "a#b", "a #b", "#c", "a: b", "a:b",
        "http://x", "'q'", "'it''s'", '"d"', '"e\\n"', "[a, b]", "{k: v}", "[]", "{}", "[x, ]",
        "-", "- x", "-x", "&a", "*a", "!t", "|", ">", "@", "%", "`", "?", ":", "<<", "=",
        "é", "😀", "a,b", "a]", "{", "[", "]", "}", " ", "",
    ]
)  # fmt: skip
_INDENTS = st.sampled_from(["", " ", "  ", "    ", "\t"])
_LINES = st.one_of(
    st.builds(lambda i, k, v: f"{i}{k}: {v}", _INDENTS, st.sampled_from(["a", "b", "x_1"]), _WORDS),
    st.builds(lambda i, k: f"{i}{k}:", _INDENTS, st.sampled_from(["a", "b", "k"])),
    st.builds(lambda i, v: f"{i}- {v}", _INDENTS, _WORDS),
    st.builds(lambda i, k, v: f"{i}- {k}: {v}", _INDENTS, st.sampled_from(["a", "b"]), _WORDS),
    st.builds(lambda i: f"{i}# note", _INDENTS),
    st.just(""),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, min_size=1, max_size=8))
def test_generated_texts_read_as_pyyaml_does_or_are_declined(lines: list[str]) -> None:
    _assert_same_or_declined("\n".join(lines) + "\n")


_KEYS = st.sampled_from(["a", "b", "title", "target", "x_1", "yes", "null", "k-2"])
_TREES = st.recursive(
    _WORDS,
    lambda children: st.one_of(
        st.dictionaries(_KEYS, children, min_size=1, max_size=4),
        st.lists(children, min_size=1, max_size=4),
    ),
    max_leaves=12,
)


def _dump(value: Any, indent: int, draw: Any) -> list[str]:
    """``value`` as block YAML lines at ``indent``, in styles drawn at random."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, (dict, list)) and child:
                lines.append(f"{pad}{key}:" + draw(st.sampled_from(["", "  # c"])))
                flush = isinstance(child, list) and draw(st.booleans())
                deeper = indent if flush else indent + draw(st.sampled_from([1, 2, 4]))
                lines.extend(_dump(child, deeper, draw))
            else:
                lines.append(f"{pad}{key}: {child}" + draw(st.sampled_from(["", " # c", "  "])))
        return lines
    for child in value:
        gap = draw(st.sampled_from([" ", "   "]))
        if isinstance(child, dict) and child:
            inner = _dump(child, indent + 1 + len(gap), draw)
            lines.append(f"{pad}-{gap}{inner[0].lstrip(' ')}")
            lines.extend(inner[1:])
        elif isinstance(child, list) and child:
            lines.append(f"{pad}- [{', '.join(str(c) for c in child)}]")
        else:
            lines.append(f"{pad}-{gap}{child}")
    return lines


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEYS, _TREES, min_size=1, max_size=5), st.data())
def test_generated_documents_read_as_pyyaml_does_or_are_declined(tree: Any, data: Any) -> None:
    text = "\n".join(_dump(tree, 0, data.draw)) + "\n"
    _assert_same_or_declined(text)

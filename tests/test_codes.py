"""One registry of finding codes (okrsite.codes), read by every stage that names a code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from okrsite.codes import CHECKS, CODES, DEFAULT_OFF, ERRORS, LINT_CODES
from okrsite.lint import RULES
from okrsite.options import LintOptions, OptionsError, options_from_mapping
from okrsite.schema import json_schema

PACKAGE = Path(__file__).resolve().parents[1] / "okrsite"


def test_every_code_raised_in_the_source_is_registered() -> None:
    raised: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        raised.update(re.findall(r"""["']([EQ][0-9]{3})["']""", text))
    assert raised - set(CODES) == set()
    assert {c.code for c in ERRORS} <= raised  # every error code is raised somewhere


def test_codes_are_unique_and_well_formed() -> None:
    assert len(CODES) == len(ERRORS) + len(CHECKS)
    assert [c.code for c in ERRORS] == [f"E{n:03d}" for n in range(1, len(ERRORS) + 1)]
    assert list(LINT_CODES) == [f"Q{n}" for n in range(101, 101 + len(CHECKS))]
    assert len({c.name for c in CODES.values()}) == len(CODES)
    assert all(c.severity == "error" for c in ERRORS)
    assert all(c.severity == "warning" for c in CHECKS)


def test_the_linter_has_one_rule_per_registered_check() -> None:
    assert list(RULES) == list(LINT_CODES)
    for code, rule in RULES.items():
        assert rule.name == CODES[code].name
        assert rule.default_on == CODES[code].default_on


def test_a_rule_outside_the_registry_is_refused() -> None:
    from okrsite.lint import rule

    with pytest.raises(ValueError, match="not a quality check"):
        rule(code="Q999", summary="", why="", sources=(), bad="", good="")
    with pytest.raises(ValueError, match="disagrees"):
        rule(code="Q101", name="other-name", summary="", why="", sources=(), bad="", good="")


def test_options_and_schema_read_the_registry() -> None:
    for code in LINT_CODES:
        assert options_from_mapping({"lint": {"ignore": [code]}}).lint.ignore == (code,)
    with pytest.raises(OptionsError, match=f"from {LINT_CODES[0]} to {LINT_CODES[-1]}"):
        options_from_mapping({"lint": {"ignore": ["Q999"]}})
    defaults = LintOptions()
    assert [c for c in LINT_CODES if not defaults.enabled(c)] == list(DEFAULT_OFF)
    objective = json_schema()["$defs"]["objective"]["properties"]["lint_ignore"]
    assert objective["items"]["enum"] == list(LINT_CODES)

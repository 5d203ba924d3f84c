"""KPI keys query/connection and the connections option: E003, E007, schema, option errors."""

from __future__ import annotations

import pytest
from cadence_portal import cli, make_tiny

from okrsite.options import OptionsError, options_from_mapping
from okrsite.schema import json_schema

jsonschema = pytest.importorskip("jsonschema")

KPI = (
    "---\nname: Bookings\nowner: Pat Pull\nteam: ops\ndefinition: d\nsource: s\n"
    "cadence: monthly\ntarget: 100\n{extra}---\n"
)


def _errors(tmp_path, extra: str) -> list[str]:  # type: ignore[no-untyped-def]
    root = make_tiny(tmp_path, **{"kpis/bookings.md": KPI.format(extra=extra)})
    out = cli("check", cwd=root).stdout
    return [line for line in out.splitlines() if " E0" in line]


def test_query_without_connection_is_e003(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert _errors(tmp_path, "query: SELECT 1\n") == [
        "goals/kpis/bookings.md:9:1: E003 KPI has a query but no connection; add 'connection: "
        "NAME' naming one of the plugin option 'connections'"
    ]


def test_unknown_connection_is_e007_with_a_suggestion(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert _errors(tmp_path, "query: SELECT 1\nconnection: warehose\n") == [
        "goals/kpis/bookings.md:10:1: E007 unknown connection 'warehose'; did you mean 'warehouse'?"
    ]
    assert _errors(tmp_path / "b", "query: SELECT 1\nconnection: crm\n") == [
        "goals/kpis/bookings.md:10:1: E007 unknown connection 'crm'; known: warehouse"
    ]


def test_known_connection_and_misspelt_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert _errors(tmp_path, "query: SELECT 1\nconnection: warehouse\n") == []
    errors = _errors(tmp_path / "b", "querry: SELECT 1\n")
    assert len(errors) == 1 and "E002" in errors[0] and "'query'" in errors[0]


def test_schema_knows_query_and_connection() -> None:
    schema = json_schema()
    kpi = {"name": "B", "owner": "P", "query": "SELECT 1", "connection": "warehouse"}
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(kpi))
    lonely = {"name": "B", "owner": "P", "query": "SELECT 1"}
    assert [e.validator for e in validator.iter_errors({**lonely})] in (
        ["anyOf"],
        ["dependentRequired"],
    )
    assert schema["$defs"]["kpi"]["dependentRequired"] == {"query": ["connection"]}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("nope", "option 'connections' must map names to {url_env: VARIABLE}"),
        ({"w": {"url": "postgresql://u:p@h/d"}}, "connection 'w': a URL does not belong in"),
        ({"w": {}}, "connection 'w' needs url_env"),
        ({"w": {"url_env": "NOT OK"}}, "connection 'w' needs url_env"),
        ({"w": {"url_env": "X", "pool": 3}}, "connection 'w': unknown key(s) pool"),
        ({"a b": {"url_env": "X"}}, "connection name 'a b' may use"),
    ],
)
def test_bad_connections_option(raw: object, message: str) -> None:
    with pytest.raises(OptionsError) as caught:
        options_from_mapping({"connections": raw})
    assert str(caught.value).startswith(message)


def test_connections_option_read() -> None:
    options = options_from_mapping({"connections": {"warehouse": {"url_env": "WH_URL"}}})
    assert options.connections["warehouse"].url_env == "WH_URL"

"""The front-matter schema: one declaration that both the validator and the JSON Schema use.

Each page kind is a tuple of :class:`Field`. :mod:`okrsite.validate` checks user
input against these fields, and :func:`json_schema` turns the same fields into a
JSON Schema (``okrsite schema``), so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .codes import LINT_CODES
from .grammar import DATE_PATTERN, ID_PATTERN, OBJECTIVE_ID_PATTERN, PERIOD_PATTERN

#: The kinds of key result, told apart by their keys (SPEC 3).
KR_KINDS = ("numeric", "milestone", "aligned", "threshold")


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One front-matter key.

    ``type`` is one of: ``text`` (Markdown string), ``name`` (plain string),
    ``number``, ``bool``, ``date``, ``period``, ``id`` (a team or KPI id),
    ``ref`` (objective reference), ``enum``, ``names`` (list of strings),
    ``owners`` (one name or a list of them), ``codes`` (list of check codes),
    ``values`` (map of KR id to number or bool),
    ``path``, ``krs`` and ``checkins`` (lists of nested records).
    """

    name: str
    type: str
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    kinds: tuple[str, ...] = KR_KINDS
    description: str = ""


TEAM_FIELDS = (
    Field(name="name", type="name", required=True, description="Display name."),
    Field(name="parent", type="id", description="Parent team id; none = reports to the company."),
    Field(name="lead", type="name", description="Person who leads the team."),
    Field(name="members", type="names", description="People in the team."),
    Field(name="mission", type="text", description="One-line mission (inline Markdown)."),
)

KEY_RESULT_FIELDS = (
    Field(name="id", type="id", description="Unique in the objective; default kr1, kr2, ..."),
    Field(name="title", type="text", required=True, description="The measurable outcome."),
    Field(name="baseline", type="number", kinds=("numeric",), description="Default 0."),
    Field(
        name="target",
        type="number",
        required=True,
        kinds=("numeric",),
        description="Must differ from the baseline.",
    ),
    Field(
        name="current",
        type="number",
        kinds=("numeric", "threshold"),
        description="Latest value.",
    ),
    Field(
        name="unit",
        type="name",
        kinds=("numeric", "threshold"),
        description="Shown next to numbers.",
    ),
    Field(
        name="kpi",
        type="id",
        kinds=("numeric", "threshold"),
        description="KPI supplying the value.",
    ),
    Field(
        name="at_least",
        type="number",
        kinds=("threshold",),
        description="Threshold: the level the value must stay at or above.",
    ),
    Field(
        name="at_most",
        type="number",
        kinds=("threshold",),
        description="Threshold: the level the value must stay at or below.",
    ),
    Field(
        name="done",
        type="bool",
        required=True,
        kinds=("milestone",),
        description="Milestone reached.",
    ),
    Field(
        name="objective",
        type="ref",
        required=True,
        kinds=("aligned",),
        description="Objective whose score this key result takes.",
    ),
    Field(
        name="weight",
        type="number",
        minimum=0,
        exclusive_minimum=True,
        description="Weight in the objective score; default 1.",
    ),
    Field(name="owner", type="name", description="Person."),
    Field(
        name="score",
        type="number",
        minimum=0,
        maximum=1,
        description="Manual grade 0..1; overrides the computed score.",
    ),
)

CHECKIN_FIELDS = (
    Field(name="date", type="date", required=True, description="YYYY-MM-DD."),
    Field(name="values", type="values", description="New values: KR id -> number or true/false."),
    Field(
        name="confidence",
        type="number",
        minimum=0,
        maximum=1,
        description="Owner's confidence 0..1.",
    ),
    Field(name="by", type="name", description="Who checked in."),
    Field(name="note", type="text", description="Markdown note."),
)

OBJECTIVE_FIELDS = (
    Field(name="objective", type="text", required=True, description="Qualitative statement."),
    Field(name="period", type="period", required=True, description="YYYY-Qn, YYYY-Hn or YYYY."),
    Field(
        name="owner",
        type="owners",
        required=True,
        description="Accountable person; a list names co-owners, the first leads.",
    ),
    Field(name="team", type="id", description="Team id; absent = company-level."),
    Field(name="level", type="enum", choices=("company", "team", "individual")),
    Field(name="type", type="enum", choices=("aspirational", "committed")),
    Field(name="parent", type="ref", description="Objective this one aligns to."),
    Field(name="key_results", type="krs", required=True, description="At least one."),
    Field(name="checkins", type="checkins", description="Progress updates."),
    Field(name="tags", type="names", description="Free tags."),
    Field(name="lint_ignore", type="codes", description="Quality checks silenced on this page."),
    Field(
        name="review",
        type="text",
        description="Closing note of the period: what was learned, why the grade (Markdown).",
    ),
)

KPI_FIELDS = (
    Field(name="name", type="name", required=True, description="Display name."),
    Field(name="owner", type="name", required=True, description="Person who watches it."),
    Field(name="team", type="id", description="Owning team id."),
    Field(name="definition", type="text", description="What is measured and how."),
    Field(name="source", type="text", description="Where the numbers come from."),
    Field(
        name="cadence",
        type="enum",
        choices=("daily", "weekly", "monthly", "quarterly"),
        description="How often it is reviewed.",
    ),
    Field(name="target", type="number", description="Level that counts as healthy."),
    Field(
        name="direction", type="enum", choices=("higher", "lower"), description="Default higher."
    ),
    Field(name="warning", type="number", description="Edge of the amber band."),
    Field(name="unit", type="name"),
    Field(name="data", type="path", description="CSV beside the page; default <id>.csv."),
    Field(
        name="query",
        type="name",
        description="SQL returning rows date, value (optionally target, note) for okrsite pull.",
    ),
    Field(
        name="connection",
        type="name",
        description="Name of a connection of the plugin option connections; needed with query.",
    ),
    Field(name="lint_ignore", type="codes", description="Quality checks silenced on this page."),
)

PAGE_FIELDS = {"team": TEAM_FIELDS, "objective": OBJECTIVE_FIELDS, "kpi": KPI_FIELDS}


def _field_schema(spec: Field) -> dict[str, Any]:
    schema: dict[str, Any]
    match spec.type:
        case "text" | "name":
            schema = {"type": "string"}
        case "path":
            schema = {"type": "string", "description": "relative path"}
        case "number":
            schema = {"type": "number"}
            if spec.minimum is not None:
                key = "exclusiveMinimum" if spec.exclusive_minimum else "minimum"
                schema[key] = spec.minimum
            if spec.maximum is not None:
                schema["maximum"] = spec.maximum
        case "bool":
            schema = {"type": "boolean"}
        case "date":
            schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        case "period":
            schema = {"type": ["string", "integer"], "pattern": PERIOD_PATTERN}
        case "id":
            schema = {"type": "string", "pattern": ID_PATTERN}
        case "ref":
            schema = {"type": "string", "pattern": OBJECTIVE_ID_PATTERN}
        case "enum":
            schema = {"enum": list(spec.choices)}
        case "names":
            schema = {"type": "array", "items": {"type": "string"}}
        case "owners":
            schema = {
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string"}, "minItems": 1},
                ]
            }
        case "codes":
            schema = {"type": "array", "items": {"enum": list(LINT_CODES)}}
        case "values":
            schema = {
                "type": "object",
                "additionalProperties": {"type": ["number", "boolean"]},
            }
        case "krs":
            schema = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/key_result"}}
        case "checkins":
            schema = {"type": "array", "items": {"$ref": "#/$defs/checkin"}}
        case _:  # pragma: no cover - every type above is handled
            raise ValueError(spec.type)
    if spec.description:
        schema["description"] = spec.description
    return schema


def _record_schema(fields: tuple[Field, ...], title: str) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required and f.kinds == KR_KINDS],
        "properties": {f.name: _field_schema(f) for f in fields},
    }


def _key_result_schema() -> dict[str, Any]:
    """A key result is one of four kinds, told apart by which keys are present."""
    variants = []
    for kind in KR_KINDS:
        fields = tuple(f for f in KEY_RESULT_FIELDS if kind in f.kinds)
        variant = _record_schema(fields, f"{kind} key result")
        variant["required"] = [f.name for f in fields if f.required]
        if kind == "threshold":
            # Exactly one level: at or above it, or at or below it.
            variant["oneOf"] = [{"required": ["at_least"]}, {"required": ["at_most"]}]
        variants.append(variant)
    return {"title": "key result", "oneOf": variants}


def _kpi_schema() -> dict[str, Any]:
    """A KPI; a ``query`` needs a ``connection`` to run on (E003 in the validator)."""
    schema = _record_schema(KPI_FIELDS, "kpi")
    schema["dependentRequired"] = {"query": ["connection"]}
    return schema


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of all three page kinds' front matter."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://okrsite.example/schema/front-matter.json",
        "title": "okrsite front matter",
        "description": "Front matter of a team, objective or KPI page; which one depends on "
        "the folder (teams/, objectives/, kpis/).",
        "anyOf": [
            {"$ref": "#/$defs/team"},
            {"$ref": "#/$defs/objective"},
            {"$ref": "#/$defs/kpi"},
        ],
        "$defs": {
            "team": _record_schema(TEAM_FIELDS, "team"),
            "objective": _record_schema(OBJECTIVE_FIELDS, "objective"),
            "kpi": _kpi_schema(),
            "key_result": _key_result_schema(),
            "checkin": _record_schema(CHECKIN_FIELDS, "check-in"),
        },
    }

"""A corpus of malformed goal files: each must be refused with its code, at its line.

Each case is one file of a portal (all cases live side by side in one portal,
since okrsite reports every problem of every file) and the finding it must
give: ``(code, line)``. The portal around them is valid, so any other error
is a bug too.
"""

from __future__ import annotations

from dataclasses import dataclass

HUGE = "9" * 400


@dataclass(frozen=True)
class Case:
    name: str
    path: str  # relative to docs_dir
    text: str | bytes
    code: str
    line: int


def _objective(extra_kr: str = "", extra: str = "", checkin: str = "", target: str = "10") -> str:
    return (
        "---\n"
        "objective: Customers trust our numbers\n"  # line 2
        "period: 2026-Q4\n"  # 3
        "owner: Ann\n"  # 4
        "key_results:\n"  # 5
        "  - id: a\n"  # 6
        "    title: Trust score rises\n"  # 7
        f"    target: {target}\n"  # 8
        f"{extra_kr}"
        "  - id: b\n"
        "    title: Churn falls\n"
        "    target: 5\n"
        f"{extra}"
        f"{checkin}"
        "---\n"
        "Body.\n"
    )


_CHECKIN = "checkins:\n  - date: 2026-11-01\n    {line}\n"


def _kpi(extra: str = "") -> str:
    return (
        "---\nname: Trust\nowner: Ann\ndefinition: d\nsource: s\ncadence: monthly\n"
        f"target: 10\n{extra}---\n"
    )


CASES: tuple[Case, ...] = (
    Case("int too large for a float", "objectives/huge.md", _objective(target=HUGE), "E004", 8),
    Case("nan target", "objectives/nan.md", _objective(target=".nan"), "E004", 8),
    Case("inf target", "objectives/inf.md", _objective(target=".inf"), "E004", 8),
    Case("minus inf target", "objectives/ninf.md", _objective(target="-.Inf"), "E004", 8),
    Case("full-width digits", "objectives/fullwidth.md", _objective(target="１２３"), "E004", 8),
    Case("arabic-indic digits", "objectives/arabic.md", _objective(target="٣٤"), "E004", 8),
    Case("quoted number", "objectives/quoted.md", _objective(target='"12"'), "E004", 8),
    Case(
        "huge baseline",
        "objectives/hugebase.md",
        _objective(extra_kr=f"    baseline: {HUGE}\n"),
        "E004",
        9,
    ),
    Case(
        "huge weight",
        "objectives/hugeweight.md",
        _objective(extra_kr=f"    weight: {HUGE}\n"),
        "E004",
        9,
    ),
    Case(
        "nan check-in value",
        "objectives/nanvalue.md",
        _objective(checkin=_CHECKIN.format(line="values: {a: .nan}")),
        "E004",
        14,
    ),
    Case(
        "huge check-in value",
        "objectives/hugevalue.md",
        _objective(checkin=_CHECKIN.format(line=f"values: {{a: {HUGE}}}")),
        "E004",
        14,
    ),
    Case(
        "full-width check-in value",
        "objectives/fwvalue.md",
        _objective(checkin=_CHECKIN.format(line="values: {a: ４２}")),
        "E004",
        14,
    ),
    Case(
        "nan confidence",
        "objectives/nanconf.md",
        _objective(checkin=_CHECKIN.format(line="confidence: .nan")),
        "E004",
        14,
    ),
    Case(
        "full-width period",
        "objectives/fwperiod.md",
        _objective().replace("period: 2026-Q4", "period: ２０２６-Q4"),
        "E004",
        3,
    ),
    Case(
        "full-width check-in date",
        "objectives/fwdate.md",
        _objective(checkin="checkins:\n  - date: ２０２６-11-01\n"),
        "E004",
        13,
    ),
    Case(
        "inf KPI target", "kpis/infkpi.md", _kpi().replace("target: 10", "target: .inf"), "E004", 7
    ),
    Case("huge KPI warning", "kpis/hugewarn.md", _kpi(f"warning: {HUGE}\n"), "E004", 8),
    Case("CSV full-width value", "kpis/fw.csv", "date,value\n2026-10-01,１２３\n", "E009", 2),
    Case("CSV value overflows", "kpis/big.csv", f"date,value\n2026-10-01,{HUGE}\n", "E009", 2),
    Case("CSV 1e999", "kpis/e999.csv", "date,value\n2026-10-01,5\n2026-11-01,1e999\n", "E009", 3),
    Case("CSV nan", "kpis/nan.csv", "date,value\n2026-10-01,nan\n", "E009", 2),
    Case("CSV inf", "kpis/inf.csv", "date,value\n2026-10-01,-inf\n", "E009", 2),
    Case("CSV full-width date", "kpis/fwd.csv", "date,value\n２０２６-10-01,5\n", "E009", 2),
    Case(
        "CSV unterminated quote",
        "kpis/unterminated.csv",
        'date,value,note\n2026-10-01,5,ok\n2026-11-01,6,"never closed\nmore\n',
        "E009",
        3,
    ),
    Case(
        "CSV bad value after a multi-line note",
        "kpis/multiline.csv",
        'date,value,note\n2026-09-01,4,"line one\nline two"\n2026-10-01,x5,n\n',
        "E009",
        4,
    ),
    Case(
        "CSV bad value on the second line of a record",
        "kpis/second.csv",
        'date,note,value\n2026-10-01,"a\nb",x5\n',
        "E009",
        3,
    ),
    Case(
        "CSV thousands separator",
        "kpis/thousands.csv",
        'date,value\n2026-10-01,"1,234"\n',
        "E009",
        2,
    ),
    Case(
        "CSV unknown column", "kpis/column.csv", "date,value,colour\n2026-10-01,5,red\n", "E009", 1
    ),
    Case(
        "front matter never closed",
        "objectives/open.md",
        "---\nobjective: x\nperiod: 2026-Q4\n",
        "E001",
        1,
    ),
    Case(
        "invalid YAML",
        "objectives/yaml.md",
        "---\nobjective: [unclosed\nperiod: 2026-Q4\n---\n",
        "E001",
        2,
    ),
    Case(
        "python tag",
        "objectives/tag.md",
        _objective().replace("owner: Ann", "owner: !!python/object/apply:os.system [ls]"),
        "E001",
        4,
    ),
    Case(
        "duplicate key",
        "objectives/dup.md",
        _objective().replace("owner: Ann\n", "owner: Ann\nowner: Bob\n"),
        "E005",
        5,
    ),
    Case("NUL byte", "objectives/nul.md", b"---\nobjective: a\x00b\n---\n", "E001", 2),
    Case("not UTF-8", "objectives/latin1.md", b"---\nobjective: caf\xe9\n---\n", "E001", 2),
    Case(
        "unknown key",
        "objectives/unknown.md",
        _objective().replace("owner: Ann\n", "owner: Ann\nowners: Bob\n"),
        "E002",
        5,
    ),
    Case(
        "nesting too deep",
        "objectives/deep.md",
        _objective().replace("owner: Ann\n", "owner: Ann\ntags: " + "[" * 40 + "]" * 40 + "\n"),
        "E001",
        5,
    ),
    Case(
        "nesting beyond the YAML library's limit",
        "objectives/deeper.md",
        _objective().replace("owner: Ann\n", "owner: Ann\ntags: " + "[" * 5000 + "]" * 5000 + "\n"),
        "E001",
        5,
    ),
    Case(
        "date that does not exist",
        "objectives/feb30.md",
        _objective(checkin="checkins:\n  - date: 2026-02-30\n"),
        "E004",
        13,
    ),
)

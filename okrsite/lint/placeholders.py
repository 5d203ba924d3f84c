"""Placeholder text left in goals (Q115): the marker words live in :mod:`okrsite.placeholders`."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Portal
from ..options import LintOptions
from ..placeholders import find_placeholder
from .registry import _kpis, _objectives, _statement_line, _warn, rule


@rule(
    code="Q115",
    summary=(
        "A statement, key-result title, KPI definition or source still holds placeholder "
        "text (TODO, TBD, XX, ???, lorem ipsum, <...>)."
    ),
    why=(
        "A page started from a template or copied from a guide checks clean while its goal "
        "was never set: 'Raise satisfaction over XX %' cannot be scored, and nobody notices "
        "until the end of the quarter. okrsite new writes such markers on purpose, so this "
        "check keeps reminding the owner until the real text is in."
    ),
    sources=(),
    bad=(
        "objective: 'TODO: what should be true at the end of the quarter'\n"
        "key_results:\n"
        "  - title: Customer satisfaction is over XX %\n"
        "    target: 80\n"
    ),
    good=(
        "objective: Make boat owners glad they booked through us\n"
        "key_results:\n"
        "  - title: Customer satisfaction rises from 72 % to 80 %\n"
        "    baseline: 72\n"
        "    target: 80\n"
    ),
)
def placeholder_text(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q115: placeholder markers left in statements, key-result titles and KPI texts."""
    for objective in _objectives(portal):
        found = find_placeholder(objective.objective)
        if found:
            yield _warn(
                "Q115",
                objective.path,
                _statement_line(objective),
                f"objective statement still holds placeholder text '{found}': write what "
                "should be true at the end of the period",
            )
        for kr in objective.key_results:
            found = find_placeholder(kr.title)
            if found:
                yield _warn(
                    "Q115",
                    objective.path,
                    kr.lines.get("title", kr.line),
                    f"key result '{kr.id}' still holds placeholder text '{found}' in its "
                    "title: write the outcome it measures",
                )
    for kpi in _kpis(portal):
        for key, text in (("definition", kpi.definition), ("source", kpi.source)):
            found = find_placeholder(text)
            if found:
                yield _warn(
                    "Q115",
                    kpi.path,
                    kpi.lines.get(key, 1),
                    f"KPI {key} still holds placeholder text '{found}': say "
                    + (
                        "what is measured and how"
                        if key == "definition"
                        else "where the numbers come from"
                    ),
                )
